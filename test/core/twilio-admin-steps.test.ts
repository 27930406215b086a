/**
 * What a person approves after a Twilio takeover, through the real core with an in-memory account:
 * the auth-token reset (the responder's own secret follows it) and a number's webhook URLs pointed
 * back home (to the last URLs the scheduled audit saw on the business's hosts).
 */
import { decide } from '../../lambdas/core/approve';
import { ProviderError } from '../../lambdas/core/ports';
import { respondToSignal } from '../../lambdas/core/respond';
import {
  OLD_TOKEN_GRACE_SECONDS,
  UNKNOWN_PROMOTION_GRACE_SECONDS,
} from '../../lambdas/core/twilio-admin-steps';
import { twilioApiCredentials, twilioAuthTokens } from '../../lambdas/core/twilio-secret';
import { planUndo } from '../../lambdas/core/undo';
import { applyUndo } from '../../lambdas/core/undo-apply';
import { InMemorySecret, InMemoryTwilioAdmin } from '../../lambdas/providers/memory/twilio-admin';
import { MemorySnapshotStore } from '../../lambdas/providers/memory/snapshot-store';
import { requestedApprovals } from './harness';
import { ACCOUNT, setup, usage } from './twilio-scenario';

const NUMBER = `PN${'e'.repeat(32)}`;
const SECRET = JSON.stringify({
  authToken: 'token-0',
  apiKeySid: `SK${'1'.repeat(32)}`,
  apiKeySecret: 'key-secret',
});

async function incidentWith(extra: Record<string, unknown> = {}) {
  const scenario = setup();
  const admin = new InMemoryTwilioAdmin(ACCOUNT, {
    numbers: {
      [NUMBER]: [
        { field: 'VoiceUrl', url: 'https://voice.example.com/twiml' },
        { field: 'SmsUrl', url: 'https://collector.example.net/sms' },
      ],
    },
  });
  const secret = new InMemorySecret(SECRET);
  const deps = { ...scenario.deps, twilioAdmin: admin, twilioSecret: secret, ...extra };
  const outcome = await respondToSignal(usage(), deps);
  if (outcome.status !== 'handled') throw new Error(outcome.status);
  const approvals = await requestedApprovals(outcome.incident.escalations, scenario.store);
  const approvalOf = (kind: string): string => {
    const found = approvals.find((a) => a.action.kind === kind);
    if (!found) throw new Error(`no approval for ${kind}`);
    return found.approvalId;
  };
  return { ...scenario, admin, secret, deps, incident: outcome.incident, approvalOf };
}

