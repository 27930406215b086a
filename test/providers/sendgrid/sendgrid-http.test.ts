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
