/**
 * SlackWeb against a loopback server answering as Slack's Web API documents it: every method is a POST
 * to `https://slack.com/api/{method}` with `Authorization: Bearer xoxb-…`, answered HTTP 200 with
 * `{"ok": true, …}` or `{"ok": false, "error": "…"}`, and HTTP 429 with `Retry-After` when rate
 * limited (https://api.slack.com/web, https://api.slack.com/docs/rate-limits). WebClient 8 sends the
 * arguments form-encoded, objects (blocks) as JSON strings. And InMemorySlack, the port's other side.
 */
import { type IncomingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../../../lambdas/core/ports';
import { type Block, mrkdwn } from '../../../lambdas/core/slack-blocks';
import type { SlackResponse } from '../../../lambdas/core/slack-ports';
import { InMemorySlack } from '../../../lambdas/providers/memory/slack';
import { SlackWeb, type SlackWebOptions, slackApiUrl } from '../../../lambdas/providers/slack/slack-web';

const TOKEN = 'xoxb-1111-2222-secretpart';
const CHANNEL = 'C0123ABCDEF';
const BLOCKS: Block[] = [
  { type: 'header', text: { type: 'plain_text', text: 'Leaked key contained' } },
  { type: 'section', text: mrkdwn('Key `AKIA…` of `deploy-bot` deactivated') },
  {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: 'ato.approve',
        text: { type: 'plain_text', text: 'Approve' },
        style: 'primary',
        value: 'ap-1',
      },
    ],
  },
];

interface SlackRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The form-encoded arguments, decoded. */
  form: Record<string, string>;
}
type SlackAnswer =
  { status: number; json?: unknown; text?: string; headers?: Record<string, string> } | 'hang';

