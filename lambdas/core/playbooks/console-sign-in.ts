/**
 * The playbook for console sign-ins: nothing for one sign-in, one message when the failures add up
 * to credential stuffing, and one more — critical — when a sign-in from a stuffing address succeeds.
 * Pure. Nothing is changed automatically: whose password was guessed is for a person to confirm.
 */
import type { Plan } from '../action';
import type { ResponderConfig } from '../config';
import { detectStuffing, successFromStuffing } from '../credential-stuffing';
import type { Incident } from '../incident';
import { PlanBuilder } from '../plan';
import type { ConsoleSignInSignal } from '../signal';
import type { PlaybookContext } from './leaked-key';

export const STUFFING_MARK = '[credential-stuffing]';
export const BREACH_MARK = '[credential-stuffing-success]';

export function planSignIn(
  signal: ConsoleSignInSignal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  const plan = new PlanBuilder(incident.id, ctx.history, signal.dedupKey);
  const t = config.detection.credentialStuffing;
  const stuffing = detectStuffing(incident.signIns ?? [], t);
  if (!stuffing) {
    plan.skip(undefined, 'a console sign-in on its own');
    return plan.build();
  }
  const known = (mark: string) => incident.escalations.some((e) => e.includes(mark));
  if (!known(STUFFING_MARK)) {
    plan.escalate(
      `Credential stuffing against the console of account ${incident.accountId}: ${stuffing.failures} failed sign-ins against ${stuffing.users} users from ${stuffing.ips.length} addresses between ${stuffing.from} and ${stuffing.to} ${STUFFING_MARK}`,
    );
  }
  for (const breach of successFromStuffing(incident.signIns ?? [], stuffing)) {
    const line = `A console sign-in of ${breach.user} from ${breach.ip}, one of the stuffing addresses, SUCCEEDED at ${breach.at}: reset that password, check its MFA and what the session did ${BREACH_MARK}`;
    if (!incident.escalations.includes(line)) plan.escalate(line);
  }
  if (plan.escalations > 0)
    plan.raise(plan.build().escalations.some((e) => e.includes(BREACH_MARK)) ? 'critical' : 'high');
  plan.notify(config.mode);
  return plan.build();
}
