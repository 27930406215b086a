/**
 * Contract tests: every request the Twilio providers send, validated by Prism against Twilio's own
 * published OpenAPI specs (ATO_OPENAPI_DIR/twilio, see ../shared/openapi/PROVENANCE.txt). Run by
 * `npm run test:contract` (part of `npm test`), which says so and skips when the folder is absent.
 * Not here: the GeoPermissions PATCH — Prism 5.14.2 mishandles repeated form keys; its shape is
 * asserted in test/providers/twilio/geo-permissions.test.ts.
 */
import { join } from 'node:path';
import { ProviderError } from '../../lambdas/core/ports';
import { TwilioMessagingGeo } from '../../lambdas/providers/twilio/messaging-geo';
import { TwilioHttp } from '../../lambdas/providers/twilio/twilio-http';
import { TwilioVoiceDialing } from '../../lambdas/providers/twilio/voice-dialing';
import { type Prism, startPrism } from './prism';

const SPECS = join(process.env.ATO_OPENAPI_DIR ?? '', 'twilio');
const ACCOUNT = `AC${'a'.repeat(32)}`;
const CREDENTIALS = { username: `SK${'c'.repeat(32)}`, password: 'contract-test-secret' };

let voiceMock: Prism;
let accountsMock: Prism;
let http: TwilioHttp;

beforeAll(async () => {
  [voiceMock, accountsMock] = await Promise.all([
    startPrism(join(SPECS, 'twilio_voice_v1.json')),
    startPrism(join(SPECS, 'twilio_accounts_v1.json')),
  ]);
  http = new TwilioHttp(CREDENTIALS, {
    api: 'http://127.0.0.1:9',
    voice: voiceMock.baseUrl,
    accounts: accountsMock.baseUrl,
    iam: 'http://127.0.0.1:9',
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([voiceMock?.stop(), accountsMock?.stop()]);
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
