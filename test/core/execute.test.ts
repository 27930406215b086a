import { openFrom } from '../../lambdas/core/correlate';
import { executePlan } from '../../lambdas/core/execute';
import { planLeakedKey } from '../../lambdas/core/playbooks/leaked-key';
import { ProviderError } from '../../lambdas/core/ports';
import type { LeakedAccessKeySignal } from '../../lambdas/core/signal';
import { LEAKED_KEY, NOW, OTHER_KEY, alice, config, leakedKeySignal } from './builders';
import { harness } from './harness';

async function run(h: ReturnType<typeof harness>, signal: LeakedAccessKeySignal = leakedKeySignal()) {
  const incident = openFrom(signal, NOW);
  const plan = planLeakedKey(signal, incident, h.deps.config, {
    now: NOW,
    containmentsInLastHour: 0,
    history: [],
  });
  return executePlan(plan, incident, h.deps);
}

describe('executePlan', () => {
  it('makes UpdateAccessKey the very first AWS call when the user is known', async () => {
    // Prepare
    const h = harness();

    // Act
    await run(h);

    // Assess
    expect(h.iam.calls[0]).toEqual({
      operation: 'UpdateAccessKey',
      params: { UserName: 'alice', AccessKeyId: LEAKED_KEY, Status: 'Inactive' },
    });
  });

  it('looks the owner up first, and only then deactivates, when the event names no user', async () => {
    const h = harness();
    await run(h, leakedKeySignal({ principal: { type: 'unknown' } }));
    expect(h.operations().slice(0, 2)).toEqual(['GetAccessKeyLastUsed', 'UpdateAccessKey']);
  });

  it("deactivates only the leaked key, never the user's other key", async () => {
    const h = harness();
    await run(h);
    expect(h.iam.user('alice')?.accessKeys).toEqual([
      { accessKeyId: LEAKED_KEY, status: 'Inactive' },
      { accessKeyId: OTHER_KEY, status: 'Active' },
    ]);
  });

  it('records every action with its before and after state', async () => {
    const h = harness();
    const { records, incident } = await run(h);
    expect(records.map((r) => [r.kind, r.status])).toEqual([
      ['aws.iam.deactivate-access-key', 'done'],
      ['aws.iam.snapshot-principal', 'done'],
      ['aws.iam.revoke-older-sessions', 'done'],
      ['aws.iam.attach-deny-all', 'pending-approval'],
      ['notify.incident', 'done'],
    ]);
    expect(records[0]?.before).toEqual({
      type: 'access-key',
      userName: 'alice',
      accessKeyId: LEAKED_KEY,
      status: 'Active',
      observed: false,
    });
    expect(records[0]?.after).toEqual({
      type: 'access-key',
      userName: 'alice',
      accessKeyId: LEAKED_KEY,
      status: 'Inactive',
      observed: true,
    });
    expect(records[2]?.before).toEqual({
      type: 'inline-policy',
      principal: { type: 'user', name: 'alice' },
      policyName: 'ato-responder-revoke-older-sessions',
      document: null,
    });
    expect(incident.status).toBe('contained');
    expect(await h.store.listActionRecords(incident.id)).toEqual(records);
  });

  it('snapshots the principal before any policy is written', async () => {
    const h = harness();
    const { incident } = await run(h);
    expect(incident.snapshot?.accessKeys).toEqual([
      { accessKeyId: LEAKED_KEY, status: 'Inactive' },
      { accessKeyId: OTHER_KEY, status: 'Active' },
    ]);
    expect(incident.snapshot?.inlinePolicies).toEqual([]);
    expect(h.operations().indexOf('PutUserPolicy')).toBeGreaterThan(
      h.operations().indexOf('ListUserPolicies'),
    );
  });

  it('denies sessions issued before the containment with an aws:TokenIssueTime condition', async () => {
    const h = harness();
    await run(h);
    expect(
      JSON.parse(h.iam.user('alice')?.inlinePolicies?.['ato-responder-revoke-older-sessions'] ?? '{}'),
    ).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AtoResponderRevokeOlderSessions',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:TokenIssueTime': '2026-11-22T03:00:00.000Z' } },
        },
      ],
    });
  });

  it('stores a pending approval for the quarantine instead of applying it', async () => {
    const h = harness();
    const { records } = await run(h);
    const pending = records.find((r) => r.status === 'pending-approval');
    expect(pending?.kind).toBe('aws.iam.attach-deny-all');
    const approvalId = /ato approve (apr-\w+)/.exec(h.notifier.messages[0]?.message ?? '')?.[1] ?? '';
    expect(await h.store.getApproval(approvalId)).toMatchObject({
      status: 'pending',
      action: { kind: 'aws.iam.attach-deny-all' },
    });
    expect(h.iam.user('alice')?.inlinePolicies?.['ato-responder-quarantine']).toBeUndefined();
  });

  it('stops at IAM refusal on a tagged principal and changes nothing else (fail closed)', async () => {
    // Prepare: the deployed role's Deny on ato:protected=true makes IAM answer AccessDenied
    const h = harness({ users: [alice({ tags: { 'ato:protected': 'true' }, denyWrites: true })] });

    // Act
    const { records, incident } = await run(h);

    // Assess
    expect(records.map((r) => [r.kind, r.status])).toEqual([
      ['aws.iam.deactivate-access-key', 'refused'],
      ['aws.iam.snapshot-principal', 'skipped'],
      ['aws.iam.revoke-older-sessions', 'skipped'],
      ['aws.iam.attach-deny-all', 'pending-approval'],
      ['notify.incident', 'done'],
    ]);
    expect(h.operations()).not.toContain('PutUserPolicy');
    expect(incident.status).toBe('escalated');
  });

  it('reads the tags first from a laptop and leaves a tagged principal untouched', async () => {
    const h = harness({
      users: [alice({ tags: { 'ato:protected': 'true' } })],
      protectedTagCheck: 'preflight',
    });
    const { records } = await run(h);
    expect(records[0]?.status).toBe('refused');
    expect(h.operations()).not.toContain('UpdateAccessKey');
  });

  it('changes nothing when the pre-flight tag check itself fails', async () => {
    const h = harness({ protectedTagCheck: 'preflight' });
    h.iam.failures.set(
      'ListUserTags',
      new ProviderError('ListUserTags', 'user/alice', 'AccessDenied', 'denied', false),
    );
    const { records, incident } = await run(h);
    expect(records[0]?.status).toBe('refused');
    expect(h.operations()).not.toContain('UpdateAccessKey');
    expect(incident.escalations).toContain(
      'could not check whether user alice is protected (ListUserTags on user/alice failed: AccessDenied: denied): nothing was changed (fail closed).',
    );
  });

  it('records the observed key status before changing it when run from a laptop', async () => {
    const h = harness({ protectedTagCheck: 'preflight' });
    const { records } = await run(h);
    expect(records[0]?.before).toEqual({
      type: 'access-key',
      userName: 'alice',
      accessKeyId: LEAKED_KEY,
      status: 'Active',
      observed: true,
    });
  });

  it('makes no AWS call in dry-run, queues no approval, and still tells the responders, marked', async () => {
    // Prepare
    const h = harness({ config: config({ mode: 'dry-run' }) });

    // Act
    const { records } = await run(h);

    // Assess
    expect(h.iam.calls).toEqual([]);
    expect(records.map((r) => r.status)).toEqual(['would-do', 'would-do', 'would-do', 'would-do', 'done']);
    expect(await h.store.containmentsInLastHour(NOW)).toBe(0);
    expect(h.notifier.messages.map((m) => m.subject)).toEqual([
      '[dry-run] ato-responder critical: AWS reports access key AKIAIOSFODNN7EXAMPLE of user alice exposed publicly',
    ]);
  });

  it('spends no budget on a principal found protected before the first write', async () => {
    const h = harness({
      users: [alice({ tags: { 'ato:protected': 'true' } })],
      protectedTagCheck: 'preflight',
    });
    await run(h);
    expect(await h.store.containmentsInLastHour(NOW)).toBe(0);
  });

  it('tells the status after containment in the notification', async () => {
    const h = harness();
    await run(h);
    expect(h.notifier.messages[0]?.message.split('\n')[1]).toMatch(
      /^Incident ato-\S+ in account 123456789012, status contained\.$/,
    );
  });

  it('stops and reports a retryable failure so the delivery is retried', async () => {
    const h = harness();
    h.iam.failures.set(
      'UpdateAccessKey',
      new ProviderError('UpdateAccessKey', LEAKED_KEY, 'Throttling', 'Rate exceeded', true),
    );
    const result = await run(h);
    expect(result.records.map((r) => r.status)).toEqual(['failed']);
    expect(result.retryableFailure?.code).toBe('Throttling');
  });

  it('refuses to act on a root key found by the owner lookup', async () => {
    const h = harness({ rootKeys: [LEAKED_KEY], users: [] });
    const { records } = await run(h, leakedKeySignal({ principal: { type: 'unknown' } }));
    expect(records[0]?.status).toBe('refused');
    expect(h.operations()).toEqual(['GetAccessKeyLastUsed']);
  });

  it('asks a person when another incident took the last unit of budget first', async () => {
    // Prepare: the plan saw budget left, but the hour filled up before execution
    const h = harness({ config: config({ budget: { automaticContainmentsPerHour: 1 } }) });
    await h.store.reserveContainment('ato-other', NOW, 1);

    // Act
    const { records } = await run(h);

    // Assess
    expect(records[0]?.status).toBe('pending-approval');
    expect(h.operations()).not.toContain('UpdateAccessKey');
  });
});
