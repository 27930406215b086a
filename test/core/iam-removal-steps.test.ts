/**
 * The removals an investigation proposes, once a person approved them: each reads what is there,
 * removes exactly that, and records before and after; protected principals are left alone.
 */
import { executePlan } from '../../lambdas/core/execute';
import { config } from './builders';
import {
  ADMIN,
  ALLOW_ALL,
  EVE_KEY,
  EVE_SECOND_KEY,
  TRUST_INTRUDER,
  TRUST_OURS,
  approved,
  eve,
  outcomeOf,
  proposal,
  removalHarness,
} from './iam-removal-scenario';
import { anIncident } from '../providers/store-fixtures';

const DELETE_EVE_KEY = {
  kind: 'aws.iam.delete-access-key',
  target: { userName: 'eve', accessKeyId: EVE_KEY },
} as const;

describe('aws.iam.delete-access-key, approved', () => {
  it('deletes only that key, recording it as it was', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, DELETE_EVE_KEY);

    // Assess
    const key = {
      kind: 'access-key',
      accessKeyId: EVE_KEY,
      status: 'Active',
      createDate: '2026-11-22T02:43:05.000Z',
    };
    expect(outcomeOf(record)).toEqual({
      status: 'done',
      before: {
        type: 'iam-removal',
        what: 'user-credential',
        userName: 'eve',
        attachment: key,
        removed: false,
      },
      after: {
        type: 'iam-removal',
        what: 'user-credential',
        userName: 'eve',
        attachment: key,
        removed: true,
      },
      undo: 'irreversible: a deleted access key is gone; create a new one if it was needed',
    });
    expect(h.iam.calls).toEqual([
      { operation: 'ListAccessKeys', params: { UserName: 'eve' } },
      { operation: 'DeleteAccessKey', params: { UserName: 'eve', AccessKeyId: EVE_KEY } },
    ]);
    expect(h.iam.user('eve')?.accessKeys).toEqual([{ accessKeyId: EVE_SECOND_KEY, status: 'Inactive' }]);
    expect([record.approvedBy, record.actor]).toEqual(['cli:jane', 'cli:jane']);
  });

  it('reads the tags first with a person’s credentials (preflight)', async () => {
    // Prepare
    const h = removalHarness({ protectedTagCheck: 'preflight' });

    // Act
    await approved(h, DELETE_EVE_KEY);

    // Assess
    expect(h.operations()).toEqual(['ListUserTags', 'ListAccessKeys', 'DeleteAccessKey']);
  });

  it('refuses a user tagged ato:protected=true, deleting nothing (preflight)', async () => {
    // Prepare
    const h = removalHarness({
      users: [eve({ tags: { 'ato:protected': 'TRUE' } })],
      protectedTagCheck: 'preflight',
    });

    // Act
    const { record } = await approved(h, DELETE_EVE_KEY);

    // Assess
    expect(outcomeOf(record)).toEqual({ status: 'refused', error: 'user eve is tagged ato:protected=true' });
    expect(h.operations()).toEqual(['ListUserTags']);
  });

  it('refuses a user named in protectedPrincipals without a single call', async () => {
    // Prepare
    const h = removalHarness({ config: config({ protectedPrincipals: ['eve'] }) });

    // Act
    const { record } = await approved(h, DELETE_EVE_KEY);

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'refused',
      error: 'user eve is a protected principal (config)',
    });
    expect(h.iam.calls).toEqual([]);
  });

  it("records the role's Deny as a refusal (iam-policy), the key left in place", async () => {
    // Prepare
    const h = removalHarness({ users: [eve({ denyWrites: true })] });

    // Act
    const { record, escalations } = await approved(h, DELETE_EVE_KEY);

    // Assess
    expect(record.status).toBe('refused');
    expect(record.error).toBe(
      'DeleteAccessKey on user/eve failed: AccessDenied: not authorized to perform: iam:DeleteAccessKey on resource: user/eve with an explicit deny',
    );
    expect(escalations[0]).toContain('IAM refused DeleteAccessKey on user/eve: the principal is protected');
    expect(h.iam.user('eve')?.accessKeys).toHaveLength(2);
  });

  it('skips a key that is gone already', async () => {
    // Prepare
    const h = removalHarness({ users: [eve({ accessKeys: [] })] });

    // Act
    const { record } = await approved(h, DELETE_EVE_KEY);

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'skipped',
      error: `user eve has no access key ${EVE_KEY} any more`,
    });
    expect(h.operations()).toEqual(['ListAccessKeys']);
  });

  it('is skipped, with the reason, where no removal port is wired (the automatic responder)', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, DELETE_EVE_KEY, { removals: false });

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'skipped',
      error:
        'IAM removals are not carried out here: only `ato approve` and the approval runbooks (a role with removals) do them',
    });
    expect(h.iam.calls).toEqual([]);
  });
});

