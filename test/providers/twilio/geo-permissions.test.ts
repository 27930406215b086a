/**
 * Voice DialingPermissions and SMS GeoPermissions against a loopback server answering in the shapes
 * of Twilio's OpenAPI specs (../shared/openapi/twilio/: twilio_voice_v1.json
 * ListDialingPermissionsCountryResponse and CreateDialingPermissionsCountryBulkUpdateRequest;
 * twilio_accounts_v1.json Messaging GeoPermissions get and update).
 */
import { TwilioHttp } from '../../../lambdas/providers/twilio/twilio-http';
import { TwilioMessagingGeo } from '../../../lambdas/providers/twilio/messaging-geo';
import { TwilioVoiceDialing, UPDATE_BATCH } from '../../../lambdas/providers/twilio/voice-dialing';
import { type LocalServer, startLocalServer } from '../http/local-server';

const ACCOUNT = `AC${'a'.repeat(32)}`;
let server: LocalServer;
let voice: TwilioVoiceDialing;

const country = (iso: string, low: boolean, special: boolean, tollfraud: boolean) => ({
  iso_code: iso,
  name: iso,
  country_codes: ['+0'],
  continent: 'EUROPE',
  low_risk_numbers_enabled: low,
  high_risk_special_numbers_enabled: special,
  high_risk_tollfraud_numbers_enabled: tollfraud,
  url: `https://voice.twilio.com/v1/DialingPermissions/Countries/${iso}`,
  links: {
    highrisk_special_prefixes: `https://voice.twilio.com/v1/DialingPermissions/Countries/${iso}/HighRiskSpecialPrefixes`,
  },
});

beforeAll(async () => {
  server = await startLocalServer();
  const base = server.baseUrl;
  voice = new TwilioVoiceDialing(
    ACCOUNT,
    new TwilioHttp(
      { username: ACCOUNT, password: 'token' },
      { api: base, voice: base, accounts: base, iam: base },
    ),
  );
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

describe('TwilioVoiceDialing', () => {
  it("reads every country's permissions, every page", async () => {
    // Prepare
    server.route((r) =>
      r.url === '/v1/DialingPermissions/Countries?PageSize=250'
        ? {
            status: 200,
            json: {
              content: [country('US', true, false, false), country('DE', true, true, false)],
              meta: {
                key: 'content',
                page: 0,
                page_size: 250,
                next_page_url:
                  'https://voice.twilio.com/v1/DialingPermissions/Countries?PageSize=250&Page=1&PageToken=PT1',
              },
            },
          }
        : {
            status: 200,
            json: {
              content: [country('CU', false, false, true)],
              meta: { key: 'content', page: 1, page_size: 250, next_page_url: null },
            },
          },
    );

    // Act
    const countries = await voice.dialingCountries();

    // Assess
    expect(countries).toEqual([
      { isoCode: 'US', lowRisk: true, highRiskSpecial: false, highRiskTollFraud: false },
      { isoCode: 'DE', lowRisk: true, highRiskSpecial: true, highRiskTollFraud: false },
      { isoCode: 'CU', lowRisk: false, highRiskSpecial: false, highRiskTollFraud: true },
    ]);
  });

  it('updates in batches of at most UPDATE_BATCH countries, as the UpdateRequest JSON array of strings', async () => {
    // Prepare
    server.route(() => ({ status: 201, json: { update_count: 1, update_request: 'accepted' } }));
    const many = Array.from({ length: UPDATE_BATCH + 1 }, (_, i) => ({
      isoCode: `C${i}`.slice(0, 2),
      lowRisk: false,
      highRiskSpecial: false,
      highRiskTollFraud: false,
    }));

    // Act
    await voice.updateDialingCountries([
      { isoCode: 'DE', lowRisk: false, highRiskSpecial: true, highRiskTollFraud: false },
    ]);
    await voice.updateDialingCountries(many);

    // Assess
    const requests = server.requests.map((r) => [
      r.method,
      r.url,
      new URLSearchParams(r.body).getAll('UpdateRequest'),
    ]);
    expect(requests[0]).toEqual([
      'POST',
      '/v1/DialingPermissions/BulkCountryUpdates',
      [
        '[{"iso_code":"DE","low_risk_numbers_enabled":"false","high_risk_special_numbers_enabled":"true","high_risk_tollfraud_numbers_enabled":"false"}]',
      ],
    ]);
    expect(
      server.requests
        .slice(1)
        .map(
          (r) => (JSON.parse(new URLSearchParams(r.body).get('UpdateRequest') ?? '[]') as unknown[]).length,
        ),
    ).toEqual([UPDATE_BATCH, 1]);
  });
});

describe('TwilioMessagingGeo', () => {
  let geo: TwilioMessagingGeo;
  beforeAll(() => {
    const base = server.baseUrl;
    geo = new TwilioMessagingGeo(
      ACCOUNT,
      new TwilioHttp(
        { username: ACCOUNT, password: 'token' },
        { api: base, voice: base, accounts: base, iam: base },
      ),
    );
  });

  it('reads the permissions and sends one repeated Permissions field per country, reading per-country refusals', async () => {
    // Prepare: the shapes of the Accounts v1 OpenAPI examples (get, update).
    server.route((r) =>
      r.method === 'GET'
        ? {
            status: 200,
            json: {
              permissions: [
                { country_code: 'IN', type: 'country', enabled: false, prefix: '+91', message: '' },
                {
                  country_code: 'PK',
                  type: 'country',
                  enabled: true,
                  prefix: '+92',
                  message: 'High Risk Country',
                },
              ],
            },
          }
        : {
            status: 200,
            json: {
              permissions: [
                { country_code: 'NG', type: 'country', enabled: false, error_code: 0, error_messages: [] },
                {
                  country_code: 'PK',
                  type: 'country',
                  enabled: true,
                  error_code: 30649,
                  error_messages: ['High risk country permission cannot be updated'],
                },
              ],
            },
          },
    );

    // Act
    const read = await geo.geoPermissions();
    const results = await geo.updateGeoPermissions([
      { countryCode: 'NG', enabled: false },
      { countryCode: 'PK', enabled: false },
      { countryCode: 'RU', enabled: false },
    ]);

    // Assess
    expect(read).toEqual([
      { countryCode: 'IN', enabled: false },
      { countryCode: 'PK', enabled: true },
    ]);
    const patch = server.requests[1];
    expect([patch?.method, patch?.url, new URLSearchParams(patch?.body).getAll('Permissions')]).toEqual([
      'PATCH',
      '/v1/Messaging/GeoPermissions',
      [
        '{"country_code":"NG","type":"country","enabled":false}',
        '{"country_code":"PK","type":"country","enabled":false}',
        '{"country_code":"RU","type":"country","enabled":false}',
      ],
    ]);
    // RU is missing from the answer: not confirmed changed, so counted as refused.
    expect(results).toEqual([
      { countryCode: 'NG', enabled: false, errorCode: 0 },
      {
        countryCode: 'PK',
        enabled: true,
        errorCode: 30649,
        errorMessage: 'High risk country permission cannot be updated',
      },
      { countryCode: 'RU', enabled: true, errorCode: -1, errorMessage: 'not in Twilio’s answer' },
    ]);
  });
});
