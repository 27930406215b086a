/**
 * The playbook for what a scheduled audit found new in a Twilio or SendGrid account: a person is told
 * what appeared, and the account is audited in full, which asks for approval of each removal (the
 * machine cannot tell an intruder's key from a colleague's). Nothing changes alone. Pure.
 */
import type { Plan } from '../action';
import type { ResponderConfig } from '../config';
import type { Incident } from '../incident';
import { oneLine } from '../plain-text';
import { PlanBuilder } from '../plan';
import type { InventoryChangeSignal } from '../signal';
import type { PlaybookContext } from './leaked-key';

export function planInventoryChange(
  signal: InventoryChangeSignal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  const plan = new PlanBuilder(incident.id, ctx.history, signal.dedupKey);
  const listed = signal.changes.slice(0, 10).map((c) => `${c.kind} ${c.id}`);
  const more = signal.changes.length > 10 ? ` and ${signal.changes.length - 10} more` : '';
  plan.escalate(
    oneLine(
      `${signal.title}: ${listed.join(', ')}${more}. If nobody here added them, approve their removal below.`,
      1500,
    ),
  );
  plan.add(
    signal.source === 'twilio'
      ? { kind: 'twilio.account.audit', target: { accountSid: signal.subject.id } }
      : { kind: 'sendgrid.account.audit', target: { account: 'sendgrid' } },
    {
      phase: 'investigation',
      mode: config.mode,
      approval: 'auto',
      reversible: false,
      reason: 'what an intruder leaves behind, read in full; each removal waits for a person (read-only)',
    },
  );
  plan.raise(signal.severity);
  plan.notify(config.mode);
  return plan.build();
}
