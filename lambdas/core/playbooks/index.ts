import type { Plan } from '../action';
import type { ResponderConfig } from '../config';
import type { Incident } from '../incident';
import type { Signal } from '../signal';
import type { PlaybookContext } from './leaked-key';
import { planSignIn } from './console-sign-in';
import { planDetection } from './detection';
import { planInventoryChange } from './inventory-change';
import { planSendGridEvents } from './sendgrid-events';
import { planLeakedKey } from './leaked-key';
import { planSesAlarm } from './ses-alarm';
import { planTwilioUsage } from './twilio-usage';

export type { PlaybookContext } from './leaked-key';

/** The playbook for a signal: a pure function of the signal, its incident, config and history. */
export function planFor(
  signal: Signal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  switch (signal.kind) {
    case 'leaked-access-key':
      return planLeakedKey(signal, incident, config, ctx);
    case 'cloudtrail-detection':
      return planDetection(signal, incident, config, ctx);
    case 'console-sign-in':
      return planSignIn(signal, incident, config, ctx);
    case 'ses-alarm':
      return planSesAlarm(signal, incident, config, ctx);
    case 'twilio-usage':
      return planTwilioUsage(signal, incident, config, ctx);
    case 'inventory-change':
      return planInventoryChange(signal, incident, config, ctx);
    case 'sendgrid-events':
      return planSendGridEvents(signal, incident, config, ctx);
  }
}
