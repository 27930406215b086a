/**
 * The audit's inventory against a loopback server answering in the shapes of Twilio's OpenAPI specs
 * (../shared/openapi/twilio/twilio_api_v2010.json: Accounts, Keys, IncomingPhoneNumbers,
 * OutgoingCallerIds; twilio_iam_v1.json: Keys).
 */
import { ProviderError } from '../../../lambdas/core/ports';
import { TwilioAccountAdmin } from '../../../lambdas/providers/twilio/account-admin';
import { TwilioAccountInventoryReader } from '../../../lambdas/providers/twilio/account-inventory';
import { TwilioHttp } from '../../../lambdas/providers/twilio/twilio-http';
import { type LocalServer, startLocalServer } from '../http/local-server';
import { twilioListings } from './twilio-listings';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const SUB = `AC${'d'.repeat(32)}`;
const OTHER = `AC${'9'.repeat(32)}`;
let server: LocalServer;
let reader: TwilioAccountInventoryReader;

beforeAll(async () => {
  server = await startLocalServer();
  const base = server.baseUrl;
  reader = new TwilioAccountInventoryReader(
    ACCOUNT,
    new TwilioHttp(
      { username: ACCOUNT, password: 'token' },
      { api: base, voice: base, accounts: base, iam: base },
    ),
  );
});
afterAll(() => server.stop());

describe('TwilioAccountInventoryReader', () => {
  it("lists the account's subaccounts, its keys from both listings, its numbers' URLs and its caller IDs", async () => {
    // Prepare
    server.route(
      twilioListings({
        accounts: [
          {
            sid: ACCOUNT,
            owner_account_sid: ACCOUNT,
            friendly_name: 'main',
            status: 'active',
            date_created: 'Thu, 30 Jul 2015 20:00:00 +0000',
          },
          {
            sid: SUB,
            owner_account_sid: ACCOUNT,
            friendly_name: 'billing-2',
            status: 'active',
            date_created: 'Sun, 22 Nov 2026 02:50:00 +0000',
          },
          { sid: OTHER, owner_account_sid: OTHER, friendly_name: 'someone else', status: 'active' },
        ],
        keys: [
          {
            sid: `SK${'1'.repeat(32)}`,
            friendly_name: 'production',
            date_created: 'Fri, 10 Jan 2025 09:00:00 +0000',
          },
        ],
        iamKeys: [
          { sid: `SK${'1'.repeat(32)}`, friendly_name: 'production', date_created: '2025-01-10T09:00:00Z' },
          { sid: `SK${'2'.repeat(32)}`, friendly_name: 'restricted', date_created: '2026-11-22T02:55:00Z' },
        ],
        numbers: [
          {
            sid: `PN${'e'.repeat(32)}`,
            phone_number: '+15005550006',
            voice_url: 'https://voice.example.com/twiml',
            sms_url: 'https://collector.example.net/sms',
            sms_fallback_url: '',
            status_callback: null,
          },
        ],
        callerIds: [
          {
            sid: `PN${'0'.repeat(32)}`,
            phone_number: '+15005550009',
            friendly_name: 'ops',
            date_created: 'Sun, 22 Nov 2026 02:58:00 +0000',
          },
        ],
      }),
    );

    // Act
    const inventory = await reader.inventory();

    // Assess
    expect(inventory).toEqual({
      subaccounts: [
        { sid: SUB, friendlyName: 'billing-2', status: 'active', dateCreated: '2026-11-22T02:50:00.000Z' },
      ],
      apiKeys: [
        { sid: `SK${'1'.repeat(32)}`, friendlyName: 'production', dateCreated: '2025-01-10T09:00:00.000Z' },
        { sid: `SK${'2'.repeat(32)}`, friendlyName: 'restricted', dateCreated: '2026-11-22T02:55:00.000Z' },
      ],
      phoneNumbers: [
        {
          sid: `PN${'e'.repeat(32)}`,
          phoneNumber: '+15005550006',
          urls: [
            { field: 'VoiceUrl', url: 'https://voice.example.com/twiml' },
            { field: 'SmsUrl', url: 'https://collector.example.net/sms' },
          ],
        },
      ],
      callerIds: [
        {
          sid: `PN${'0'.repeat(32)}`,
          phoneNumber: '+15005550009',
          friendlyName: 'ops',
          dateCreated: '2026-11-22T02:58:00.000Z',
        },
      ],
    });
  });

  it('names the API key its reads were made with, and the admin refuses to delete that key', async () => {
    // Prepare
    const base = server.baseUrl;
    const ownKey = `SK${'c'.repeat(32)}`;
    const http = new TwilioHttp(
      { username: ownKey, password: 'secret' },
      { api: base, voice: base, accounts: base, iam: base },
    );
    const before = server.requests.length;

    // Act
    const inventory = await new TwilioAccountInventoryReader(ACCOUNT, http).inventory();
    const refusal: unknown = await new TwilioAccountAdmin(ACCOUNT, http)
      .deleteApiKey(ownKey)
      .catch((e: unknown) => e);

    // Assess
    expect(inventory.ownKeySid).toBe(ownKey);
    expect(refusal instanceof ProviderError && [refusal.code, refusal.retryable]).toEqual(['OwnKey', false]);
    expect(server.requests.slice(before).some((r) => r.method === 'DELETE')).toBe(false);
  });

  it('keeps the listings it could read when Twilio refuses others (a Standard key on accounts and keys)', async () => {
    // Prepare: a server of its own, where the 2010 account and key listings answer 20003.
    const refusing = await startLocalServer();
    refusing.route(
      twilioListings({ numbers: [{ sid: `PN${'e'.repeat(32)}`, phone_number: '+15005550006' }] }),
    );
    // Routes are tried newest first: the refusals before the listings.
    refusing.route((r) =>
      r.url.startsWith('/2010-04-01/Accounts.json') || r.url.includes('/Keys')
        ? { status: 401, json: { code: 20003, message: 'Authenticate', status: 401 } }
        : undefined,
    );
    const base = refusing.baseUrl;
    const standard = new TwilioHttp(
      { username: `SK${'c'.repeat(32)}`, password: 's' },
      { api: base, voice: base, accounts: base, iam: base },
    );

    // Act
    const inventory = await new TwilioAccountInventoryReader(ACCOUNT, standard).inventory();
    await refusing.stop();

    // Assess
    expect([inventory.phoneNumbers.map((n) => n.sid), inventory.unread?.map((u) => u.listing)]).toEqual([
      [`PN${'e'.repeat(32)}`],
      ['accounts', 'API keys', 'API keys (IAM)'],
    ]);
  });
});
