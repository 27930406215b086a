/**
 * respondToWebhook's answers, with a flow whose steps are given: 400 for what is not a request, 403
 * before anything is read for what is not authentic, 503 when authenticity could not be checked
 * (the secret unreadable), the flow's choice for an authentic request it cannot read.
 */
import { respondToWebhook, type WebhookFlow } from '../../lambdas/core/respond-to-webhook';
import { harness } from './harness';

function flow(overrides: Partial<WebhookFlow<string>> = {}): WebhookFlow<string> & { normalized: number } {
  const f = {
    normalized: 0,
    parse: (event: unknown) =>
      typeof event === 'string'
        ? { ok: true as const, request: event }
        : { ok: false as const, reason: 'not text' },
    authenticate: (request: string) => Promise.resolve(request.startsWith('signed:')),
    normalize: () => {
      f.normalized += 1;
      return { ok: false as const, reason: 'no callback in it' };
    },
    ...overrides,
  };
  return f;
}

const log = { info: () => undefined, warn: () => undefined };

describe('respondToWebhook', () => {
  it.each([
    ['not a request', 42, {}, 400, 'bad request', 0],
    ['not authentic', 'forged', {}, 403, 'forbidden', 0],
    [
      'not checkable (the secret could not be read)',
      'signed:x',
      { authenticate: () => Promise.reject(new Error('ThrottlingException')) },
      503,
      'try again later',
      0,
    ],
    ['authentic but unreadable', 'signed:x', {}, 400, 'no callback in it', 1],
    [
      'authentic but unreadable, for a caller that retries',
      'signed:x',
      { unreadableStatus: 200 as const },
      200,
      'no callback in it',
      1,
    ],
  ])('answers a request that is %s', async (_, event, overrides, status, body, normalized) => {
    // Prepare
    const f = flow(overrides);

    // Act
    const response = await respondToWebhook(event, f, harness().deps, log);

    // Assess
    expect([response.statusCode, response.body, f.normalized]).toEqual([status, body, normalized]);
  });
});
