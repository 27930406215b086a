/**
 * What the responder does after a SendGrid takeover, through the real core with an in-memory account:
 * the scheduled audit's signal → the full audit → a person's approval of each removal → undo.
 * Shapes: SendGrid v3 (tsg_api_keys_v3, tsg_subusers_v3, tsg_teammates_v3, tsg_ip_access_management_v3).
 */
import { decide } from '../../lambdas/core/approve';
import type { SendGridInventory } from '../../lambdas/core/ports';
import { respondToSignal } from '../../lambdas/core/respond';
import { planUndo } from '../../lambdas/core/undo';
import { applyUndo } from '../../lambdas/core/undo-apply';
import { InMemorySendGrid } from '../../lambdas/providers/memory/sendgrid-account';
import { MemorySnapshotStore } from '../../lambdas/providers/memory/snapshot-store';
import { inventoryChangeSignal } from '../../lambdas/sources/inventory-change';
import { NOW, config } from './builders';
import { harness, requestedApprovals } from './harness';

/** The account after the intruder: a new key and subuser, an unknown admin teammate, an invite, no IP rule. */
const inventory = (): SendGridInventory => ({
  ownKeyId: 'responder-key',
  apiKeys: [
    { id: 'responder-key', name: 'ato-responder audit' },
    { id: 'prod-key', name: 'production mail' },
    { id: 'x9Yz', name: 'backup' },
  ],
  subusers: [
    { id: '1', username: 'marketing', email: 'marketing@example.com', disabled: false },
    { id: '2', username: 'bulk-sender', email: 'bulk@example.net', disabled: false },
  ],
  teammates: [
    { username: 'jane', email: 'jane@example.com', isAdmin: true, userType: 'owner' },
    { username: 'helper', email: 'helper@example.net', isAdmin: true, userType: 'admin' },
  ],
  pendingInvites: [{ email: 'second@example.net', isAdmin: true, pendingId: 'abcd123abc' }],
  allowedIps: [],
  access: [
    { ip: '203.0.113.9', allowed: true, authMethod: 'basic', location: 'Elsewhere' },
    { ip: '198.51.100.20', allowed: true, authMethod: 'basic', location: 'Office' },
  ],
});

async function setup(sendgrid: Record<string, unknown> = {}) {
  const h = harness({
    config: config({
      sendgrid: {
        knownApiKeys: ['prod-key'],
        knownTeammates: ['jane'],
        allowedIps: ['198.51.100.0/24'],
        responderEgressIps: ['198.51.100.10'],
        ...sendgrid,
      },
    }),
  });
  const account = new InMemorySendGrid(inventory());
  const snapshots = new MemorySnapshotStore();
  await snapshots.putSnapshot({
    provider: 'sendgrid',
    account: 'sendgrid',
    takenAt: '2026-11-22T02:00:00.000Z',
    items: {
      apiKeys: ['responder-key', 'prod-key'],
      subusers: ['marketing'],
      teammates: ['jane'],
      invites: [],
      ipRules: [],
    },
  });
  const deps = { ...h.deps, sendGridAudit: account, sendGridAdmin: account, snapshots };
  const signal = inventoryChangeSignal(
    'sendgrid',
    'sendgrid',
    [
      { kind: 'apiKeys', id: 'x9Yz' },
      { kind: 'subusers', id: 'bulk-sender' },
    ],
    NOW,
  );
  const outcome = await respondToSignal(signal, deps);
  if (outcome.status !== 'handled') throw new Error(outcome.status);
  const approvals = await requestedApprovals(outcome.incident.escalations, h.store);
  const approve = async (kind: string, suffix = '') => {
    const approval = approvals.find((a) => a.action.kind === kind && a.action.id.endsWith(suffix));
    if (!approval) throw new Error(`no approval for ${kind}${suffix}`);
    const decided = await decide(approval.approvalId, 'approved', 'cli:jane', { ...deps, actor: 'cli:jane' });
    if (!decided.ok) throw new Error(decided.reason);
    return decided.records;
  };
  return { ...h, account, deps, outcome, incident: outcome.incident, approvals, approve };
}

