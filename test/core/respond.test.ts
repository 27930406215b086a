import { ProviderError } from '../../lambdas/core/ports';
import { CLAIM_LEASE_SECONDS, RetryableResponseError, respondToSignal } from '../../lambdas/core/respond';
import { planUndo } from '../../lambdas/core/undo';
import { applyUndo } from '../../lambdas/core/undo-apply';
import { LEAKED_KEY, NOW, OTHER_KEY, config, leakedKeySignal } from './builders';
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
    // Throttled both on the fast path and on the plan's own attempt
    h.iam.failNext(
      'UpdateAccessKey',
      new ProviderError('UpdateAccessKey', LEAKED_KEY, 'Throttling', 'Rate exceeded', true),
      2,
    );

    // Act
    await expect(respondToSignal(leakedKeySignal(), h.deps)).rejects.toThrow(RetryableResponseError);
    const retry = await respondToSignal(leakedKeySignal(), h.deps);

    // Assess
    expect(retry.status).toBe('handled');
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');
  });

  it('contains the key on the retry after a run that died without releasing its claim', async () => {
    // Prepare: a run that claimed the event, then was killed by the Lambda timeout
    const h = harness();
    await h.store.claimEvent(leakedKeySignal().dedupKey, NOW, CLAIM_LEASE_SECONDS);

    // Act: Lambda's async retry, a couple of minutes later
    h.clock.set(new Date(NOW.getTime() + 2 * 60_000));
    const retry = await respondToSignal(leakedKeySignal(), h.deps);

    // Assess
    expect(retry.status).toBe('handled');
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');
  });

  it('deactivates the key for real after an earlier dry-run of the same incident', async () => {
    // Prepare
    const h = harness({ config: config({ mode: 'dry-run' }) });
    await respondToSignal(leakedKeySignal(), h.deps);

    // Act: the mode is switched to enforce and another source reports the key
    const enforce = { ...h.deps, config: config({ mode: 'enforce' }) };
    await respondToSignal(
      leakedKeySignal({ source: 'aws.guardduty', dedupKey: 'aws.guardduty:finding-1' }),
      enforce,
    );

    // Assess
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');
  });

  it('contains a re-compromise after ato undo, and says so', async () => {
    // Prepare: contained, then undone by a person
    const h = harness();
    const first = await respondToSignal(leakedKeySignal(), h.deps);
    const incidentId = first.status === 'handled' ? first.incident.id : '';
    const records = await h.store.listActionRecords(incidentId);
    await applyUndo(incidentId, planUndo(records), { ...h.deps, actor: 'cli:jane' }, records);

    // Act: the key is reported again
    await respondToSignal(
      leakedKeySignal({ source: 'aws.guardduty', dedupKey: 'aws.guardduty:finding-2' }),
      h.deps,
    );

    // Assess
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');
    expect(h.notifier.messages).toHaveLength(2);
  });

  it('sends no second message for a signal that changes nothing', async () => {
    const h = harness();
    await respondToSignal(leakedKeySignal(), h.deps);
    await respondToSignal(
      leakedKeySignal({ source: 'aws.guardduty', dedupKey: 'aws.guardduty:finding-1' }),
      h.deps,
    );
    expect(h.notifier.messages).toHaveLength(1);
  });

  it('revokes sessions again when a second key of the same user is contained', async () => {
    // Prepare
    const h = harness();
    await respondToSignal(leakedKeySignal(), h.deps);
    h.clock.set(new Date(NOW.getTime() + 10 * 60_000));

    // Act: the user's other key is reported too, and joins the incident through the user
    await respondToSignal(
      leakedKeySignal({
        dedupKey: 'aws.health:second-key',
        accessKeyId: OTHER_KEY,
        subject: { type: 'aws-access-key', id: OTHER_KEY },
      }),
      h.deps,
    );

    // Assess
    const policy = JSON.parse(
      h.iam.user('alice')?.inlinePolicies?.['ato-responder-revoke-older-sessions'] ?? '{}',
    ) as {
      Statement: { Condition: { DateLessThan: Record<string, string> } }[];
    };
    expect(policy.Statement[0]?.Condition.DateLessThan['aws:TokenIssueTime']).toBe(
      '2026-11-22T03:10:00.000Z',
    );
    expect(h.iam.user('alice')?.accessKeys.map((k) => k.status)).toEqual(['Inactive', 'Inactive']);
  });

  it("leaves this account's IAM alone for a key of another account", async () => {
    const h = harness();
    const outcome = await respondToSignal(leakedKeySignal({ accountId: '210987654321' }), {
      ...h.deps,
      accountId: '123456789012',
    });
    expect(h.iam.calls).toEqual([]);
    expect(outcome.status === 'handled' && outcome.incident.status).toBe('escalated');
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
