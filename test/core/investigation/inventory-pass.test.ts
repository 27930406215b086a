/** The inventory pass: users and keys IAM shows were created during the incident, by anyone. */
import { investigate } from '../../../lambdas/core/investigation/investigate';
import { FakeHistory, LEAKED_KEY, ROGUE_KEY, fakeInventory, ports, trailEvent, user } from './fakes';

describe('investigate: inventory pass', () => {
  it('adds users and keys created during the incident by anyone, but not those from before it nor the key itself', async () => {
    // Prepare: the key's first call is at 22:00; IAM shows two users and keys around it
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [
        trailEvent({ name: 'GetCallerIdentity', source: 'sts.amazonaws.com', time: '2026-11-21T22:00:00Z' }),
      ],
    });
    const inventory = fakeInventory({
      createdUsers: [
        { userName: 'svc-old', createDate: '2026-11-01T00:00:00.000Z' },
        { userName: 'support-admin', createDate: '2026-11-21T23:30:00.000Z' },
      ],
      users: [
        user('alice', {
          accessKeys: [
            {
              accessKeyId: LEAKED_KEY,
              userName: 'alice',
              status: 'Inactive',
              createDate: '2026-11-21T22:00:00.000Z',
            },
            {
              accessKeyId: ROGUE_KEY,
              userName: 'alice',
              status: 'Active',
              createDate: '2026-11-21T23:31:00.000Z',
            },
          ],
        }),
      ],
    });

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history, inventory));

    // Assess
    expect(inventory.reads).toContain('createdIn:2026-11-21T22:00:00.000Z');
    expect(result.incidentWindow).toEqual({
      start: '2026-11-21T22:00:00.000Z',
      end: '2026-11-22T03:00:00.000Z',
    });
    expect(result.rogue.map((r) => [r.ref, r.origin, r.evidence, r.current.detail])).toEqual([
      [
        { kind: 'user', userName: 'support-admin' },
        'created-in-window',
        [],
        'exists: created 2026-11-21T23:30:00.000Z',
      ],
      [
        { kind: 'access-key', userName: 'alice', accessKeyId: ROGUE_KEY },
        'created-in-window',
        [],
        'active: created 2026-11-21T23:31:00.000Z',
      ],
    ]);
    expect(result.proposals.map((p) => p.kind)).toEqual(['aws.iam.delete-user', 'aws.iam.delete-access-key']);
  });

  it('skips the inventory pass when the key did nothing in the window, and says so', async () => {
    // Prepare
    const inventory = fakeInventory({
      createdUsers: [{ userName: 'support-admin', createDate: '2026-11-21T23:30:00.000Z' }],
    });

    // Act
    const result = await investigate(
      LEAKED_KEY,
      { regions: ['us-east-1'] },
      ports(new FakeHistory({}), inventory),
    );

    // Assess
    expect(result.rogue).toEqual([]);
    expect(inventory.reads.some((r) => r.startsWith('createdIn:'))).toBe(false);
    expect(result.notes).toEqual([
      'no event of the key or its sessions in the window: the IAM inventory pass was skipped',
    ]);
  });
});
