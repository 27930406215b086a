/**
 * Sequences: detections that, together and close in time, tell a story no single call does. They
 * are read from the incident itself — the detections of one key or principal join one incident — so
 * the windowed state lives in the incident store with no second table. Pure.
 */
import type { SignalSummary } from './incident';

export interface SequenceDef {
  id: string;
  /** Plain words, after the actor: "created a user, made it an administrator and gave it a key". */
  story: string;
  /** Rule ids that must all be in the incident within the window. */
  steps: readonly string[];
  /** Must the steps happen in this order? */
  ordered: boolean;
  withinMinutes: number;
}

export const SEQUENCES: readonly SequenceDef[] = [
  {
    id: 'sequence.backdoor-admin',
    story: 'created an IAM user, made it an administrator and gave it an access key',
    steps: ['persistence.create-user', 'persistence.admin-policy', 'persistence.access-key-for-another-user'],
    ordered: true,
    withinMinutes: 15,
  },
  {
    id: 'sequence.ses-takeover',
    story: 'changed SES sending and verified a new sender identity',
    steps: ['ses-abuse.sending-enabled-changed', 'ses-abuse.identity-verified'],
    ordered: false,
    withinMinutes: 5,
  },
];

/**
 * The sequences that `latest` completes, given the incident's signals (latest among them). Each
 * completes once: only when `latest` is one of its steps.
 */
export function completedSequences(
  signals: readonly SignalSummary[],
  latest: SignalSummary,
  defs: readonly SequenceDef[] = SEQUENCES,
): SequenceDef[] {
  return defs.filter((def) => def.steps.includes(latest.reason) && completes(def, signals, latest));
}

function completes(def: SequenceDef, signals: readonly SignalSummary[], latest: SignalSummary): boolean {
  const end = Date.parse(latest.observedAt);
  const start = end - def.withinMinutes * 60_000;
  const inWindow = signals.filter((s) => {
    const at = Date.parse(s.observedAt);
    return at >= start && at <= end && def.steps.includes(s.reason);
  });
  if (!def.ordered) return def.steps.every((step) => inWindow.some((s) => s.reason === step));
  // In order: each step at or after the one before it, ending with `latest`'s step last.
  if (def.steps[def.steps.length - 1] !== latest.reason) return false;
  let after = start;
  for (const step of def.steps) {
    const times = inWindow
      .filter((s) => s.reason === step)
      .map((s) => Date.parse(s.observedAt))
      .filter((at) => at >= after)
      .sort((a, b) => a - b);
    if (times[0] === undefined) return false;
    after = times[0];
  }
  return true;
}
