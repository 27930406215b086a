/**
 * Contract tests: every request the Twilio providers send, validated by Prism against Twilio's own
 * published OpenAPI specs (ATO_OPENAPI_DIR/twilio, see ../shared/openapi/PROVENANCE.txt). Run by
 * `npm run test:contract` (part of `npm test`), which says so and skips when the folder is absent.
 * Not here: the GeoPermissions PATCH — Prism 5.14.2 mishandles repeated form keys; its shape is
 * asserted in test/providers/twilio/geo-permissions.test.ts.
 */
import { join } from 'node:path';
import { ProviderError } from '../../lambdas/core/ports';
import { TwilioAccountAdmin } from '../../lambdas/providers/twilio/account-admin';
import { TwilioAccountInventoryReader } from '../../lambdas/providers/twilio/account-inventory';
import { TwilioMessagingGeo } from '../../lambdas/providers/twilio/messaging-geo';
import { TwilioUsageTriggers } from '../../lambdas/providers/twilio/usage-triggers';
import { TwilioHttp } from '../../lambdas/providers/twilio/twilio-http';
import { TwilioVoiceDialing } from '../../lambdas/providers/twilio/voice-dialing';
import { type Prism, startPrism } from './prism';

const SPECS = join(process.env.ATO_OPENAPI_DIR ?? '', 'twilio');
const ACCOUNT = `AC${'a'.repeat(32)}`;
const CREDENTIALS = { username: `SK${'c'.repeat(32)}`, password: 'contract-test-secret' };

let voiceMock: Prism;
let accountsMock: Prism;
let apiMock: Prism;
let iamMock: Prism;
let http: TwilioHttp;

beforeAll(async () => {
  [voiceMock, accountsMock, apiMock, iamMock] = await Promise.all([
    startPrism(join(SPECS, 'twilio_voice_v1.json')),
    startPrism(join(SPECS, 'twilio_accounts_v1.json')),
    startPrism(join(SPECS, 'twilio_api_v2010.json')),
    startPrism(join(SPECS, 'twilio_iam_v1.json')),
  ]);
  http = new TwilioHttp(CREDENTIALS, {
    api: apiMock.baseUrl,
    voice: voiceMock.baseUrl,
    accounts: accountsMock.baseUrl,
    iam: iamMock.baseUrl,
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([voiceMock?.stop(), accountsMock?.stop(), apiMock?.stop(), iamMock?.stop()]);
});

describe("Twilio's contract", () => {
  it('accepts the voice dialing permissions listing and its bulk update as the responder sends them', async () => {
    // Prepare
    const voice = new TwilioVoiceDialing(ACCOUNT, http);

    // Act
    const countries = await voice.dialingCountries();
    await voice.updateDialingCountries([
      { isoCode: 'GB', lowRisk: false, highRiskSpecial: false, highRiskTollFraud: false },
      { isoCode: 'CU', lowRisk: false, highRiskSpecial: false, highRiskTollFraud: false },
    ]);

    // Assess: the spec's example answer, read through the provider.
    expect(countries).toEqual([
      { isoCode: 'US', lowRisk: false, highRiskSpecial: false, highRiskTollFraud: false },
    ]);
  });

  it('accepts the SMS geo permissions listing as the responder sends it', async () => {
    // Act
    const permissions = await new TwilioMessagingGeo(ACCOUNT, http).geoPermissions();

    // Assess
    expect(permissions).toEqual([
      { countryCode: 'IN', enabled: false },
      { countryCode: 'PK', enabled: true },
    ]);
  });

  it("accepts the audit's listings (accounts, both key listings, numbers, caller IDs) as the responder sends them", async () => {
    // Act: a request the spec refuses would surface here as a ProviderError (HTTP 422).
    const inventory = await new TwilioAccountInventoryReader(ACCOUNT, http).inventory();

    // Assess: the specs' example answers, read through the provider: the example account is this one
    // (no subaccount), the same example key from both key listings (merged into one).
    expect([
      inventory.subaccounts,
      inventory.apiKeys.map((k) => [k.sid, k.friendlyName, k.dateCreated]),
      inventory.phoneNumbers.map((n) => [n.sid, n.urls]),
      inventory.callerIds.map((c) => c.sid),
    ]).toEqual([
      [],
      [[`SK${'a'.repeat(32)}`, 'foo', '2016-06-13T22:50:08.000Z']],
      [[`PN${'a'.repeat(32)}`, []]],
      [`PN${'a'.repeat(32)}`],
    ]);
  });

  it('accepts the usage-trigger listing and creation as install-triggers sends them', async () => {
    // Prepare
    const triggers = new TwilioUsageTriggers(ACCOUNT, http);

    // Act
    const listed = await triggers.list();
    const sid = await triggers.create({
      usageCategory: 'totalprice',
      triggerBy: 'price',
      triggerValue: '100',
      recurring: 'daily',
      callbackUrl: 'https://hooks.example.com/twilio',
      friendlyName: 'ato-responder totalprice price daily',
    });

    // Assess: the spec's example answers. The mock answers every page with the example, whose
    // next_page_uri points at page 1 again: two pages read, then the repeat ends the listing.
    expect([listed.map((t) => t.sid), sid]).toEqual([
      [`UT${'a'.repeat(32)}`, `UT${'a'.repeat(32)}`],
      `UT${'a'.repeat(32)}`,
    ]);
  });

  it('accepts the approved removals as the responder sends them: suspend and reactivate a subaccount, delete a key', async () => {
    // Prepare
    const admin = new TwilioAccountAdmin(ACCOUNT, http);
    const sub = `AC${'d'.repeat(32)}`;

    // Act
    const status = await admin.subaccountStatus(sub);
    await admin.setSubaccountStatus(sub, 'suspended');
    await admin.setSubaccountStatus(sub, 'active');
    await admin.deleteApiKey(`SK${'2'.repeat(32)}`);

    // Assess: the spec's example account.
    expect(status).toBe('active');
  });

  it('accepts the auth-token reset and the number URL restore as the responder sends them', async () => {
    // Prepare
    const admin = new TwilioAccountAdmin(ACCOUNT, http);
    const number = `PN${'a'.repeat(32)}`;

    // Act
    const token = await admin.createSecondaryAuthToken();
    await admin.promoteSecondaryAuthToken();
    await admin.deleteSecondaryAuthToken();
    const urls = await admin.numberUrls(number);
    await admin.setNumberUrls(number, [
      { field: 'SmsUrl', url: 'https://sms.example.com/inbound' },
      { field: 'StatusCallback', url: 'https://hooks.example.com/status' },
    ]);

    // Assess: the specs' example answers.
    expect([token, urls.map((u) => u.field)]).toEqual([
      'b'.repeat(33),
      ['VoiceUrl', 'VoiceFallbackUrl', 'SmsUrl', 'SmsFallbackUrl', 'StatusCallback'],
    ]);
  });

  it('would refuse a request the spec does not allow (so the checks above can fail)', async () => {
    // Act
    const error: unknown = await http
      .postForm('voice', '/v1/DialingPermissions/BulkCountryUpdates', [['Update', '[]']])
      .catch((e: unknown) => e);

    // Assess
    expect(error instanceof ProviderError && [error.call, error.message.includes('HTTP 422')]).toEqual([
      'twilio:POST /v1/DialingPermissions/BulkCountryUpdates',
      true,
    ]);
  });
});
