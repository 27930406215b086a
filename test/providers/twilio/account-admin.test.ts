/**
 * The approved Twilio changes, as sent on the wire, against a loopback server answering in the shapes
 * of Twilio's OpenAPI specs (../shared/openapi/twilio/: twilio_accounts_v1.json
 * CreateSecondaryAuthToken / UpdateAuthTokenPromotion / DeleteSecondaryAuthToken; twilio_api_v2010.json
 * FetchIncomingPhoneNumber / UpdateIncomingPhoneNumber).
 */
import { ProviderError } from '../../../lambdas/core/ports';
import { TwilioAccountAdmin } from '../../../lambdas/providers/twilio/account-admin';
import { TwilioHttp } from '../../../lambdas/providers/twilio/twilio-http';
import { type LocalServer, startLocalServer } from '../http/local-server';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const NUMBER = `PN${'e'.repeat(32)}`;
const NUMBER_PATH = `/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers/${NUMBER}.json`;
let server: LocalServer;
let admin: TwilioAccountAdmin;

beforeAll(async () => {
  server = await startLocalServer();
  const base = server.baseUrl;
  admin = new TwilioAccountAdmin(
    ACCOUNT,
    new TwilioHttp(
      { username: ACCOUNT, password: 'token' },
      { api: base, voice: base, accounts: base, iam: base },
    ),
  );
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const sent = () => server.requests.map((r) => `${r.method} ${r.url} ${r.body}`.trim());

describe('TwilioAccountAdmin: the auth token', () => {
  it('creates a secondary token and returns it, promotes it, deletes it', async () => {
    // Prepare
    server.route((r) =>
      r.url === '/v1/AuthTokens/Secondary' && r.method === 'POST'
        ? {
            status: 201,
            json: {
              account_sid: ACCOUNT,
              date_created: '2026-11-22T03:10:00Z',
              date_updated: '2026-11-22T03:10:00Z',
              secondary_auth_token: 'b'.repeat(32),
              url: 'https://accounts.twilio.com/v1/AuthTokens/Secondary',
            },
          }
        : r.url === '/v1/AuthTokens/Promote'
          ? { status: 200, json: { account_sid: ACCOUNT, auth_token: 'b'.repeat(32) } }
          : r.method === 'DELETE'
            ? { status: 204 }
            : undefined,
    );

    // Act
    const token = await admin.createSecondaryAuthToken();
    await admin.promoteSecondaryAuthToken();
    await admin.deleteSecondaryAuthToken();

    // Assess
    expect(token).toBe('b'.repeat(32));
    expect(sent()).toEqual([
      'POST /v1/AuthTokens/Secondary',
      'POST /v1/AuthTokens/Promote',
      'DELETE /v1/AuthTokens/Secondary',
    ]);
    expect(server.requests[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('fails, without a token, when Twilio answers without one', async () => {
    // Prepare
    server.route(() => ({ status: 201, json: { account_sid: ACCOUNT, secondary_auth_token: null } }));

    // Act
    const error: unknown = await admin.createSecondaryAuthToken().catch((e: unknown) => e);

    // Assess
    expect(error instanceof ProviderError && [error.code, error.retryable]).toEqual(['NoToken', false]);
  });
});

describe("TwilioAccountAdmin: a number's URLs", () => {
  it('reads the five URL fields, an absent or null one as empty', async () => {
    // Prepare: the spec's instance, trimmed to the fields read.
    server.route((r) =>
      r.url === NUMBER_PATH
        ? {
            status: 200,
            json: {
              sid: NUMBER,
              phone_number: '+15005550006',
              voice_url: 'https://voice.example.com/twiml',
              voice_fallback_url: null,
              sms_url: 'https://collector.example.net/sms',
              sms_fallback_url: '',
            },
          }
        : undefined,
    );

    // Act
    const urls = await admin.numberUrls(NUMBER);

    // Assess
    expect(urls).toEqual([
      { field: 'VoiceUrl', url: 'https://voice.example.com/twiml' },
      { field: 'VoiceFallbackUrl', url: '' },
      { field: 'SmsUrl', url: 'https://collector.example.net/sms' },
      { field: 'SmsFallbackUrl', url: '' },
      { field: 'StatusCallback', url: '' },
    ]);
  });

  it('posts the fields it is given, each as its own form field', async () => {
    // Prepare
    server.route((r) => (r.url === NUMBER_PATH ? { status: 200, json: { sid: NUMBER } } : undefined));

    // Act
    await admin.setNumberUrls(NUMBER, [
      { field: 'SmsUrl', url: 'https://sms.example.com/inbound?x=1&y=2' },
      { field: 'StatusCallback', url: 'https://hooks.example.com/status' },
    ]);

    // Assess
    expect(sent()).toEqual([
      `POST ${NUMBER_PATH} SmsUrl=https%3A%2F%2Fsms.example.com%2Finbound%3Fx%3D1%26y%3D2&StatusCallback=https%3A%2F%2Fhooks.example.com%2Fstatus`,
    ]);
  });
});
