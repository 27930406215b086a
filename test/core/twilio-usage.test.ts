/**
 * A Twilio usage trigger through the real core (normalize → respond → plan → execute → undo) with an
 * in-memory Twilio account. Fixture: test/fixtures/twilio/usage-trigger-callback.txt.
 */
import type { ActionRecord } from '../../lambdas/core/action';
import { decide } from '../../lambdas/core/approve';
import { ProviderError } from '../../lambdas/core/ports';
import { respondToSignal } from '../../lambdas/core/respond';
import { auditTwilio } from '../../lambdas/core/twilio-audit';
import { twilioApiCredentials, twilioAuthTokens } from '../../lambdas/core/twilio-secret';
import { planUndo } from '../../lambdas/core/undo';
import { applyUndo } from '../../lambdas/core/undo-apply';
import { InMemoryTwilioAdmin } from '../../lambdas/providers/memory/twilio-admin';
import { ACCOUNT, INVENTORY, off, on, setup, usage } from './twilio-scenario';

describe('a Twilio usage trigger', () => {
  it('closes voice dialing outside the allowed countries, recording exactly the countries it closed', async () => {
    // Prepare
    const { deps, voice } = setup();

    // Act
    const outcome = await respondToSignal(usage(), deps);

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(voice.calls).toEqual([
      { operation: 'ListDialingPermissionsCountries' },
      { operation: 'BulkCountryUpdates', countries: ['GB', 'CU'] },
    ]);
    expect(['US', 'CA', 'GB', 'CU', 'FR'].map((iso) => voice.country(iso))).toEqual([
      { isoCode: 'US', ...on },
      { isoCode: 'CA', ...on },
      { isoCode: 'GB', ...off },
      { isoCode: 'CU', ...off },
      { isoCode: 'FR', ...off },
    ]);
    expect(outcome.records[0]).toMatchObject({
      kind: 'twilio.voice.restrict-dialing-countries',
      status: 'done',
      approval: 'auto',
      before: {
        type: 'twilio-dialing',
        accountSid: ACCOUNT,
        countries: [
          { isoCode: 'GB', ...on },
          { isoCode: 'CU', lowRisk: false, highRiskSpecial: false, highRiskTollFraud: true },
        ],
      },
    });
    expect([outcome.incident.status, outcome.incident.severity, outcome.incident.subject]).toEqual([
      'contained',
      'high',
      { type: 'twilio-account', id: ACCOUNT },
    ]);
  });

  it('closes once per incident and tells people once per usage category', async () => {
    // Prepare
    const { deps, voice } = setup();

    // Act
    await respondToSignal(usage('T1'), deps);
    const second = await respondToSignal(usage('T2'), deps);

    // Assess
    expect(voice.calls.filter((c) => c.operation === 'BulkCountryUpdates')).toHaveLength(1);
    // Nothing new to say: no action, no message (one notification per new finding, not per event).
    expect(second.status === 'handled' && second.records).toEqual([]);
    expect(
      second.status === 'handled' &&
        second.incident.escalations.filter((e) => e.startsWith('Twilio totalprice')),
    ).toHaveLength(1);
  });

  it('changes nothing without a country list, and asks a person to restrict by hand', async () => {
    // Prepare
    const { deps, voice } = setup({ allowedCountries: [] });

    // Act
    const outcome = await respondToSignal(usage(), deps);

    // Assess
    expect(voice.calls).toEqual([]);
    expect(outcome.status === 'handled' && outcome.incident.escalations).toContain(
      'No country list is configured (twilio.allowedCountries): voice and SMS geographic permissions were left as they are; restrict them by hand.',
    );
  });

  it('only says what it would do in dry-run', async () => {
    // Prepare
    const { deps, voice } = setup(undefined, 'dry-run');

    // Act
    const outcome = await respondToSignal(usage(), deps);

    // Assess
    expect(voice.calls).toEqual([]);
    expect(outcome.status === 'handled' && outcome.records[0]?.status).toBe('would-do');
  });

  it('is undone exactly: the countries it closed reopen as they were, the others stay', async () => {
    // Prepare
    const { deps, voice, store, clock } = setup();
    const outcome = await respondToSignal(usage(), deps);
    const records: ActionRecord[] =
      outcome.status === 'handled' ? await store.listActionRecords(outcome.incident.id) : [];

    // Act
    const plan = planUndo(records);
    await applyUndo(
      records[0]?.incidentId ?? '',
      { steps: plan.steps.filter((step) => step.kind === 'restore-dialing'), notes: [] },
      { iam: deps.iam, twilioVoice: voice, store, clock, actor: 'cli:jane' },
      records,
    );

    // Assess
    expect(plan.steps.map((s) => s.kind)).toEqual(['restore-messaging-geo', 'restore-dialing']);
    expect(['GB', 'CU', 'FR'].map((iso) => voice.country(iso))).toEqual([
      { isoCode: 'GB', ...on },
      { isoCode: 'CU', lowRisk: false, highRiskSpecial: false, highRiskTollFraud: true },
      { isoCode: 'FR', ...off },
    ]);
  });
});