describe('twilio.auth-token.rotate, on approval', () => {
  it("creates a secondary, switches the secret to it, promotes it, then shortens the old token's grace", async () => {
    // Prepare
    const { admin, secret, deps, clock, approvalOf } = await incidentWith();

    // Act
    const decided = await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    if (!decided.ok) throw new Error(decided.reason);
    expect(admin.calls).toEqual(['create secondary token', 'promote secondary token']);
    expect(admin.primaryToken).toBe('token-1');
    const grace = new Date(clock.now().getTime() + OLD_TOKEN_GRACE_SECONDS * 1000).toISOString();
    expect(secret.written.map((w) => JSON.parse(w) as unknown)).toEqual([
      {
        apiKeySid: `SK${'1'.repeat(32)}`,
        apiKeySecret: 'key-secret',
        authToken: 'token-1',
        previousAuthToken: 'token-0',
        previousValidUntil: grace,
      },
      {
        apiKeySid: `SK${'1'.repeat(32)}`,
        apiKeySecret: 'key-secret',
        authToken: 'token-1',
        previousAuthToken: 'token-0',
        previousValidUntil: grace,
      },
    ]);
    const [record] = decided.records;
    expect(record).toMatchObject({
      kind: 'twilio.auth-token.rotate',
      status: 'done',
      approvedBy: 'cli:jane',
      before: { type: 'twilio-auth-token', accountSid: ACCOUNT },
      after: {
        type: 'twilio-auth-token',
        accountSid: ACCOUNT,
        rotatedAt: clock.now().toISOString(),
        previousAcceptedUntil: grace,
      },
    });
    // No token, old or new, is ever written to the record.
    expect(JSON.stringify(decided.records)).not.toMatch(/token-[01]|key-secret/);
  });

  it('leaves the webhook accepting both tokens for the grace, then only the new one; the API key is kept', async () => {
    // Prepare
    const { deps, clock, secret, approvalOf } = await incidentWith();

    // Act
    await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    const during = new Date(clock.now().getTime() + (OLD_TOKEN_GRACE_SECONDS - 1) * 1000);
    const after = new Date(clock.now().getTime() + OLD_TOKEN_GRACE_SECONDS * 1000);
    expect(twilioAuthTokens(secret.value, during)).toEqual(['token-1', 'token-0']);
    expect(twilioAuthTokens(secret.value, after)).toEqual(['token-1']);
    expect(twilioApiCredentials(secret.value, ACCOUNT)).toEqual({
      username: `SK${'1'.repeat(32)}`,
      password: 'key-secret',
    });
  });

  it('puts the secret back and deletes the unused secondary when the promotion fails', async () => {
    // Prepare
    const { admin, secret, deps, approvalOf } = await incidentWith();
    admin.failPromotion = new ProviderError(
      'twilio:POST /v1/AuthTokens/Promote',
      ACCOUNT,
      '20003',
      'Authenticate',
      false,
    );

    // Act
    const decided = await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    if (!decided.ok) throw new Error(decided.reason);
    expect(admin.calls).toEqual([
      'create secondary token',
      'promote secondary token',
      'delete secondary token',
    ]);
    expect(admin.primaryToken).toBe('token-0');
    expect(secret.value).toBe(SECRET);
    expect(decided.records.map((r) => [r.kind, r.status])).toEqual([['twilio.auth-token.rotate', 'failed']]);
    expect(decided.retryApprovalId).toMatch(/^apr-/);
  });

  it('undoes nothing when the promotion’s outcome is unknown: the new token is kept and the old one accepted for a day', async () => {
    // Prepare
    const { admin, secret, deps, clock, approvalOf } = await incidentWith();
    admin.failPromotion = new ProviderError(
      'twilio:POST /v1/AuthTokens/Promote',
      ACCOUNT,
      'HTTP503',
      'unavailable',
      true,
    );

    // Act
    const decided = await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    if (!decided.ok) throw new Error(decided.reason);
    const day = new Date(clock.now().getTime() + UNKNOWN_PROMOTION_GRACE_SECONDS * 1000).toISOString();
    expect(admin.calls).toEqual(['create secondary token', 'promote secondary token']);
    expect(JSON.parse(secret.value)).toMatchObject({
      authToken: 'token-1',
      previousAuthToken: 'token-0',
      previousValidUntil: day,
    });
    expect(decided.records.map((r) => r.status)).toEqual(['failed']);
    expect(
      decided.incident.escalations.filter((e) =>
        /^Twilio auth-token reset of AC\w+: the promotion's outcome is unknown .* accepts the old one until /.test(
          e,
        ),
      ),
    ).toHaveLength(1);
  });

  it('leaves the secondary in place when the secret can be neither switched nor put back, and says so', async () => {
    // Prepare
    const { admin, secret, deps, approvalOf } = await incidentWith();
    secret.failingWrites = new Set([1, 2]);

    // Act
    const decided = await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    if (!decided.ok) throw new Error(decided.reason);
    expect(admin.calls).toEqual(['create secondary token']);
    expect(admin.secondaryToken).toBe('token-1');
    expect(decided.incident.escalations.some((e) => e.includes('failed half-way'))).toBe(true);
  });

  it('rotates nothing when the new token cannot be stored first', async () => {
    // Prepare
    const { admin, secret, deps, approvalOf } = await incidentWith();
    secret.failingWrites.add(1);

    // Act
    const decided = await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    if (!decided.ok) throw new Error(decided.reason);
    expect(admin.calls).toEqual(['create secondary token', 'delete secondary token']);
    expect(admin.primaryToken).toBe('token-0');
    expect(secret.value).toBe(SECRET);
    expect(decided.records[0]?.status).toBe('refused');
  });

  it('is done, saying so, when only the shortening of the grace fails', async () => {
    // Prepare
    const { admin, secret, deps, approvalOf } = await incidentWith();
    secret.failingWrites.add(2);

    // Act
    const decided = await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    if (!decided.ok) throw new Error(decided.reason);
    expect(admin.primaryToken).toBe('token-1');
    expect((JSON.parse(secret.value) as { authToken: string }).authToken).toBe('token-1');
    expect(decided.records[0]?.status).toBe('done');
    expect(decided.records[0]?.error).toMatch(
      /^the token was rotated, but the grace for the old one could not be shortened/,
    );
  });

  it.each([
    ['without the secret', { twilioSecret: undefined }, 'skipped', /ATO_TWILIO_SECRET_ID/],
    [
      'with a secret that is not JSON',
      { twilioSecret: new InMemorySecret('token-0') },
      'refused',
      /not the JSON object/,
    ],
  ])('changes nothing at Twilio %s', async (_, extra, status, error) => {
    // Prepare
    const { admin, deps, approvalOf } = await incidentWith(extra);

    // Act
    const decided = await decide(approvalOf('twilio.auth-token.rotate'), 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    if (!decided.ok) throw new Error(decided.reason);
    expect(admin.calls).toEqual([]);
    expect(decided.records[0]?.status).toBe(status);
    expect(decided.records[0]?.error).toMatch(error);
  });
});

