/**
 * The thin Twilio client against a loopback server: Basic auth, form writes, pagination (v1
 * `meta.next_page_url`, rewritten to the configured base; 2010 `next_page_uri`), Twilio's error
 * bodies (https://www.twilio.com/docs/usage/twilios-response).
 */
import { ProviderError } from '../../../lambdas/core/ports';
import { TWILIO_BASE_URLS, TwilioHttp, twilioBaseUrls } from '../../../lambdas/providers/twilio/twilio-http';
import { type LocalServer, startLocalServer } from '../http/local-server';

const KEY = { username: 'SKcccccccccccccccccccccccccccccccc', password: 'test-api-key-secret' };
let server: LocalServer;
let http: TwilioHttp;

beforeAll(async () => {
  server = await startLocalServer();
  const base = server.baseUrl;
  http = new TwilioHttp(KEY, { api: base, voice: base, accounts: base, iam: base });
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

async function rejection(pending: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('TwilioHttp', () => {
  it('signs every request with Basic auth and posts forms with repeated names in order', async () => {
    // Prepare
    server.route((r) => (r.method === 'POST' ? { status: 201, json: { ok: true } } : undefined));

    // Act
    const answer = await http.postForm('accounts', '/v1/Messaging/GeoPermissions', [
      ['Permissions', '{"country_code":"DE","enabled":false}'],
      ['Permissions', '{"country_code":"FR","enabled":false}'],
    ]);

    // Assess
    const [request] = server.requests;
    expect(answer).toEqual({ ok: true });
    expect([request?.headers.authorization, request?.headers['content-type'], request?.body]).toEqual([
      `Basic ${Buffer.from(`${KEY.username}:${KEY.password}`).toString('base64')}`,
      'application/x-www-form-urlencoded',
      'Permissions=%7B%22country_code%22%3A%22DE%22%2C%22enabled%22%3Afalse%7D&Permissions=%7B%22country_code%22%3A%22FR%22%2C%22enabled%22%3Afalse%7D',
    ]);
  });

  it("follows v1 pages, rewriting Twilio's next-page URL to the configured base", async () => {
    // Prepare
    server.route((r) =>
      r.url === '/v1/Things?PageSize=2'
        ? {
            status: 200,
            json: {
              content: [{ n: 1 }, { n: 2 }],
              meta: { next_page_url: 'https://voice.twilio.com/v1/Things?PageSize=2&Page=1&PageToken=PT2' },
            },
          }
        : r.url === '/v1/Things?PageSize=2&Page=1&PageToken=PT2'
          ? { status: 200, json: { content: [{ n: 3 }], meta: { next_page_url: null } } }
          : undefined,
    );

    // Act
    const items: unknown[] = [];
    for await (const item of http.pages('voice', '/v1/Things?PageSize=2', 'content')) items.push(item);

    // Assess
    expect(items).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1/Things?PageSize=2',
      '/v1/Things?PageSize=2&Page=1&PageToken=PT2',
    ]);
  });

  it('ends a listing whose next page points back at a page already read', async () => {
    // Prepare
    server.route((r) =>
      r.url.startsWith('/v1/Loop')
        ? {
            status: 200,
            json: { content: [{ n: 1 }], meta: { next_page_url: 'https://voice.twilio.com/v1/Loop?Page=1' } },
          }
        : undefined,
    );

    // Act
    const items: unknown[] = [];
    for await (const item of http.pages('voice', '/v1/Loop', 'content')) items.push(item);

    // Assess
    expect([items.length, server.requests.map((r) => r.url)]).toEqual([2, ['/v1/Loop', '/v1/Loop?Page=1']]);
  });

  it('follows 2010 pages by next_page_uri', async () => {
    // Prepare
    server.route((r) =>
      r.url === '/2010-04-01/Accounts.json'
        ? {
            status: 200,
            json: {
              accounts: [{ sid: 'A' }],
              next_page_uri: '/2010-04-01/Accounts.json?Page=1&PageToken=PA',
            },
          }
        : { status: 200, json: { accounts: [{ sid: 'B' }], next_page_uri: null } },
    );

    // Act
    const items: unknown[] = [];
    for await (const item of http.pages('api', '/2010-04-01/Accounts.json', 'accounts')) items.push(item);

    // Assess
    expect(items).toEqual([{ sid: 'A' }, { sid: 'B' }]);
  });

  it.each([
    [401, { code: 20003, message: 'Authenticate', status: 401 }, 'AccessDenied', false],
    [429, { code: 20429, message: 'Too Many Requests', status: 429 }, '20429', true],
    [503, undefined, 'HTTP503', true],
    [400, { code: 21211, message: "The 'To' number is not valid.", status: 400 }, '21211', false],
  ])('turns HTTP %i into a ProviderError (%j)', async (status, json, code, retryable) => {
    // Prepare
    server.route(() => ({ status, json }));

    // Act
    const error = await rejection(http.getJson('voice', '/v1/DialingPermissions/Countries'));

    // Assess
    expect([error.call, error.code, error.retryable]).toEqual([
      'twilio:GET /v1/DialingPermissions/Countries',
      code,
      retryable,
    ]);
  });

  it('reports an unreachable host as a retryable network error', async () => {
    // Prepare
    const nowhere = new TwilioHttp(KEY, { ...TWILIO_BASE_URLS, voice: 'http://127.0.0.1:9' });

    // Act
    const error = await rejection(nowhere.getJson('voice', '/v1/DialingPermissions/Countries'));

    // Assess
    expect([error.code, error.retryable]).toEqual(['NetworkError', true]);
  });

  it('takes each base URL from its TWILIO_*_BASE_URL variable, without a trailing slash', () => {
    expect(
      twilioBaseUrls({
        TWILIO_VOICE_BASE_URL: 'http://127.0.0.1:4010/',
        TWILIO_IAM_BASE_URL: 'http://127.0.0.1:4011',
      }),
    ).toEqual({
      api: 'https://api.twilio.com',
      voice: 'http://127.0.0.1:4010',
      accounts: 'https://accounts.twilio.com',
      iam: 'http://127.0.0.1:4011',
    });
  });
});
