/** Rogue principals, their state now, the inventory pass and the approval-only removals. */
import { investigate } from '../../../lambdas/core/investigation/investigate';
import {
  FakeHistory,
  LEAKED_KEY,
  ROGUE_KEY,
  SESSION_KEY,
  fakeInventory,
  ports,
  role,
  sessionIssued,
  trailEvent,
  user,
} from './fakes';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const OWN_POLICY = 'arn:aws:iam::123456789012:policy/ops-backdoor';

/** The classic persistence sequence, as CloudTrail records each call (IAM API reference names). */
function backdoorEvents() {
  return [
    trailEvent({
      name: 'CreateUser',
      time: '2026-11-21T22:10:00Z',
      params: { userName: 'eve' },
      id: 'ev-user',
    }),
    trailEvent({
      name: 'CreateUser',
      time: '2026-11-21T22:10:30Z',
      params: { userName: 'mallory' },
      errorCode: 'AccessDenied',
      id: 'ev-denied',
    }),
    trailEvent({
      name: 'CreateAccessKey',
      time: '2026-11-21T22:11:00Z',
      params: { userName: 'eve' },
      response: {
        accessKey: {
          accessKeyId: ROGUE_KEY,
          status: 'Active',
          userName: 'eve',
          createDate: 'Nov 21, 2026, 10:11:00 PM',
        },
      },
      id: 'ev-key',
    }),
    trailEvent({
      name: 'CreateLoginProfile',
      time: '2026-11-21T22:12:00Z',
      params: { userName: 'eve', passwordResetRequired: false },
      id: 'ev-login',
    }),
    trailEvent({
      name: 'AttachUserPolicy',
      time: '2026-11-21T22:13:00Z',
      params: { userName: 'eve', policyArn: ADMIN },
      id: 'ev-attach',
    }),
    trailEvent({
      name: 'CreateRole',
      time: '2026-11-21T22:20:00Z',
      params: { roleName: 'backdoor' },
      id: 'ev-role',
    }),
    trailEvent({
      name: 'PutRolePolicy',
      time: '2026-11-21T22:21:00Z',
      params: { roleName: 'backdoor', policyName: 'pwn' },
      id: 'ev-inline',
    }),
    trailEvent({
      name: 'UpdateAssumeRolePolicy',
      time: '2026-11-21T22:22:00Z',
      params: { roleName: 'deploy' },
      id: 'ev-trust',
    }),
    trailEvent({
      name: 'CreatePolicy',
      time: '2026-11-21T22:23:00Z',
      params: { policyName: 'ops-backdoor' },
      response: { policy: { arn: OWN_POLICY, policyName: 'ops-backdoor' } },
      id: 'ev-policy',
    }),
  ];
}

const inventoryNow = () =>
  fakeInventory({
    users: [
      user('eve', {
        accessKeys: [
          {
            accessKeyId: ROGUE_KEY,
            userName: 'eve',
            status: 'Active',
            createDate: '2026-11-21T22:11:00.000Z',
          },
        ],
        loginProfile: true,
        policies: { managed: [ADMIN], inline: [] },
      }),
    ],
    roles: [
      role('backdoor', { policies: { managed: [], inline: ['pwn'] } }),
      role('deploy', { createDate: '2024-02-01T00:00:00.000Z' }),
    ],
    policies: { [OWN_POLICY]: [{ type: 'group', name: 'admins' }] },
  });

