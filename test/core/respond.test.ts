import { ProviderError } from '../../lambdas/core/ports';
import { RetryableResponseError, respondToSignal } from '../../lambdas/core/respond';
import { LEAKED_KEY, NOW, leakedKeySignal } from './builders';
import { harness } from './harness';

describe('respondToSignal', () => {
  it('acts once when EventBridge delivers the same event three times', async () => {
    // Prepare
    const h = harness();
    const signal = leakedKeySignal();

    // Act
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await respondToSignal(signal, h.deps));

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['handled', 'duplicate', 'duplicate']);
    expect(h.operations().filter((op) => op === 'UpdateAccessKey')).toHaveLength(1);
    expect(h.notifier.messages).toHaveLength(1);
  });

  it('joins a second source reporting the same key to the open incident without repeating actions', async () => {
    const h = harness();
    const first = await respondToSignal(leakedKeySignal(), h.deps);
    const second = await respondToSignal(
      leakedKeySignal({
        source: 'aws.guardduty',
        dedupKey: 'aws.guardduty:finding-1#2026-11-22T03:01:00Z',
        severity: 'high',
      }),
      h.deps,
    );
    expect(second.status === 'handled' && second.incident.id).toBe(
      first.status === 'handled' && first.incident.id,
    );
    expect(second.status === 'handled' && second.records).toEqual([]);
    expect(h.operations().filter((op) => op === 'UpdateAccessKey')).toHaveLength(1);
    expect((await h.store.listIncidents()).map((i) => i.signals.length)).toEqual([2]);
  });

  it("finds the key's incident from a signal that names only the user, once the owner is known", async () => {
    // Prepare: a Health event without the user name; the responder looks the owner up
    const h = harness();
    const first = await respondToSignal(leakedKeySignal({ principal: { type: 'unknown' } }), h.deps);

    // Act: AWS's own quarantine of alice, seen in CloudTrail (names no key)
    const second = await respondToSignal(
      leakedKeySignal({
        source: 'aws.cloudtrail',
        dedupKey: 'aws.cloudtrail:3b8a2f4e-8f42-4c1e-9d5c-EXAMPLE',
        accessKeyId: undefined,
        keyType: 'unknown',
        subject: { type: 'aws-principal', id: 'arn:aws:iam::123456789012:user/alice' },
      }),
      h.deps,
    );

    // Assess
    expect(first.status === 'handled' && first.incident.subjectKeys).toEqual([
      `aws-access-key#${LEAKED_KEY}`,
      'aws-principal#123456789012:user/alice',
    ]);
    expect(second.status === 'handled' && second.incident.id).toBe(
      first.status === 'handled' && first.incident.id,
    );
  });

  it('releases the claim on a retryable failure so the redelivery contains the key', async () => {
    // Prepare
    const h = harness();
    h.iam.failures.set(
      'UpdateAccessKey',
      new ProviderError('UpdateAccessKey', LEAKED_KEY, 'Throttling', 'Rate exceeded', true),
    );

    // Act
    await expect(respondToSignal(leakedKeySignal(), h.deps)).rejects.toThrow(RetryableResponseError);
    const retry = await respondToSignal(leakedKeySignal(), h.deps);

    // Assess
    expect(retry.status).toBe('handled');
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');
  });

  it('opens a new incident when the subject was silent for longer than the window', async () => {
    const h = harness();
    const first = await respondToSignal(leakedKeySignal(), h.deps);
    h.clock.set(new Date(NOW.getTime() + 25 * 3_600_000));
    const later = await respondToSignal(
      leakedKeySignal({ dedupKey: 'aws.guardduty:finding-2#2026-11-23T04:00:00Z' }),
      h.deps,
    );
    const firstId = first.status === 'handled' ? first.incident.id : '';
    expect(later.status === 'handled' && later.created).toBe(true);
    expect((await h.store.getIncident(firstId))?.status).toBe('resolved');
  });
});
