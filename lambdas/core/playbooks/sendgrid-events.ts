/**
 * The playbook for a SendGrid bounce or spam-report spike: a leaked key sending spam on the account's
 * reputation. A person is told once per incident what SendGrid's checklist says (find and delete the
 * key that sends, review subusers and teammates, restrict IP access); the account is audited, which
 * asks for approval of each removal. SendGrid has no pause switch to pull alone: nothing changes
 * without a person. Pure.
 */
import type { Plan } from '../action';
import type { ResponderConfig } from '../config';
import type { Incident } from '../incident';
import { PlanBuilder } from '../plan';
import type { SendGridEventsSignal } from '../signal';
import type { PlaybookContext } from './leaked-key';

export function planSendGridEvents(
  signal: SendGridEventsSignal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  const plan = new PlanBuilder(incident.id, ctx.history, signal.dedupKey);
  const seen = incident.signals.some((s) => s.reason === signal.reason && s.dedupKey !== signal.dedupKey);
  if (!seen)
    plan.escalate(
      `${signal.title}. A leaked API key may be sending spam: find the key that sends (Activity feed, API key ` +
        'usage), delete it and any key nobody declared, review subusers and teammates, restrict IP access.',
    );
  plan.add(
    { kind: 'sendgrid.account.audit', target: { account: 'sendgrid' } },
    {
      phase: 'investigation',
      mode: config.mode,
      approval: 'auto',
      reversible: false,
      reason: 'what an intruder leaves behind: keys, subusers, teammates, invites, IP access (read-only)',
    },
  );
  plan.raise(signal.severity);
  plan.notify(config.mode);
  return plan.build();
}