describe('investigate: rogue principals', () => {
  it('lists what the key created or changed, with its state now and the evidence, and ignores calls that failed', async () => {
    // Prepare
    const history = new FakeHistory({ [`${LEAKED_KEY}@us-east-1`]: backdoorEvents() });

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history, inventoryNow()));

    // Assess
    expect(result.rogue.map((r) => [r.ref, r.origin, r.changes, r.evidence, r.current])).toEqual([
      [
        { kind: 'user', userName: 'eve' },
        'made-by-key',
        ['CreateUser'],
        ['ev-user'],
        {
          exists: true,
          detail: 'exists: 1 active key, console password set, 1 managed policy, 0 inline policies',
        },
      ],
      [
        { kind: 'access-key', userName: 'eve', accessKeyId: ROGUE_KEY },
        'made-by-key',
        ['CreateAccessKey'],
        ['ev-key'],
        { exists: true, detail: 'active' },
      ],
      [
        { kind: 'login-profile', userName: 'eve' },
        'made-by-key',
        ['CreateLoginProfile'],
        ['ev-login'],
        { exists: true, detail: 'console password set' },
      ],
      [
        { kind: 'policy-attachment', holder: { type: 'user', name: 'eve' }, policyArn: ADMIN },
        'made-by-key',
        ['AttachUserPolicy'],
        ['ev-attach'],
        { exists: true, detail: 'still attached' },
      ],
      [
        { kind: 'role', roleName: 'backdoor' },
        'made-by-key',
        ['CreateRole'],
        ['ev-role'],
        { exists: true, detail: 'role exists: 0 managed policies, 1 inline policy' },
      ],
      [
        { kind: 'policy-attachment', holder: { type: 'role', name: 'backdoor' }, policyName: 'pwn' },
        'made-by-key',
        ['PutRolePolicy'],
        ['ev-inline'],
        { exists: true, detail: 'still attached' },
      ],
      [
        { kind: 'trust-policy', roleName: 'deploy' },
        'made-by-key',
        ['UpdateAssumeRolePolicy'],
        ['ev-trust'],
        { exists: true, detail: 'role exists: 0 managed policies, 0 inline policies' },
      ],
      [
        { kind: 'managed-policy', policyArn: OWN_POLICY },
        'made-by-key',
        ['CreatePolicy'],
        ['ev-policy'],
        { exists: true, detail: 'exists: attached to 1 principal' },
      ],
    ]);
  });

  it('proposes one removal per rogue thing still there, every one waiting for approval, in the configured mode', async () => {
    // Prepare
    const history = new FakeHistory({ [`${LEAKED_KEY}@us-east-1`]: backdoorEvents() });

    // Act
    const result = await investigate(
      LEAKED_KEY,
      { regions: ['us-east-1'], mode: 'enforce', incidentId: 'ato-20261122-abc1234' },
      ports(history, inventoryNow()),
    );

    // Assess
    expect(result.proposals.map((p) => [p.kind, p.target])).toEqual([
      ['aws.iam.delete-user', { userName: 'eve' }],
      ['aws.iam.delete-access-key', { userName: 'eve', accessKeyId: ROGUE_KEY }],
      ['aws.iam.delete-login-profile', { userName: 'eve' }],
      ['aws.iam.detach-policy', { holder: { type: 'user', name: 'eve' }, policyArn: ADMIN }],
      ['aws.iam.detach-policy', { holder: { type: 'role', name: 'backdoor' }, policyName: 'pwn' }],
      ['aws.iam.restore-trust-policy', { roleName: 'deploy' }],
      ['aws.iam.detach-policy', { holder: { type: 'group', name: 'admins' }, policyArn: OWN_POLICY }],
    ]);
    expect(
      new Set(result.proposals.map((p) => `${p.approval}/${p.mode}/${p.phase}/${p.incidentId}`)),
    ).toEqual(new Set(['required/enforce/investigation/ato-20261122-abc1234']));
    expect(result.proposals[0]?.reason).toBe(
      `user eve: CreateUser by ${LEAKED_KEY} (CloudTrail ev-user); now exists: 1 active key, console password set, 1 managed policy, 0 inline policies`,
    );
    expect(new Set(result.proposals.map((p) => p.id)).size).toBe(7);
  });

  it('says a rogue thing someone already removed is gone, and proposes nothing for it', async () => {
    // Prepare
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [
        trailEvent({ name: 'CreateUser', time: '2026-11-21T22:10:00Z', params: { userName: 'eve' } }),
      ],
    });

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history, fakeInventory()));

    // Assess
    expect(result.rogue.map((r) => r.current)).toEqual([{ exists: false, detail: 'gone' }]);
    expect(result.proposals).toEqual([]);
  });

  it('reads each principal once however many events name it', async () => {
    // Prepare
    const history = new FakeHistory({ [`${LEAKED_KEY}@us-east-1`]: backdoorEvents() });
    const inventory = inventoryNow();

    // Act
    await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history, inventory));

    // Assess
    expect(inventory.reads.filter((r) => r === 'user:eve')).toHaveLength(1);
    expect(inventory.reads.filter((r) => r === 'role:backdoor')).toHaveLength(1);
  });

  it('credits a change to the session that made it', async () => {
    // Prepare
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [sessionIssued(SESSION_KEY, '2026-11-21T22:00:00Z')],
      [`${SESSION_KEY}@us-east-1`]: [
        trailEvent({
          name: 'UpdateLoginProfile',
          time: '2026-11-21T22:05:00Z',
          key: SESSION_KEY,
          params: { userName: 'bob' },
          id: 'ev-pw',
        }),
      ],
    });
    const inventory = fakeInventory({ users: [user('bob', { loginProfile: true })] });

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history, inventory));

    // Assess
    expect(result.rogue.map((r) => [r.ref, r.byKeys, r.evidence])).toEqual([
      [{ kind: 'login-profile', userName: 'bob' }, [SESSION_KEY], ['ev-pw']],
    ]);
    expect(result.proposals.map((p) => [p.kind, p.target, p.approval])).toEqual([
      ['aws.iam.delete-login-profile', { userName: 'bob' }, 'required'],
    ]);
  });
});
