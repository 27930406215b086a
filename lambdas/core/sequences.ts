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
  const span = def.withinMinutes * 60_000;
  const times = (step: string): number[] =>
    signals
      .filter((s) => s.reason === step)
      .map((s) => Date.parse(s.observedAt))
      .sort((a, b) => a - b);
  const latestAt = Date.parse(latest.observedAt);
  // Events arrive in any order: look for the steps in event-time order, in some window that holds
  // the signal that just arrived — whichever step it is.
  const ends = def.ordered ? times(def.steps[def.steps.length - 1] ?? '') : [latestAt];
  return ends.some((end) => {
    const start = end - span;
    if (latestAt < start || latestAt > end + (def.ordered ? 0 : span)) return false;
    if (!def.ordered) {
      return def.steps.every((step) => times(step).some((at) => Math.abs(at - latestAt) <= span));
    }
    let after = start;
    for (const step of def.steps) {
      const next = times(step).find((at) => at >= after && at <= end);
      if (next === undefined) return false;
      after = next;
    }
    return true;
  });
}
