import { decide } from '../../lambdas/core/approve';
import { ProviderError } from '../../lambdas/core/ports';
import { respondToSignal } from '../../lambdas/core/respond';
import { describeUndoStep, planUndo } from '../../lambdas/core/undo';
import { applyUndo } from '../../lambdas/core/undo-apply';
import { LEAKED_KEY, config, leakedKeySignal } from './builders';
import { harness } from './harness';

async function contained(h: ReturnType<typeof harness>) {
  const outcome = await respondToSignal(leakedKeySignal(), h.deps);
  if (outcome.status !== 'handled') throw new Error('expected a handled outcome');
  return outcome;
}

describe('undo', () => {
  it('plans the reverse of what was done, newest first', async () => {
    const h = harness();
    const { incident } = await contained(h);
    const plan = planUndo(await h.store.listActionRecords(incident.id));
    expect(plan.steps.map(describeUndoStep)).toEqual([
      'iam:DeleteUserPolicy user alice PolicyName=ato-responder-revoke-older-sessions',
      `iam:UpdateAccessKey UserName=alice AccessKeyId=${LEAKED_KEY} Status=Active`,
    ]);
  });

  it('re-activates the key, removes the policy, and records each step as undone', async () => {
    // Prepare
    const h = harness();
    const { incident } = await contained(h);
    const records = await h.store.listActionRecords(incident.id);

    // Act
    const undone = await applyUndo(
      incident.id,
      planUndo(records),
      { ...h.deps, actor: 'cli:responder' },
      records,
    );

    // Assess
    expect(h.iam.user('alice')?.accessKeys[0]).toEqual({ accessKeyId: LEAKED_KEY, status: 'Active' });
    expect(h.iam.user('alice')?.inlinePolicies).toEqual({});
    expect(undone.map((r) => [r.kind, r.status, r.actor])).toEqual([
      ['aws.iam.revoke-older-sessions', 'undone', 'cli:responder'],
      ['aws.iam.deactivate-access-key', 'undone', 'cli:responder'],
    ]);
    expect(planUndo(await h.store.listActionRecords(incident.id)).steps).toEqual([]);
  });

  it('leaves a key that was already inactive before the responder touched it', () => {
    const plan = planUndo([
      {
        actionId: 'ato-1/1-aws.iam.deactivate-access-key',
        incidentId: 'ato-1',
        kind: 'aws.iam.deactivate-access-key',
        target: { accessKeyId: LEAKED_KEY, userName: 'alice' },
        mode: 'enforce',
        approval: 'auto',
        status: 'done',
        actor: 'cli:responder',
        reason: 'test',
        startedAt: '2026-11-22T03:00:00.000Z',
        finishedAt: '2026-11-22T03:00:00.000Z',
        before: {
          type: 'access-key',
          userName: 'alice',
          accessKeyId: LEAKED_KEY,
          status: 'Inactive',
          observed: true,
        },
      },
    ]);
    expect(plan).toEqual({
      steps: [],
      notes: [
        `ato-1/1-aws.iam.deactivate-access-key: key ${LEAKED_KEY} was already Inactive before; left as is`,
      ],
    });
  });
});

describe('approvals', () => {
  it('applies an approved quarantine and records who approved it', async () => {
    // Prepare
    const h = harness();
    const { incident } = await contained(h);
    const approval = (await h.store.listActionRecords(incident.id)).find(
      (r) => r.status === 'pending-approval',
    );
    const approvalId = /(apr-\w+)/.exec(incident.escalations.join(' '))?.[1] ?? '';

    // Act
    const outcome = await decide(approvalId, 'approved', 'jane@example.com', h.deps);

    // Assess
    expect(approval?.kind).toBe('aws.iam.attach-deny-all');
    expect(outcome.ok && outcome.records.map((r) => [r.kind, r.status, r.approvedBy, r.approvalId])).toEqual([
      ['aws.iam.attach-deny-all', 'done', 'jane@example.com', approvalId],
    ]);
    expect(Object.keys(h.iam.user('alice')?.inlinePolicies ?? {})).toEqual([
      'ato-responder-revoke-older-sessions',
      'ato-responder-quarantine',
    ]);
  });

  it('queues the action again when the approved run fails, so the decision is not lost', async () => {
    // Prepare
    const h = harness();
    const { incident } = await contained(h);
    const approvalId = /(apr-\w+)/.exec(incident.escalations.join(' '))?.[1] ?? '';
    h.iam.failures.set(
      'PutUserPolicy',
      new ProviderError(
        'PutUserPolicy',
        'user/alice',
        'LimitExceeded',
        'Cannot exceed quota for PoliciesPerUser: 10',
        false,
      ),
    );

    // Act
    const outcome = await decide(approvalId, 'approved', 'jane@example.com', h.deps);

    // Assess
    const retryId = outcome.ok ? (outcome.retryApprovalId ?? '') : '';
    expect(await h.store.getApproval(retryId)).toMatchObject({
      status: 'pending',
      action: { kind: 'aws.iam.attach-deny-all' },
    });
    const retried = await decide(retryId, 'approved', 'jane@example.com', h.deps);
    expect(retried.ok && retried.records.map((r) => r.status)).toEqual(['done']);
  });

  it('refuses to decide the same approval twice', async () => {
    const h = harness();
    const { incident } = await contained(h);
    const approvalId = /(apr-\w+)/.exec(incident.escalations.join(' '))?.[1] ?? '';
    await decide(approvalId, 'denied', 'jane@example.com', h.deps);
    expect(await decide(approvalId, 'approved', 'mallory@example.com', h.deps)).toEqual({
      ok: false,
      reason: `approval ${approvalId} was already denied by jane@example.com`,
    });
    expect(h.iam.user('alice')?.inlinePolicies?.['ato-responder-quarantine']).toBeUndefined();
  });

  it('runs an approved containment that the budget had held back', async () => {
    const h = harness({ config: config({ budget: { automaticContainmentsPerHour: 0 } }) });
    const { incident } = await contained(h);
    const ids = incident.escalations.join(' ').match(/apr-\w+/g) ?? [];
    const first = ids[0] ?? '';
    await decide(first, 'approved', 'jane@example.com', h.deps);
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');
  });
});
