/**
 * `ato undo` after approved removals: a detached policy attached again, a deleted inline policy and
 * a replaced trust policy put back from the recorded before-state; a deleted key, password or user
 * only noted, since nothing can bring them back.
 */
import type { ActionSpec } from '../../lambdas/core/action';
import { describeUndoStep, planUndo } from '../../lambdas/core/undo';
import { applyUndo } from '../../lambdas/core/undo-apply';
import {
  ADMIN,
  ALLOW_ALL,
  EVE_KEY,
  TRUST_INTRUDER,
  TRUST_OURS,
  approved,
  removalHarness,
} from './iam-removal-scenario';

const GROUP = { type: 'group', name: 'admins' } as const;
const ROLE = { type: 'role', name: 'deploy' } as const;

/** One of each removal, approved from a laptop (the runbooks leave groups and trust policies to one) a minute apart in this order. */
async function afterRemovals() {
  const h = removalHarness({ protectedTagCheck: 'preflight' });
  const removals: ActionSpec[] = [
    { kind: 'aws.iam.delete-access-key', target: { userName: 'eve', accessKeyId: EVE_KEY } },
    { kind: 'aws.iam.detach-policy', target: { holder: GROUP, policyArn: ADMIN } },
    { kind: 'aws.iam.detach-policy', target: { holder: ROLE, policyName: 'keep-door-open' } },
    { kind: 'aws.iam.restore-trust-policy', target: { roleName: 'deploy', document: TRUST_OURS } },
    { kind: 'aws.iam.delete-user', target: { userName: 'eve' } },
  ];
  for (const spec of removals) {
    h.clock.set(new Date(h.clock.now().getTime() + 60_000));
    await approved(h, spec);
  }
  return { h, records: await h.store.listActionRecords('inc-0001') };
}

describe('undo of approved IAM removals', () => {
  it('plans the reverse of each undoable removal, newest first, and notes the ones that cannot be', async () => {
    // Prepare
    const { records } = await afterRemovals();

    // Act
    const plan = planUndo(records);

    // Assess
    expect(plan.steps.map(describeUndoStep)).toEqual([
      'iam:UpdateAssumeRolePolicy RoleName=deploy (the trust policy recorded before)',
      'iam:PutRolePolicy RoleName=deploy PolicyName=keep-door-open (the document recorded before)',
      `iam:AttachGroupPolicy GroupName=admins PolicyArn=${ADMIN}`,
    ]);
    expect(plan.notes).toEqual([
      'inc-0001/investigation-user/eve-aws.iam.delete-user: user eve was deleted: it cannot be undone (its record lists what it held)',
      `inc-0001/investigation-${EVE_KEY}-aws.iam.delete-access-key: the access key ${EVE_KEY} of user eve was deleted: it cannot be undone`,
    ]);
  });

  it('puts the policies and the trust policy back, each recorded as undone', async () => {
    // Prepare
    const { h, records } = await afterRemovals();

    // Act
    const undone = await applyUndo(
      'inc-0001',
      planUndo(records),
      { ...h.deps, iamRestore: h.removals, actor: 'cli:jane' },
      records,
    );

    // Assess
    expect(h.iam.role('deploy')?.trustPolicy).toBe(TRUST_INTRUDER);
    expect(h.iam.role('deploy')?.inlinePolicies).toEqual({ 'keep-door-open': ALLOW_ALL });
    expect(h.removals.group('admins')?.attachedPolicies).toEqual([
      { policyName: 'AdministratorAccess', policyArn: ADMIN },
    ]);
    expect(undone.map((r) => [r.kind, r.status, r.after])).toEqual([
      [
        'aws.iam.restore-trust-policy',
        'undone',
        { type: 'iam-removal', what: 'trust-policy', roleName: 'deploy', document: TRUST_INTRUDER },
      ],
      [
        'aws.iam.detach-policy',
        'undone',
        {
          type: 'iam-removal',
          what: 'inline-policy',
          holder: ROLE,
          policyName: 'keep-door-open',
          document: ALLOW_ALL,
        },
      ],
      [
        'aws.iam.detach-policy',
        'undone',
        {
          type: 'iam-removal',
          what: 'managed-policy',
          holder: GROUP,
          policyArn: ADMIN,
          policyName: 'AdministratorAccess',
          attached: true,
        },
      ],
    ]);
    expect(planUndo(await h.store.listActionRecords('inc-0001')).steps).toEqual([]);
  });

  it('refuses to put anything back without IAM access for it', async () => {
    // Prepare
    const { h, records } = await afterRemovals();

    // Act
    const applying = applyUndo('inc-0001', planUndo(records), { ...h.deps, actor: 'cli:jane' }, records);

    // Assess
    await expect(applying).rejects.toThrow(
      'undo of an IAM removal needs IAM access (ato undo, from a laptop)',
    );
    expect(h.iam.role('deploy')?.trustPolicy).toBe(TRUST_OURS);
  });
});
