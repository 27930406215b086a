/**
 * The scheduled audit through the real core: the first run only learns, a later one responds to what
 * is new (once, even when found twice), the Twilio snapshot carries each number's last good URLs
 * forward, and one account failing does not stop the other.
 */
import { newSince, twilioSnapshot } from '../../lambdas/core/inventory-snapshot';
import { ProviderError, type SendGridInventory } from '../../lambdas/core/ports';
import { runScheduledAudit } from '../../lambdas/core/scheduled-audit';
import { InMemorySendGrid } from '../../lambdas/providers/memory/sendgrid-account';
import { MemorySnapshotStore } from '../../lambdas/providers/memory/snapshot-store';
import { inventoryChangeSignal } from '../../lambdas/sources/inventory-change';
import { config } from './builders';
import { harness } from './harness';
import { ACCOUNT, INVENTORY } from './twilio-scenario';

const SENDGRID: SendGridInventory = {
  ownKeyId: 'responder-key',
  apiKeys: [{ id: 'responder-key', name: 'ato-responder audit' }],
  subusers: [],
  teammates: [{ username: 'jane', email: 'jane@example.com', isAdmin: true, userType: 'owner' }],
  pendingInvites: [],
  allowedIps: [],
  access: [],
};

function setup() {
  const h = harness({
    config: config({
      twilio: { enabled: true, accountSid: ACCOUNT, webhookHosts: ['example.com'], knownApiKeys: [] },
    }),
  });
  const sendGrid = new InMemorySendGrid(structuredClone(SENDGRID));
  const twilio = { accountSid: ACCOUNT, inventory: () => Promise.resolve(structuredClone(INVENTORY)) };
  const snapshots = new MemorySnapshotStore();
  const deps = {
    ...h.deps,
    snapshots,
    sendGridAudit: sendGrid,
    twilioAudit: twilio,
    signalFor: inventoryChangeSignal,
  };
  return { ...h, sendGrid, twilio, snapshots, deps };
}

describe('the scheduled audit', () => {
  it('only learns on its first run, then opens one incident for what is new, and not again for the same', async () => {
    // Prepare
    const { deps, sendGrid, notifier, clock } = setup();

    // Act
    const first = await runScheduledAudit(deps);
    sendGrid.state.apiKeys.push({ id: 'x9Yz', name: 'backup' });
    sendGrid.state.teammates.push({
      username: 'helper',
      email: 'helper@example.net',
      isAdmin: true,
      userType: 'admin',
    });
    clock.set(new Date('2026-11-22T04:00:00.000Z'));
    const second = await runScheduledAudit(deps);
    const third = await runScheduledAudit(deps);

    // Assess
    expect(first.map((a) => [a.provider, a.result])).toEqual([
      ['sendgrid', 'baseline'],
      ['twilio', 'baseline'],
    ]);
    expect(second.map((a) => [a.provider, a.result, a.changes])).toEqual([
      [
        'sendgrid',
        'responded',
        [
          { kind: 'apiKeys', id: 'x9Yz' },
          { kind: 'teammates', id: 'helper' },
        ],
      ],
      ['twilio', 'unchanged', []],
    ]);
    expect(third.map((a) => a.result)).toEqual(['unchanged', 'unchanged']);
    expect(notifier.messages.map((p) => p.subject)).toEqual([
      'ato-responder high: SendGrid: 2 new since the last scheduled audit',
    ]);
  });

  it('responds once when the same changes are found twice (the snapshot could not be saved)', async () => {
    // Prepare
    const { deps, sendGrid, snapshots, notifier } = setup();
    await runScheduledAudit(deps);
    sendGrid.state.apiKeys.push({ id: 'x9Yz', name: 'backup' });
    const save = snapshots.putSnapshot.bind(snapshots);
    snapshots.putSnapshot = () => Promise.reject(new Error('ProvisionedThroughputExceededException'));

    // Act
    const failed = await runScheduledAudit(deps);
    snapshots.putSnapshot = save;
    const again = await runScheduledAudit(deps);

    // Assess
    expect(failed.map((a) => [a.result, a.error])).toEqual([
      ['failed', 'ProvisionedThroughputExceededException'],
      ['failed', 'ProvisionedThroughputExceededException'],
    ]);
    expect(again[0]?.result).toBe('duplicate');
    expect(notifier.messages).toHaveLength(1);
  });

  it('audits Twilio when SendGrid cannot be read, and says which failed', async () => {
    // Prepare
    const { deps, sendGrid } = setup();
    sendGrid.inventory = () =>
      Promise.reject(
        new ProviderError('sendgrid:GET /v3/api_keys', 'sendgrid', 'AccessDenied', 'forbidden', false),
      );

    // Act
    const audits = await runScheduledAudit(deps);

    // Assess
    expect(audits.map((a) => [a.provider, a.result, a.error])).toEqual([
      ['sendgrid', 'failed', 'sendgrid:GET /v3/api_keys on sendgrid failed: AccessDenied: forbidden'],
      ['twilio', 'baseline', undefined],
    ]);
  });
});