/** Records each request; answers with `answer`, which a test sets (`hang`: never answers). */
function slackApi() {
  const requests: SlackRequest[] = [];
  const hanging: ServerResponse[] = [];
  let answer: (request: SlackRequest) => SlackAnswer = () => ({ status: 404 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
      };
      requests.push(request);
      const reply = answer(request);
      if (reply === 'hang') return void hanging.push(res);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json)));
    });
  });
  return {
    requests,
    answer: (next: typeof answer) => {
      answer = next;
    },
    reset: () => {
      requests.length = 0;
      answer = () => ({ status: 404 });
    },
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => {
          const { port } = server.address() as AddressInfo;
          resolve(`http://127.0.0.1:${port}/api/`);
        }),
      ),
    stop: () => {
      for (const res of hanging.splice(0)) res.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const api = slackApi();
let baseUrl: string;
beforeAll(async () => {
  baseUrl = await api.start();
});
afterAll(() => api.stop());
beforeEach(() => api.reset());

function slackWeb(options: Partial<SlackWebOptions> = {}): SlackWeb {
  return new SlackWeb({ token: TOKEN, baseUrl, retries: 0, ...options });
}

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe('SlackWeb: chat methods', () => {
  it('posts a top-level message form-encoded with the bot token, blocks as JSON, unfurling off', async () => {
    // Prepare: https://api.slack.com/methods/chat.postMessage (response example)
    api.answer(() => ({
      status: 200,
      json: { ok: true, channel: CHANNEL, ts: '1503435956.000247', message: { text: 'x' } },
    }));

    // Act
    const ref = await slackWeb().post(CHANNEL, { text: 'Leaked key contained', blocks: BLOCKS });

    // Assess
    expect(ref).toEqual({ channel: CHANNEL, ts: '1503435956.000247' });
    expect(
      api.requests.map((r) => [r.method, r.path, r.headers.authorization, r.headers['content-type'], r.form]),
    ).toEqual([
      [
        'POST',
        '/api/chat.postMessage',
        `Bearer ${TOKEN}`,
        'application/x-www-form-urlencoded',
        {
          channel: CHANNEL,
          text: 'Leaked key contained',
          blocks: JSON.stringify(BLOCKS),
          unfurl_links: 'false',
          unfurl_media: 'false',
        },
      ],
    ]);
  });

  it('posts a reply in a thread with thread_ts, and no blocks when there are none', async () => {
    // Prepare
    api.answer(() => ({ status: 200, json: { ok: true, channel: CHANNEL, ts: '1503435957.000100' } }));

    // Act
    await slackWeb().post(CHANNEL, { text: 'Contained in 4 s' }, '1503435956.000247');

    // Assess
    expect(api.requests.map((r) => r.form)).toEqual([
      {
        channel: CHANNEL,
        text: 'Contained in 4 s',
        thread_ts: '1503435956.000247',
        unfurl_links: 'false',
        unfurl_media: 'false',
      },
    ]);
  });

  it('updates a message in place with chat.update', async () => {
    // Prepare: https://api.slack.com/methods/chat.update
    api.answer(() => ({
      status: 200,
      json: { ok: true, channel: CHANNEL, ts: '1503435956.000247', text: 'Resolved' },
    }));

    // Act
    await slackWeb().update(
      { channel: CHANNEL, ts: '1503435956.000247' },
      { text: 'Resolved', blocks: BLOCKS },
    );

    // Assess
    expect(api.requests.map((r) => [r.path, r.headers.authorization, r.form])).toEqual([
      [
        '/api/chat.update',
        `Bearer ${TOKEN}`,
        { channel: CHANNEL, ts: '1503435956.000247', text: 'Resolved', blocks: JSON.stringify(BLOCKS) },
      ],
    ]);
  });

  it('deletes a message with chat.delete', async () => {
    // Prepare: https://api.slack.com/methods/chat.delete
    api.answer(() => ({ status: 200, json: { ok: true, channel: CHANNEL, ts: '1503435956.000247' } }));

    // Act
    await slackWeb().delete({ channel: CHANNEL, ts: '1503435956.000247' });

    // Assess
    expect(api.requests.map((r) => [r.path, r.form])).toEqual([
      ['/api/chat.delete', { channel: CHANNEL, ts: '1503435956.000247' }],
    ]);
  });

  it('reads the token through the getter on every call, so a rotated token is used at once', async () => {
    // Prepare
    api.answer(() => ({ status: 200, json: { ok: true, channel: CHANNEL, ts: '1503435956.000247' } }));
    const tokens = ['xoxb-old', 'xoxb-new'];
    const slack = slackWeb({ token: () => Promise.resolve(tokens.shift() ?? '') });

    // Act
    await slack.post(CHANNEL, { text: 'a' });
    await slack.post(CHANNEL, { text: 'b' });

    // Assess
    expect(api.requests.map((r) => r.headers.authorization)).toEqual(['Bearer xoxb-old', 'Bearer xoxb-new']);
  });

  it('refuses an ok answer without the ts of the message', async () => {
    // Prepare
    api.answer(() => ({ status: 200, json: { ok: true, channel: CHANNEL } }));

    // Act
    const error = await failure(slackWeb().post(CHANNEL, { text: 'a' }));

    // Assess
    expect([error.call, error.code, error.retryable]).toEqual([
      'chat.postMessage',
      'invalid_response',
      false,
    ]);
  });

  it('takes the API URL from SLACK_API_BASE_URL, else Slack’s', () => {
    expect([slackApiUrl({ SLACK_API_BASE_URL: 'http://127.0.0.1:9/api' }), slackApiUrl({})]).toEqual([
      'http://127.0.0.1:9/api/',
      'https://slack.com/api/',
    ]);
  });
});

describe('SlackWeb: errors', () => {
  it('turns ok: false into a ProviderError with Slack’s code, not retried, without the token', async () => {
    // Prepare: https://api.slack.com/methods/chat.postMessage#errors
    api.answer(() => ({ status: 200, json: { ok: false, error: 'channel_not_found' } }));

    // Act: the default retries, to show a platform error is not retried
    const error = await failure(
      new SlackWeb({ token: TOKEN, baseUrl }).post(CHANNEL, { text: 'a', blocks: BLOCKS }),
    );

    // Assess
    expect([error.call, error.resource, error.code, error.retryable, api.requests.length]).toEqual([
      'chat.postMessage',
      CHANNEL,
      'channel_not_found',
      false,
      1,
    ]);
    expect(error.message.includes('xoxb')).toBe(false);
  });

  it.each(['not_in_channel', 'invalid_auth', 'message_not_found'])('keeps %s as the code', async (code) => {
    // Prepare
    api.answer(() => ({ status: 200, json: { ok: false, error: code } }));

    // Act
    const error = await failure(slackWeb().update({ channel: CHANNEL, ts: '1.2' }, { text: 'a' }));

    // Assess
    expect([error.call, error.code, error.retryable]).toEqual(['chat.update', code, false]);
  });

  it.each([
    ['a body that is not JSON', { text: '<html>proxy error</html>' }],
    ['ok: false without an error', { json: { ok: false } }],
  ])('answers invalid_response for %s', async (_, body) => {
    // Prepare
    api.answer(() => ({ status: 200, ...body }));

    // Act
    const error = await failure(slackWeb().post(CHANNEL, { text: 'a' }));

    // Assess
    expect([error.code, error.retryable, error.message.includes('html')]).toEqual([
      'invalid_response',
      false,
      false,
    ]);
  });

  it('treats Slack’s transient ok: false (internal_error) as retryable', async () => {
    // Prepare
    api.answer(() => ({ status: 200, json: { ok: false, error: 'internal_error' } }));

    // Act
    const error = await failure(slackWeb().delete({ channel: CHANNEL, ts: '1.2' }));

    // Assess
    expect([error.call, error.code, error.retryable]).toEqual(['chat.delete', 'internal_error', true]);
  });

  it('throws HTTP 429 with Retry-After at once as a retryable ratelimited, without sleeping or retrying', async () => {
    // Prepare: https://api.slack.com/docs/rate-limits — HTTP 429, `Retry-After: <seconds>`
    api.answer(() => ({
      status: 429,
      json: { ok: false, error: 'ratelimited' },
      headers: { 'retry-after': '30' },
    }));
    const started = Date.now();

    // Act: the default retries
    const error = await failure(new SlackWeb({ token: TOKEN, baseUrl }).post(CHANNEL, { text: 'a' }));

    // Assess
    expect([error.code, error.retryable, error.message.includes('30 s'), api.requests.length]).toEqual([
      'ratelimited',
      true,
      true,
      1,
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('treats a 429 without a usable Retry-After as ratelimited too', async () => {
    // Prepare
    api.answer(() => ({ status: 429 }));

    // Act
    const error = await failure(slackWeb().post(CHANNEL, { text: 'a' }));

    // Assess
    expect([error.code, error.retryable]).toEqual(['ratelimited', true]);
  });

  it('retries a 5xx a bounded number of times, then throws it retryable', async () => {
    // Prepare
    api.answer(() => ({ status: 503 }));

    // Act
    const error = await failure(slackWeb({ retries: 1 }).post(CHANNEL, { text: 'a' }));

    // Assess
    expect([error.code, error.retryable, api.requests.length]).toEqual(['HTTP503', true, 2]);
  });

  it('names a request that timed out, retryable', async () => {
    // Prepare
    api.answer(() => 'hang');

    // Act
    const error = await failure(slackWeb({ timeoutMs: 50 }).post(CHANNEL, { text: 'a' }));

    // Assess
    expect([error.code, error.retryable]).toEqual(['timeout', true]);
  });

  it('names a refused connection a retryable request_error', async () => {
    // Prepare: a port nothing listens on any more
    const closed = slackApi();
    const closedUrl = await closed.start();
    await closed.stop();

    // Act
    const error = await failure(slackWeb({ baseUrl: closedUrl }).post(CHANNEL, { text: 'a' }));

    // Assess
    expect([error.code, error.retryable, error.message.includes(TOKEN)]).toEqual([
      'request_error',
      true,
      false,
    ]);
  });
});

describe('SlackWeb: response_url', () => {
  const RESPONSE_URL = 'https://hooks.slack.com/actions/T0123/456789/s3cr3tCapability';
  const RESPONSE: SlackResponse = {
    text: 'Approved by <@U1>',
    blocks: BLOCKS.slice(0, 2),
    responseType: 'in_channel',
    replaceOriginal: true,
  };

  function recordingFetch(answer: () => Response = () => new Response('', { status: 200 })) {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchImpl = (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(answer());
    };
    return { calls, fetchImpl };
  }

  it('POSTs the response as JSON to an allowed https host, redirects refused', async () => {
    // Prepare: https://api.slack.com/interactivity/handling#message_responses
    const { calls, fetchImpl } = recordingFetch();

    // Act
    await slackWeb({ fetchImpl }).respond(RESPONSE_URL, RESPONSE);

    // Assess
    expect(
      calls.map(({ url, init }) => [
        url,
        init.method,
        init.headers,
        JSON.parse(init.body as string) as unknown,
        init.redirect,
      ]),
    ).toEqual([
      [
        RESPONSE_URL,
        'POST',
        { 'content-type': 'application/json' },
        {
          text: 'Approved by <@U1>',
          blocks: BLOCKS.slice(0, 2),
          response_type: 'in_channel',
          replace_original: true,
        },
        'error',
      ],
    ]);
  });

  it.each([
    ['http://hooks.slack.com/actions/T0123/456789/s3cr3tCapability', 'hooks.slack.com'],
    ['https://evil.example/actions/T0123/456789/s3cr3tCapability', 'evil.example'],
    ['https://user:pw@hooks.slack.com/actions/T0123/456789/s3cr3tCapability', 'hooks.slack.com'],
    ['https://hooks.slack.com:8443/actions/T0123/456789/s3cr3tCapability', 'hooks.slack.com'],
    [
      'https://hooks.slack.com.evil.example/actions/T0123/456789/s3cr3tCapability',
      'hooks.slack.com.evil.example',
    ],
  ])('refuses %s, naming the host and never the path', async (url, host) => {
    // Prepare
    const { calls, fetchImpl } = recordingFetch();

    // Act
    const error = await failure(slackWeb({ fetchImpl }).respond(url, RESPONSE));

    // Assess
    expect([error.code, error.resource, error.message.includes(host), calls.length]).toEqual([
      'invalid_response_url',
      host,
      true,
      0,
    ]);
    expect([error.message.includes('s3cr3t'), error.message.includes('pw')]).toEqual([false, false]);
  });

  it.each([
    [404, 'expired_url', 'expired_url', false],
    [500, '<html>oops</html>', 'HTTP500', true],
  ])('turns HTTP %i into an error with the status', async (status, body, code, retryable) => {
    // Prepare
    const { fetchImpl } = recordingFetch(() => new Response(body, { status }));

    // Act
    const error = await failure(slackWeb({ fetchImpl }).respond(RESPONSE_URL, RESPONSE));

    // Assess
    expect([
      error.call,
      error.code,
      error.message.includes(`HTTP ${status}`),
      error.retryable,
      error.message.includes('s3cr3t'),
    ]).toEqual(['response_url', code, true, retryable, false]);
  });
});

describe('InMemorySlack', () => {
  it('gives timestamps shaped like Slack’s, increasing with each post', async () => {
    // Prepare
    const slack = new InMemorySlack();

    // Act
    const refs = [
      await slack.post(CHANNEL, { text: 'a' }),
      await slack.post('C2', { text: 'b' }),
      await slack.post(CHANNEL, { text: 'c' }, '1700000000.000100'),
    ];

    // Assess
    expect(refs.map((r) => r.ts)).toEqual(['1700000000.000100', '1700000000.000200', '1700000000.000300']);
    expect(slack.visible(CHANNEL, '1700000000.000100').map((m) => m.text)).toEqual(['c']);
  });

  it('updates a message in place and refuses an unknown or deleted ts with message_not_found', async () => {
    // Prepare
    const slack = new InMemorySlack();
    const ref = await slack.post(CHANNEL, { text: 'open', blocks: BLOCKS });

    // Act
    await slack.update(ref, { text: 'resolved' });
    const unknown = await failure(slack.update({ channel: CHANNEL, ts: '1.000001' }, { text: 'x' }));
    await slack.delete(ref);
    const deleted = await failure(slack.update(ref, { text: 'x' }));

    // Assess
    expect(slack.messages).toEqual([{ channel: CHANNEL, ts: ref.ts, text: 'resolved', deleted: true }]);
    expect([unknown.code, unknown.call, deleted.code]).toEqual([
      'message_not_found',
      'chat.update',
      'message_not_found',
    ]);
  });

  it('fails exactly the next call with failNext, then works again', async () => {
    // Prepare
    const slack = new InMemorySlack();
    slack.failNext('ratelimited');
    slack.failNext('not_in_channel');

    // Act
    const first = await failure(slack.post(CHANNEL, { text: 'a' }));
    const second = await failure(slack.respond('https://hooks.slack.com/actions/x', RESPONSE_FOR_MEMORY));
    await slack.post(CHANNEL, { text: 'b' });

    // Assess
    expect([first.code, first.retryable, second.code, second.retryable]).toEqual([
      'ratelimited',
      true,
      'not_in_channel',
      false,
    ]);
    expect([slack.messages.map((m) => m.text), slack.responses]).toEqual([['b'], []]);
  });

  it('keeps every response given through a response_url', async () => {
    // Prepare
    const slack = new InMemorySlack();

    // Act
    await slack.respond('https://hooks.slack.com/actions/x', RESPONSE_FOR_MEMORY);

    // Assess
    expect(slack.responses).toEqual([
      { responseUrl: 'https://hooks.slack.com/actions/x', response: RESPONSE_FOR_MEMORY },
    ]);
  });
});

const RESPONSE_FOR_MEMORY: SlackResponse = { text: 'Denied', responseType: 'ephemeral' };
