import type { SignalSummary } from '../../lambdas/core/incident';
import { respondToSignal } from '../../lambdas/core/respond';
import { SEQUENCES, completedSequences } from '../../lambdas/core/sequences';
import { DETECTION_RULES } from '../../lambdas/sources/detection';
import { detectionSignal } from './builders';
import { harness } from './harness';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 2, minute)).toISOString();
const step = (reason: string, minute: number): SignalSummary => ({
  dedupKey: `aws.cloudtrail#event-${minute}#${reason}`,
  kind: 'cloudtrail-detection',
  source: 'aws.cloudtrail',
  reason,
  title: reason,
  observedAt: at(minute),
});
const ids = (signals: SignalSummary[]) =>
  completedSequences(signals, signals[signals.length - 1] as SignalSummary).map((s) => s.id);

describe('sequences', () => {
  it('completes the back-door admin story: user, admin policy, then a key for it, within 15 minutes', () => {
    const signals = [
      step('persistence.create-user', 0),
      step('persistence.admin-policy', 4),
      step('persistence.access-key-for-another-user', 14),
    ];
    expect(ids(signals)).toEqual(['sequence.backdoor-admin']);
  });

  it('completes it whichever step EventBridge delivers last', () => {
    // Prepare: the admin policy (minute 3) arrives after the key (minute 6)
    const signals = [
      step('persistence.create-user', 0),
      step('persistence.access-key-for-another-user', 6),
      step('persistence.admin-policy', 3),
    ];
    expect(ids(signals)).toEqual(['sequence.backdoor-admin']);
  });

  it('does not complete it out of order', () => {
    const signals = [
      step('persistence.create-user', 0),
      step('persistence.access-key-for-another-user', 2),
      step('persistence.admin-policy', 4),
    ];
    expect(ids(signals)).toEqual([]);
  });

  it('does not complete it over more than 15 minutes', () => {
    const signals = [
      step('persistence.create-user', 0),
      step('persistence.admin-policy', 4),
      step('persistence.access-key-for-another-user', 16),
    ];
    expect(ids(signals)).toEqual([]);
  });

  it('completes the SES takeover in either order within 5 minutes', () => {
    expect(
      ids([step('ses-abuse.identity-verified', 0), step('ses-abuse.sending-enabled-changed', 5)]),
    ).toEqual(['sequence.ses-takeover']);
    expect(
      ids([step('ses-abuse.sending-enabled-changed', 0), step('ses-abuse.identity-verified', 6)]),
    ).toEqual([]);
  });

  it('is completed only by one of its own steps', () => {
    const signals = [
      step('ses-abuse.sending-enabled-changed', 0),
      step('ses-abuse.identity-verified', 1),
      step('persistence.create-user', 2),
    ];
    expect(ids(signals)).toEqual([]);
  });

  it('names only rules that exist as steps', () => {
    const ruleIds = new Set(DETECTION_RULES.map((rule) => rule.id));
    expect(SEQUENCES.flatMap((s) => s.steps).filter((id) => !ruleIds.has(id))).toEqual([]);
  });

  it('makes the incident critical and offers to deactivate the key once the story completes', async () => {
    // Prepare
    const h = harness();
    const detection = (ruleId: string, minute: number) =>
      detectionSignal({
        ruleId,
        reason: ruleId,
        severity: 'medium',
        dedupKey: `aws.cloudtrail#e${minute}#${ruleId}`,
        observedAt: at(minute),
        title: `alice did ${ruleId}`,
      });

    // Act
    await respondToSignal(detection('persistence.create-user', 0), h.deps);
    await respondToSignal(detection('persistence.admin-policy', 3), h.deps);
    const last = await respondToSignal(detection('persistence.access-key-for-another-user', 6), h.deps);

    // Assess
    expect(last.status === 'handled' && last.incident.severity).toBe('critical');
    expect(last.status === 'handled' && last.records.map((r) => [r.kind, r.status])).toEqual([
      ['aws.iam.deactivate-access-key', 'pending-approval'],
      ['notify.incident', 'done'],
    ]);
    expect(h.notifier.messages.at(-1)?.message).toContain(
      'Sequence: alice created an IAM user, made it an administrator and gave it an access key within 15 minutes [sequence.backdoor-admin] — treat the key as compromised.',
    );
  });
});