describe('the SendGrid audit an inventory change starts', () => {
  it('tells a person what is new and asks, one approval each, to remove what nobody declared; changes nothing alone', async () => {
    // Act
    const { outcome, approvals, account } = await setup();

    // Assess
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'sendgrid.account.audit:done',
      'notify.incident:done',
    ]);
    expect(outcome.incident.escalations[0]).toBe(
      'SendGrid: 2 new since the last scheduled audit: apiKeys x9Yz, subusers bulk-sender. If nobody here added them, approve their removal below.',
    );
    expect(approvals.map((a) => [a.action.kind, a.action.target, a.action.reversible])).toEqual([
      ['sendgrid.keys.delete-api-key', { keyId: 'x9Yz', name: 'backup' }, false],
      ['sendgrid.teammates.remove', { email: 'helper@example.net', username: 'helper' }, false],
      ['sendgrid.teammates.remove', { email: 'second@example.net', inviteToken: 'abcd123abc' }, false],
      ['sendgrid.subusers.disable', { username: 'bulk-sender' }, true],
      ['sendgrid.access.restrict-ips', { allowedIps: ['198.51.100.0/24'], keepIps: ['198.51.100.10'] }, true],
    ]);
    expect(account.calls).toEqual([]);
  });

  it('never proposes deleting the key it audits with, nor a declared one', async () => {
    // Act
    const { approvals } = await setup({ knownApiKeys: [] });

    // Assess
    const keys = approvals.filter((a) => a.action.kind === 'sendgrid.keys.delete-api-key');
    expect(keys.map((a) => a.action.target)).toEqual([
      { keyId: 'prod-key', name: 'production mail' },
      { keyId: 'x9Yz', name: 'backup' },
    ]);
  });

  it('proposes no subuser as new when no scheduled audit ran before', async () => {
    // Prepare
    const h = harness({ config: config() });
    const account = new InMemorySendGrid(inventory());
    const signal = inventoryChangeSignal('sendgrid', 'sendgrid', [{ kind: 'apiKeys', id: 'x9Yz' }], NOW);

    // Act
    const outcome = await respondToSignal(signal, { ...h.deps, sendGridAudit: account });

    // Assess
    const ids =
      outcome.status === 'handled'
        ? outcome.incident.escalations.map((e) => /ato approve (apr-\w+)/.exec(e)?.[1])
        : [];
    const kinds = await Promise.all(
      ids.filter((id) => id).map(async (id) => (await h.store.getApproval(id ?? ''))?.action.kind),
    );
    expect(kinds).not.toContain('sendgrid.subusers.disable');
    expect(kinds).not.toContain('sendgrid.access.restrict-ips');
  });
});