describe('a Twilio lockdown that cannot be sure of itself', () => {
  it('closes nothing when an allowed code is not one Twilio lists (UK for GB), and says so', async () => {
    // Prepare
    const { deps, voice, messaging } = setup({ allowedCountries: ['US', 'UK'] });

    // Act
    const outcome = await respondToSignal(usage(), deps);

    // Assess
    expect([voice.calls, messaging.calls].map((calls) => calls.map((c) => c.operation))).toEqual([
      ['ListDialingPermissionsCountries'],
      ['GetGeoPermissions'],
    ]);
    expect(outcome.status === 'handled' && outcome.incident.escalations).toContain(
      "twilio.allowedCountries names UK, which Twilio's voice dialing does not list (voice lists Canada under US): nothing was closed; fix the list or restrict by hand.",
    );
  });

  it('reports a Twilio outage during the lockdown and still notifies, since Twilio never retries a webhook', async () => {
    // Prepare
    const { deps, notifier } = setup();
    const failing = {
      ...deps,
      twilioVoice: {
        accountSid: ACCOUNT,
        dialingCountries: () =>
          Promise.reject(
            new ProviderError(
              'twilio:GET /v1/DialingPermissions/Countries',
              'voice',
              'HTTP503',
              'unavailable',
              true,
            ),
          ),
        updateDialingCountries: () => Promise.resolve(),
      },
    };

    // Act
    const outcome = await respondToSignal(usage(), failing);

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'twilio.voice.restrict-dialing-countries:failed',
      'twilio.messaging.restrict-geo-permissions:done',
      'twilio.account.audit:done',
      'notify.incident:done',
    ]);
    expect(notifier.messages).toHaveLength(1);
  });
});

describe('a Twilio usage trigger, for SMS', () => {
  it('disables SMS outside the allowed countries and hands a person the ones only the Console can change', async () => {
    // Prepare
    const { deps, messaging } = setup();

    // Act
    const outcome = await respondToSignal(usage(), deps);

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(messaging.calls).toEqual([
      { operation: 'GetGeoPermissions' },
      { operation: 'UpdateGeoPermissions', countries: ['NG', 'PK'] },
    ]);
    expect(['US', 'NG', 'PK', 'DE'].map((c) => messaging.enabled(c))).toEqual([true, false, true, false]);
    expect(outcome.records.find((r) => r.kind === 'twilio.messaging.restrict-geo-permissions')).toMatchObject(
      {
        status: 'done',
        before: {
          type: 'twilio-messaging-geo',
          accountSid: ACCOUNT,
          countries: [{ countryCode: 'NG', enabled: true }],
        },
        error: '1 country left enabled: PK',
      },
    );
    expect(outcome.incident.escalations).toContain(
      `Twilio would not disable SMS to PK (30649: High risk country permission cannot be updated) on ${ACCOUNT}: change them in the Console (Messaging → Settings → Geo permissions).`,
    );
  });

  it('is undone with voice: SMS comes back only where it was disabled here', async () => {
    // Prepare
    const { deps, voice, messaging, store, clock } = setup();
    const outcome = await respondToSignal(usage(), deps);
    const records: ActionRecord[] =
      outcome.status === 'handled' ? await store.listActionRecords(outcome.incident.id) : [];

    // Act
    const plan = planUndo(records);
    await applyUndo(
      records[0]?.incidentId ?? '',
      plan,
      { iam: deps.iam, twilioVoice: voice, twilioMessaging: messaging, store, clock, actor: 'cli:jane' },
      records,
    );

    // Assess
    expect(plan.steps.map((s) => s.kind)).toEqual(['restore-messaging-geo', 'restore-dialing']);
    expect(['US', 'NG', 'PK', 'DE'].map((c) => messaging.enabled(c))).toEqual([true, true, true, false]);
  });
});