describe('what the scheduled audit does not lose', () => {
  it('reports a teammate invited again after the last snapshot no longer held them', async () => {
    // Prepare
    const { deps, sendGrid, notifier, clock } = setup();
    await runScheduledAudit(deps);
    const invite = { email: 'helper@example.net', isAdmin: true, pendingId: 'abcd123abc' };

    // Act: invited, withdrawn, invited again, an hour apart each.
    sendGrid.state.pendingInvites = [invite];
    clock.set(new Date('2026-11-22T04:00:00.000Z'));
    const first = await runScheduledAudit(deps);
    sendGrid.state.pendingInvites = [];
    clock.set(new Date('2026-11-22T05:00:00.000Z'));
    await runScheduledAudit(deps);
    sendGrid.state.pendingInvites = [invite];
    clock.set(new Date('2026-11-22T06:00:00.000Z'));
    const again = await runScheduledAudit(deps);

    // Assess
    expect([first[0]?.result, again[0]?.result]).toEqual(['responded', 'responded']);
    expect(notifier.messages).toHaveLength(2);
  });

  it('keeps a listing Twilio refused as it was, rather than calling everything in it new next time', async () => {
    // Prepare
    const { deps, twilio, snapshots } = setup();
    await runScheduledAudit(deps);
    const full = twilio.inventory;
    twilio.inventory = async () => ({
      ...(await full()),
      apiKeys: [],
      unread: [{ listing: 'API keys', error: '20003: Authenticate' }],
    });

    // Act
    const refused = await runScheduledAudit(deps);
    twilio.inventory = full;
    const next = await runScheduledAudit(deps);

    // Assess
    expect(refused[1]?.result).toBe('unchanged');
    expect((await snapshots.getSnapshot('twilio', ACCOUNT))?.items.apiKeys).toEqual(
      INVENTORY.apiKeys.map((k) => k.sid),
    );
    expect(next[1]?.result).toBe('unchanged');
  });
});

describe('the Twilio snapshot', () => {
  const NUMBER = `PN${'e'.repeat(32)}`;
  const at = new Date('2026-11-22T03:00:00.000Z');
  const withSms = (url: string) => ({
    ...INVENTORY,
    phoneNumbers: [
      {
        sid: NUMBER,
        phoneNumber: '+15005550006',
        urls: [
          { field: 'VoiceUrl' as const, url: 'https://voice.example.com/twiml' },
          { field: 'SmsUrl' as const, url },
        ],
      },
    ],
  });

  it('keeps the last URL seen on an allowed host when the field now points elsewhere, and lists the stray URL as new', () => {
    // Prepare
    const before = twilioSnapshot(
      ACCOUNT,
      withSms('https://sms.example.com/in'),
      ['example.com'],
      undefined,
      at,
    );

    // Act
    const after = twilioSnapshot(
      ACCOUNT,
      withSms('https://collector.example.net/sms'),
      ['example.com'],
      before,
      at,
    );

    // Assess
    expect(after.knownGoodUrls).toEqual({
      [NUMBER]: [
        { field: 'VoiceUrl', url: 'https://voice.example.com/twiml' },
        { field: 'SmsUrl', url: 'https://sms.example.com/in' },
      ],
    });
    expect(newSince(before, after)).toEqual([
      { kind: 'strayNumberUrls', id: '+15005550006 SmsUrl https://collector.example.net/sms' },
    ]);
  });

  it('names nothing new without a previous snapshot', () => {
    // Act
    const changes = newSince(undefined, twilioSnapshot(ACCOUNT, INVENTORY, ['example.com'], undefined, at));

    // Assess
    expect(changes).toEqual([]);
  });
});

describe('the inventory-change signal', () => {
  it('is the same event for the same changes in any order, high when a key or teammate is new', () => {
    // Prepare
    const at = new Date('2026-11-22T03:00:00.000Z');
    const a = { kind: 'apiKeys', id: 'x9Yz' };
    const b = { kind: 'ipRules', id: '203.0.113.0/24' };

    // Act
    const one = inventoryChangeSignal('sendgrid', 'sendgrid', [a, b], at);
    const two = inventoryChangeSignal('sendgrid', 'sendgrid', [b, a], at);
    const ipOnly = inventoryChangeSignal('sendgrid', 'sendgrid', [b], at);

    const later = inventoryChangeSignal('sendgrid', 'sendgrid', [a, b], at, '2026-11-22T04:00:00.000Z');

    // Assess
    expect(one.dedupKey).toBe(two.dedupKey);
    expect(later.dedupKey).not.toBe(one.dedupKey);
    expect(one.dedupKey).toMatch(/^sendgrid#audit#sendgrid#[0-9a-f]{32}$/);
    expect([one.severity, ipOnly.severity]).toEqual(['high', 'medium']);
    expect(one.evidence).toEqual({ apiKeys: '1', ipRules: '1' });
  });
});
