/**
 * The playbook for a Twilio usage trigger: the account's spend or volume crossed what its owner set,
 * which is how toll fraud with leaked credentials first shows. A person is told, once per usage
 * category per incident, what crossed and what to check, in the
 * order of Twilio's own checklist for compromised credentials — and, when the countries the business
 * calls are configured, voice dialing everywhere else is closed at once (reversible). Pure.
 */
import type { Plan } from '../action';
import type { ResponderConfig } from '../config';
import type { Incident } from '../incident';
import { PlanBuilder } from '../plan';
import type { TwilioUsageSignal } from '../signal';
import type { PlaybookContext } from './leaked-key';

export function planTwilioUsage(
  signal: TwilioUsageSignal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  const plan = new PlanBuilder(incident.id, ctx.history, signal.dedupKey);
  const seen = incident.signals.some((s) => s.reason === signal.reason && s.dedupKey !== signal.dedupKey);
  if (!seen) {
    plan.escalate(
      `${signal.title}. Check the usage records for calls and messages to countries you do not serve, restrict the ` +
        `geographic permissions (voice and messaging) to the countries you use, then review API keys, subaccounts, ` +
        `phone numbers' webhook URLs and caller IDs; rotate the auth token if it may have leaked.`,
    );
  }
  const { allowedCountries } = config.twilio;
  if (allowedCountries.length) {
    plan.add(
      {
        kind: 'twilio.voice.restrict-dialing-countries',
        target: { accountSid: signal.accountId, allowedCountries },
      },
      {
        phase: 'containment',
        mode: config.mode,
        approval: 'auto',
        reversible: true,
        reason: `toll fraud dials where the business does not: voice dialing closed outside ${allowedCountries.join(', ')} (config twilio.allowedCountries)`,
      },
    );
    plan.add(
      {
        kind: 'twilio.messaging.restrict-geo-permissions',
        target: { accountSid: signal.accountId, allowedCountries },
      },
      {
        phase: 'containment',
        mode: config.mode,
        approval: 'auto',
        reversible: true,
        reason: `SMS pumping sends where the business does not: SMS geo permissions disabled outside ${allowedCountries.join(', ')}`,
      },
    );
  } else {
    plan.escalate(
      'No country list is configured (twilio.allowedCountries): voice and SMS geographic permissions were left as they are; restrict them by hand.',
    );
  }
  plan.add(
    { kind: 'twilio.account.audit', target: { accountSid: signal.accountId } },
    {
      phase: 'investigation',
      mode: config.mode,
      approval: 'auto',
      reversible: false,
      reason:
        'what an intruder leaves behind: subaccounts, API keys, number webhook URLs, caller IDs (read-only)',
    },
  );
  plan.raise(signal.severity);
  plan.notify(config.mode);
  return plan.build();
}