describe('the Twilio audit', () => {
  it('reports new subaccounts, unknown keys, webhook URLs outside the allowed hosts and recent caller IDs', () => {
    // Act
    const findings = auditTwilio(INVENTORY, {
      knownApiKeys: [`SK${'1'.repeat(32)}`],
      webhookHosts: ['example.com'],
      since: new Date('2026-11-15T03:00:00.000Z'),
    });

    // Assess
    expect(findings.map((f) => f.text)).toEqual([
      `new subaccount AC${'d'.repeat(32)} "billing-2" (active, created 2026-11-22T02:50:00.000Z)`,
      `new API key SK${'2'.repeat(32)} "x" is not in twilio.knownApiKeys (created 2026-11-22T02:55:00.000Z)`,
      `number +15005550006 (PN${'e'.repeat(32)}) sends its SMS webhook to collector.example.net`,
      'caller ID +15005550009 "ops" added 2026-11-22T02:58:00.000Z',
    ]);
  });

  it("never reports the key the responder's own calls are made with", () => {
    // Act
    const findings = auditTwilio(
      { ...INVENTORY, ownKeySid: `SK${'2'.repeat(32)}` },
      { knownApiKeys: [], webhookHosts: ['example.com'], since: new Date('2026-11-15T03:00:00.000Z') },
    );

    // Assess
    expect(findings.filter((f) => f.kind === 'api-key').map((f) => f.sid)).toEqual([`SK${'1'.repeat(32)}`]);
  });

  it('keeps attacker-chosen names on one line', () => {
    // Prepare
    const hostile = {
      ...INVENTORY,
      subaccounts: [{ sid: 'ACx', friendlyName: 'a\n\nIgnore the above', status: 'active' }],
    };

    // Act
    const [first] = auditTwilio(hostile, { knownApiKeys: [], webhookHosts: [], since: new Date(0) });

    // Assess
    expect(first?.text).toBe('subaccount ACx "a Ignore the above" (active)');
  });

  it('runs once per incident after the lockdown and tells a person what it found', async () => {
    // Prepare
    const { deps, audit } = setup();

    // Act
    const outcome = await respondToSignal(usage('T1'), deps);
    await respondToSignal(usage('T2'), deps);

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'twilio.voice.restrict-dialing-countries:done',
      'twilio.messaging.restrict-geo-permissions:done',
      'twilio.account.audit:done',
      'notify.incident:done',
    ]);
    expect(audit.reads).toBe(1);
    expect(outcome.incident.escalations.find((e) => e.startsWith(`Twilio ${ACCOUNT} holds`))).toMatch(
      /^Twilio AC\w+ holds what may not be yours: new subaccount .*; caller ID \+15005550009 "ops" added 2026-11-22T02:58:00.000Z\.$/,
    );
  });
});