describe('twilio.numbers.restore-webhook-urls, on approval', () => {
  it('points the stray URL back to the last one the scheduled audit saw on an allowed host; undo puts it back', async () => {
    // Prepare
    const snapshots = new MemorySnapshotStore();
    await snapshots.putSnapshot({
      provider: 'twilio',
      account: ACCOUNT,
      takenAt: '2026-11-21T03:00:00.000Z',
      items: {},
      knownGoodUrls: { [NUMBER]: [{ field: 'SmsUrl', url: 'https://sms.example.com/inbound' }] },
    });
    const { admin, deps, store, clock, incident, approvalOf } = await incidentWith({ snapshots });
    const approval = await store.getApproval(approvalOf('twilio.numbers.restore-webhook-urls'));

    // Act
    const decided = await decide(approval?.approvalId ?? '', 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });
    const records = decided.ok ? decided.records : [];
    const plan = planUndo(records);
    await applyUndo(
      incident.id,
      plan,
      { iam: deps.iam, twilioAdmin: admin, store, clock, actor: 'cli:jane' },
      records,
    );

    // Assess
    expect(approval?.action.target).toEqual({
      accountSid: ACCOUNT,
      numberSid: NUMBER,
      phoneNumber: '+15005550006',
      urls: [{ field: 'SmsUrl', url: 'https://sms.example.com/inbound' }],
    });
    expect(records[0]).toMatchObject({
      status: 'done',
      before: {
        type: 'twilio-number-urls',
        urls: [{ field: 'SmsUrl', url: 'https://collector.example.net/sms' }],
      },
      after: {
        type: 'twilio-number-urls',
        urls: [{ field: 'SmsUrl', url: 'https://sms.example.com/inbound' }],
      },
    });
    expect(admin.calls).toEqual([
      `urls ${NUMBER} SmsUrl=https://sms.example.com/inbound`,
      `urls ${NUMBER} SmsUrl=https://collector.example.net/sms`,
    ]);
  });

  it('points it to twilio.parkingUrl when no URL on an allowed host was ever seen', async () => {
    // Prepare
    const scenario = setup({
      allowedCountries: ['US', 'CA'],
      parkingUrl: 'https://hooks.example.com/parked',
    });
    const { admin, deps, store, approvalOf } = await incidentWith({ config: scenario.deps.config });
    const approval = await store.getApproval(approvalOf('twilio.numbers.restore-webhook-urls'));

    // Act
    await decide(approval?.approvalId ?? '', 'approved', 'cli:jane', { ...deps, actor: 'cli:jane' });

    // Assess
    expect(approval?.reason).toBe(
      '+15005550006 sends calls or messages to a host not in twilio.webhookHosts: point its SMS webhook to https://hooks.example.com/parked',
    );
    expect(admin.calls).toEqual([`urls ${NUMBER} SmsUrl=https://hooks.example.com/parked`]);
    expect(admin.numbers.get(NUMBER)).toEqual([
      { field: 'VoiceUrl', url: 'https://voice.example.com/twiml' },
      { field: 'SmsUrl', url: 'https://hooks.example.com/parked' },
    ]);
  });

  it('changes nothing when the URL was already put back by hand', async () => {
    // Prepare
    const scenario = setup({
      allowedCountries: ['US', 'CA'],
      parkingUrl: 'https://hooks.example.com/parked',
    });
    const { admin, deps, store, approvalOf } = await incidentWith({ config: scenario.deps.config });
    const approval = await store.getApproval(approvalOf('twilio.numbers.restore-webhook-urls'));
    await admin.setNumberUrls(NUMBER, [{ field: 'SmsUrl', url: 'https://hooks.example.com/parked' }]);
    admin.calls.length = 0;

    // Act
    const decided = await decide(approval?.approvalId ?? '', 'approved', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Assess
    expect(admin.calls).toEqual([]);
    expect(decided.ok && decided.records[0]?.undo).toBe('nothing: the URLs already were these');
  });
});