describe('aws.iam.delete-login-profile, approved', () => {
  it('deletes the console password, recording when it was made', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.delete-login-profile',
      target: { userName: 'eve' },
    });

    // Assess
    const profile = {
      kind: 'login-profile',
      createDate: '2026-11-22T02:43:09.000Z',
      passwordResetRequired: false,
    };
    expect(outcomeOf(record)).toEqual({
      status: 'done',
      before: {
        type: 'iam-removal',
        what: 'user-credential',
        userName: 'eve',
        attachment: profile,
        removed: false,
      },
      after: {
        type: 'iam-removal',
        what: 'user-credential',
        userName: 'eve',
        attachment: profile,
        removed: true,
      },
      undo: 'irreversible: the console password is gone; create a new login profile if the user needs one',
    });
    expect(h.operations()).toEqual(['GetLoginProfile', 'DeleteLoginProfile']);
    expect(h.iam.user('eve')?.loginProfile).toBeNull();
  });
});

describe('aws.iam.detach-policy, approved', () => {
  it('leaves a group’s policies to a laptop in the deployed runbooks: a protected user may be a member', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.detach-policy',
      target: { holder: { type: 'group', name: 'admins' }, policyArn: ADMIN },
    });

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'refused',
      error:
        "group admins's policies are not changed by the runbooks (a protected user may be a member): detach it from a laptop with ato approve",
    });
    expect(h.operations()).toEqual([]);
  });

  it('detaches a managed policy from a group from a laptop, with no tag read (groups carry none)', async () => {
    // Prepare
    const h = removalHarness({ protectedTagCheck: 'preflight' });
    const holder = { type: 'group', name: 'admins' } as const;

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.detach-policy',
      target: { holder, policyArn: ADMIN },
    });

    // Assess
    const state = {
      type: 'iam-removal',
      what: 'managed-policy',
      holder,
      policyArn: ADMIN,
      policyName: 'AdministratorAccess',
    };
    expect(outcomeOf(record)).toEqual({
      status: 'done',
      before: { ...state, attached: true },
      after: { ...state, attached: false },
      undo: `ato undo attaches ${ADMIN} to group admins again`,
    });
    expect(h.iam.calls).toEqual([
      { operation: 'ListAttachedGroupPolicies', params: { GroupName: 'admins' } },
      { operation: 'DetachGroupPolicy', params: { GroupName: 'admins', PolicyArn: ADMIN } },
    ]);
    expect(h.removals.group('admins')?.attachedPolicies).toEqual([]);
  });

  it("deletes a role's inline policy, keeping its document for undo", async () => {
    // Prepare
    const h = removalHarness({ protectedTagCheck: 'preflight' });
    const holder = { type: 'role', name: 'deploy' } as const;

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.detach-policy',
      target: { holder, policyName: 'keep-door-open' },
    });

    // Assess
    const state = { type: 'iam-removal', what: 'inline-policy', holder, policyName: 'keep-door-open' };
    expect(outcomeOf(record)).toEqual({
      status: 'done',
      before: { ...state, document: ALLOW_ALL },
      after: { ...state, document: null },
      undo: 'ato undo puts keep-door-open back on role deploy from the document recorded before',
    });
    expect(h.operations()).toEqual(['ListRoleTags', 'GetRolePolicy', 'DeleteRolePolicy']);
    expect(h.iam.role('deploy')?.inlinePolicies).toEqual({});
  });

  it('skips a policy that is no longer attached', async () => {
    // Prepare
    const h = removalHarness();
    const holder = { type: 'user', name: 'eve' } as const;
    await approved(h, { kind: 'aws.iam.detach-policy', target: { holder, policyArn: ADMIN } });

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.detach-policy',
      target: { holder, policyArn: ADMIN },
    });

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'skipped',
      error: `${ADMIN} is not attached to user eve any more`,
    });
  });

  it('refuses a detach that names no policy, changing nothing', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.detach-policy',
      target: { holder: { type: 'role', name: 'deploy' }, policyName: '' },
    });

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'refused',
      error: 'the detach from role deploy names no policy (neither an ARN nor an inline name)',
    });
    expect(h.iam.calls).toEqual([]);
  });
});