describe('the SendGrid removals, on approval', () => {
  it('deletes the key, removes the teammate, withdraws the invite, each recorded as irreversible', async () => {
    // Prepare
    const { approve, account } = await setup();

    // Act
    const records = [
      ...(await approve('sendgrid.keys.delete-api-key')),
      ...(await approve('sendgrid.teammates.remove', 'teammate-helper')),
      ...(await approve('sendgrid.teammates.remove', 'invite-abcd123abc')),
    ];

    // Assess
    expect(account.calls).toEqual(['delete key x9Yz', 'delete teammate helper', 'delete invite abcd123abc']);
    expect(records.map((r) => [r.status, r.after, r.undo?.split(':')[0]])).toEqual([
      ['done', { type: 'sendgrid-api-key', keyId: 'x9Yz', name: 'backup', deleted: true }, 'irreversible'],
      [
        'done',
        { type: 'sendgrid-teammate', email: 'helper@example.net', username: 'helper', removed: true },
        'irreversible',
      ],
      ['done', { type: 'sendgrid-teammate', email: 'second@example.net', removed: true }, 'irreversible'],
    ]);
  });

  it('refuses to delete the key its calls are made with, even when asked to', async () => {
    // Prepare
    const { approve, account, approvals, store } = await setup();
    const proposal = approvals.find((a) => a.action.kind === 'sendgrid.keys.delete-api-key');
    if (proposal?.action.kind !== 'sendgrid.keys.delete-api-key') throw new Error('no key proposal');
    await store.putApproval({
      ...proposal,
      action: { ...proposal.action, target: { keyId: 'responder-key', name: 'ato-responder audit' } },
    });

    // Act
    const records = await approve('sendgrid.keys.delete-api-key');

    // Assess
    expect(records.map((r) => [r.status, r.error])).toEqual([
      ['refused', 'responder-key is the key these calls are made with: not deleted'],
    ]);
    expect(account.calls).toEqual([]);
  });

  it('disables the new subuser, and undo enables it again', async () => {
    // Prepare
    const { approve, account, deps, store, clock, incident } = await setup();

    // Act
    const records = await approve('sendgrid.subusers.disable');
    const plan = planUndo(records);
    await applyUndo(
      incident.id,
      plan,
      { iam: deps.iam, sendGridAdmin: account, store, clock, actor: 'cli:jane' },
      records,
    );

    // Assess
    expect(records[0]?.before).toEqual({
      type: 'sendgrid-subuser',
      username: 'bulk-sender',
      disabled: false,
    });
    expect(account.calls).toEqual([
      'subuser bulk-sender disabled=true',
      'subuser bulk-sender disabled=false',
    ]);
  });

  it('restricts IP access by adding the allowed rule before removing any other, and undo puts the rules back', async () => {
    // Prepare
    const { approve, account, deps, store, clock, incident } = await setup();
    await account.addIpRules(['203.0.113.0/24', '198.51.100.10']);
    account.calls.length = 0;

    // Act
    const records = await approve('sendgrid.access.restrict-ips');
    const plan = planUndo(records);
    await applyUndo(
      incident.id,
      plan,
      { iam: deps.iam, sendGridAdmin: account, store, clock, actor: 'cli:jane' },
      records,
    );

    // Assess: the rule covering the responder's own address stays; the foreign one goes.
    expect(records.map((r) => [r.status, r.before, r.after])).toEqual([
      [
        'done',
        { type: 'sendgrid-ip-access', rules: ['203.0.113.0/24', '198.51.100.10/32'] },
        { type: 'sendgrid-ip-access', rules: ['198.51.100.10/32', '198.51.100.0/24'] },
      ],
    ]);
    expect(account.calls).toEqual([
      'add rules 198.51.100.0/24',
      'delete rules 1',
      'add rules 203.0.113.0/24',
      'delete rules 3',
    ]);
    expect((await account.ipRules()).map((r) => r.ip).sort()).toEqual(['198.51.100.10/32', '203.0.113.0/24']);
  });

  it('proposes no IP restriction while the responder’s own addresses are unknown (it would lock itself out)', async () => {
    // Act
    const { approvals } = await setup({ responderEgressIps: [] });

    // Assess
    expect(approvals.map((a) => a.action.kind)).not.toContain('sendgrid.access.restrict-ips');
  });

  it('undoes only what the restriction changed: rules added since stay', async () => {
    // Prepare
    const { approve, account, deps, store, clock, incident } = await setup();
    await account.addIpRules(['203.0.113.0/24']);
    const records = await approve('sendgrid.access.restrict-ips');
    await account.addIpRules(['192.0.2.50']);
    account.calls.length = 0;

    // Act
    await applyUndo(
      incident.id,
      planUndo(records),
      { iam: deps.iam, sendGridAdmin: account, store, clock, actor: 'cli:jane' },
      records,
    );

    // Assess
    expect(account.calls).toEqual(['add rules 203.0.113.0/24', 'delete rules 2']);
    expect((await account.ipRules()).map((r) => r.ip)).toEqual(['192.0.2.50/32', '203.0.113.0/24']);
  });

  it('proposes no restriction when the rules already are the allowed ones (a /32 is the address)', async () => {
    // Prepare
    const { account, deps, store } = await setup({ allowedIps: ['198.51.100.10'] });
    await account.addIpRules(['198.51.100.10']);

    // Act
    const outcome = await respondToSignal(
      inventoryChangeSignal('sendgrid', 'sendgrid', [{ kind: 'teammates', id: 'helper2' }], NOW),
      deps,
    );

    // Assess
    const ids =
      outcome.status === 'handled'
        ? outcome.incident.escalations.map((e) => /ato approve (apr-\w+)/.exec(e)?.[1])
        : [];
    const kinds = await Promise.all(
      ids.map(async (id) => (id ? (await store.getApproval(id))?.action.kind : undefined)),
    );
    expect(kinds.filter((k) => k === 'sendgrid.access.restrict-ips')).toHaveLength(1);
  });

  it.each([
    [
      'the responder’s own address is not allowed',
      { responderEgressIps: ['192.0.2.7'] },
      "the responder's own 192.0.2.7 would be locked out: add it to sendgrid.allowedIps",
    ],
    [
      'no recent sign-in would be allowed',
      { allowedIps: ['192.0.2.0/24'], responderEgressIps: ['192.0.2.7'] },
      'none of the recent sign-ins (203.0.113.9, 198.51.100.20) would be allowed: everyone would be locked out',
    ],
  ])('refuses to restrict IP access when %s, changing nothing', async (_, sendgrid, error) => {
    // Prepare
    const { approve, account } = await setup(sendgrid);

    // Act
    const records = await approve('sendgrid.access.restrict-ips');

    // Assess
    expect(records.map((r) => [r.status, r.error])).toEqual([['refused', error]]);
    expect(account.calls).toEqual([]);
  });
});
