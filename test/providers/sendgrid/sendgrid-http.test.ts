/** The SendGrid client's errors (https://www.twilio.com/docs/sendgrid/api-reference: `{"errors": [{"field", "message"}]}`). */
import { ProviderError } from '../../../lambdas/core/ports';
import { SendGridHttp, sendGridBaseUrl } from '../../../lambdas/providers/sendgrid/sendgrid-http';
import { type LocalServer, startLocalServer } from '../http/local-server';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

describe('SendGridHttp', () => {
  it.each([
    [
      401,
      { errors: [{ field: null, message: 'authorization required' }] },
      'AccessDenied',
      'authorization required',
      false,
    ],
    [429, { errors: [{ message: 'too many requests' }] }, 'HTTP429', 'too many requests', true],
  ])('turns HTTP %i into a ProviderError naming the call', async (status, json, code, message, retryable) => {
    // Prepare
    server.route(() => ({ status, json }));

    // Act
    const error: unknown = await new SendGridHttp('SG.x', server.baseUrl)
      .getJson('/v3/teammates')
      .catch((e: unknown) => e);

    // Assess
    expect(
      error instanceof ProviderError && [
        error.call,
        error.code,
        error.message.startsWith(`sendgrid:GET /v3/teammates on `),
        error.message.includes(message),
        error.retryable,
      ],
    ).toEqual(['sendgrid:GET /v3/teammates', code, true, true, retryable]);
  });

  it('takes the base URL from SENDGRID_API_BASE_URL, else the global API', () => {
    expect([
      sendGridBaseUrl({ SENDGRID_API_BASE_URL: 'https://api.eu.sendgrid.com/' }),
      sendGridBaseUrl({}),
    ]).toEqual(['https://api.eu.sendgrid.com', 'https://api.sendgrid.com']);
  });
});

describe('SendGridHttp writes and key id', () => {
  it('sends a JSON body with its content type, and reads a 204 as undefined', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));

    // Act
    const answer = await new SendGridHttp('SG.x', server.baseUrl).send('PATCH', '/v3/subusers/u', {
      disabled: true,
    });

    // Assess
    expect([
      answer,
      server.requests.map((r) => [r.method, r.url, r.headers['content-type'], r.body]),
    ]).toEqual([undefined, [['PATCH', '/v3/subusers/u', 'application/json', '{"disabled":true}']]]);
  });

  it('sends no body and no content type when there is none', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));

    // Act
    await new SendGridHttp('SG.x', server.baseUrl).send('DELETE', '/v3/teammates/t');

    // Assess
    expect(server.requests.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
      ['DELETE', undefined, ''],
    ]);
  });

  it('names a failed write by its method and path', async () => {
    // Prepare
    server.route(() => ({ status: 500, json: { errors: [{ message: 'unable to enable user' }] } }));

    // Act
    const error: unknown = await new SendGridHttp('SG.x', server.baseUrl)
      .send('POST', '/v3/access_settings/whitelist', { ips: [] })
      .catch((e: unknown) => e);

    // Assess
    expect(error instanceof ProviderError && [error.call, error.retryable]).toEqual([
      'sendgrid:POST /v3/access_settings/whitelist',
      true,
    ]);
  });

  it.each([
    ['SG.abc123.secretpart', 'abc123'],
    ['SG.Ab-_9.x-_Y', 'Ab-_9'],
    ['not-a-key', undefined],
    ['SG.x', undefined],
    ['SG..secret', undefined],
    ['SG.a.b.c', undefined],
  ])('reads the key id of %j as %j', (apiKey, keyId) => {
    expect(new SendGridHttp(apiKey).keyId).toBe(keyId);
  });
});