describe('aws.iam.restore-trust-policy, approved', () => {
  it('puts the supplied trust policy back from a laptop, recording the one it replaced', async () => {
    // Prepare
    const h = removalHarness({ protectedTagCheck: 'preflight' });

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.restore-trust-policy',
      target: { roleName: 'deploy', document: TRUST_OURS },
    });

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'done',
      before: { type: 'iam-removal', what: 'trust-policy', roleName: 'deploy', document: TRUST_INTRUDER },
      after: { type: 'iam-removal', what: 'trust-policy', roleName: 'deploy', document: TRUST_OURS },
      undo: 'ato undo puts the trust policy of deploy back as it was before',
    });
    // From a laptop the role's tags are read first (no Deny fences a person's credentials).
    expect(h.operations()).toEqual(['ListRoleTags', 'GetRole', 'UpdateAssumeRolePolicy']);
    expect(h.iam.role('deploy')?.trustPolicy).toBe(TRUST_OURS);
  });

  it('is refused by the deployed runbooks (role iam-policy), which may not rewrite trust policies', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, {
      kind: 'aws.iam.restore-trust-policy',
      target: { roleName: 'deploy', document: TRUST_OURS },
    });

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'refused',
      error:
        'the trust policy of role deploy is put back only from a laptop (ato approve), not by the runbooks',
    });
    expect(h.operations()).toEqual([]);
    expect(h.iam.role('deploy')?.trustPolicy).toBe(TRUST_INTRUDER);
  });

  it('refuses without a document to put back, and says a person must supply it', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record, escalations } = await approved(h, {
      kind: 'aws.iam.restore-trust-policy',
      target: { roleName: 'deploy' },
    });

    // Assess
    const why =
      'no trust policy to put back on role deploy: CloudTrail records only the new one, so a person must supply the one from before the change';
    expect(outcomeOf(record)).toEqual({ status: 'refused', error: why });
    expect(escalations).toEqual([`${why}.`]);
    expect(h.iam.calls).toEqual([]);
  });
});

describe('approval and dry-run', () => {
  it('only asks for approval while nobody has approved the removal', async () => {
    // Prepare
    const h = removalHarness();
    const plan = {
      incidentId: 'inc-0001',
      actions: [proposal(DELETE_EVE_KEY)],
      skipped: [],
      escalations: [],
      budgetHeld: false,
    };

    // Act
    const { records } = await executePlan(plan, anIncident(), { ...h.deps, iamRemovals: h.removals });

    // Assess
    expect(records.map((r) => r.status)).toEqual(['pending-approval']);
    expect(h.iam.calls).toEqual([]);
  });

  it('records a dry-run removal as would-do and calls nothing, even when approved', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, DELETE_EVE_KEY, { mode: 'dry-run' });

    // Assess
    expect(outcomeOf(record)).toEqual({ status: 'would-do', undo: 'would first ask a person' });
    expect(h.iam.calls).toEqual([]);
  });
});