describe('the removals the Twilio audit proposes', () => {
  const memoryAdmin = () =>
    new InMemoryTwilioAdmin(ACCOUNT, {
      subaccounts: { [`AC${'d'.repeat(32)}`]: 'active' },
      keys: [`SK${'1'.repeat(32)}`, `SK${'2'.repeat(32)}`],
    });

  it('asks a person to suspend the new subaccount and delete the unknown key, changing nothing alone', async () => {
    // Prepare
    const { deps, store } = setup();
    const admin = memoryAdmin();

    // Act
    const outcome = await respondToSignal(usage(), { ...deps, twilioAdmin: admin });

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(admin.calls).toEqual([]);
    const asks = outcome.incident.escalations.filter((e) => e.startsWith('To '));
    expect(asks.map((e) => e.replace(/apr-\w+/, 'apr-…'))).toEqual([
      `To reset the auth token of ${ACCOUNT}: ato approve apr-….`,
      `To suspend AC${'d'.repeat(32)}: ato approve apr-….`,
      `To delete SK${'2'.repeat(32)}: ato approve apr-….`,
    ]);
    const ids = asks.map((e) => /apr-\w+/.exec(e)?.[0] ?? '');
    const approvals = await Promise.all(ids.map((id) => store.getApproval(id)));
    expect(
      approvals.map((a) => [a?.status, a?.action.kind, a?.action.approval, a?.action.reversible]),
    ).toEqual([
      ['pending', 'twilio.auth-token.rotate', 'required', false],
      ['pending', 'twilio.account.suspend-subaccount', 'required', true],
      ['pending', 'twilio.keys.delete-api-key', 'required', false],
    ]);
    expect(outcome.incident.escalations).toContain(
      'Point the SMS webhook of +15005550006 back by hand: no earlier URL on twilio.webhookHosts is known and no twilio.parkingUrl is set.',
    );
  });

  it('suspends on approval, and undo makes the subaccount active again; the key deletion has no undo', async () => {
    // Prepare
    const { deps, store, clock } = setup();
    const admin = memoryAdmin();
    const withAdmin = { ...deps, twilioAdmin: admin };
    const outcome = await respondToSignal(usage(), withAdmin);
    const ids = (outcome.status === 'handled' ? outcome.incident.escalations : [])
      .filter((e) => e.startsWith('To suspend') || e.startsWith('To delete'))
      .map((e) => /apr-\w+/.exec(e)?.[0] ?? '');

    // Act
    for (const id of ids) await decide(id, 'approved', 'cli:jane', { ...withAdmin, actor: 'cli:jane' });
    const records = await store.listActionRecords(outcome.status === 'handled' ? outcome.incident.id : '');
    const removals = records.filter(
      (r) => r.kind.startsWith('twilio.account.suspend') || r.kind.startsWith('twilio.keys'),
    );
    const plan = planUndo(removals);
    await applyUndo(
      removals[0]?.incidentId ?? '',
      plan,
      { iam: deps.iam, twilioAdmin: admin, store, clock, actor: 'cli:jane' },
      removals,
    );

    // Assess
    expect(admin.calls).toEqual([
      `status AC${'d'.repeat(32)} suspended`,
      `delete SK${'2'.repeat(32)}`,
      `status AC${'d'.repeat(32)} active`,
    ]);
    expect(plan.steps.map((s) => s.kind)).toEqual(['restore-subaccount']);
  });
});

describe("the Twilio secret's format", () => {
  const NOW = new Date('2026-11-22T12:00:00Z');

  it.each([
    ['the current token', { authToken: 'a' }, ['a']],
    [
      'the previous one too until its time',
      { authToken: 'a', previousAuthToken: 'b', previousValidUntil: '2026-11-22T13:00:00Z' },
      ['a', 'b'],
    ],
    [
      'not the previous one after its time',
      { authToken: 'a', previousAuthToken: 'b', previousValidUntil: '2026-11-22T11:00:00Z' },
      ['a'],
    ],
    ['not the previous one without a time', { authToken: 'a', previousAuthToken: 'b' }, ['a']],
  ])('accepts %s', (_case, secret, tokens) => {
    expect(twilioAuthTokens(JSON.stringify(secret), NOW)).toEqual(tokens);
  });

  it('accepts no token from a secret that is not JSON (as the stack creates it)', () => {
    expect(twilioAuthTokens('x7#Lq9!vR2@pT5^w', NOW)).toEqual([]);
  });

  it('calls the API with the API key when there is one, else with the Account SID and auth token', () => {
    expect([
      twilioApiCredentials(JSON.stringify({ authToken: 't', apiKeySid: 'SK1', apiKeySecret: 's' }), ACCOUNT),
      twilioApiCredentials(JSON.stringify({ authToken: 't' }), ACCOUNT),
      twilioApiCredentials('{}', ACCOUNT),
    ]).toEqual([{ username: 'SK1', password: 's' }, { username: ACCOUNT, password: 't' }, undefined]);
  });
});
