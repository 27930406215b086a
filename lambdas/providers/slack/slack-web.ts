/**
 * The Slack side of the responder: chat.postMessage / chat.update / chat.delete through
 * `@slack/web-api`'s WebClient (bot token), and a click's `response_url` through plain fetch.
 * https://api.slack.com/methods/chat.postMessage, https://api.slack.com/methods/chat.update,
 * https://api.slack.com/methods/chat.delete, https://api.slack.com/interactivity/handling#message_responses
 *
 * WebClient's defaults suit a long-lived bot, not a Lambda: ten retries over about thirty minutes, no
 * request timeout, and a rate-limited call that sleeps for Retry-After inside the client. Here a call
 * gets a few attempts within seconds, and a 429 is thrown at once as a retryable ProviderError: the
 * delivery is retried later, rather than the function sleeping out its timeout.
 */
import {
  ErrorCode,
  type FetchFunction,
  LogLevel,
  type WebAPICallError,
  WebClient,
  type WebAPICallResult,
} from '@slack/web-api';
import { ProviderError } from '../../core/ports';
import type { SlackMessage, SlackMessageRef, SlackPort, SlackResponse } from '../../core/slack-ports';
import type { Fetch } from '../http/json-request';

export const SLACK_API_URL = 'https://slack.com/api/';
export const SLACK_RESPONSE_HOSTS: readonly string[] = ['hooks.slack.com'];

export interface SlackWebOptions {
  /** The bot token (`xoxb-…`), or how to read it (Secrets Manager, cached by the caller). */
  token: string | (() => Promise<string>);
  /** SLACK_API_BASE_URL; the method name is appended, so it ends with `/api/`. */
  baseUrl?: string;
  /** Used for the Web API and for `response_url`s alike. */
  fetchImpl?: Fetch;
  /** The only hosts a `response_url` may point at (over https). */
  responseHosts?: readonly string[];
  /** Attempts after the first, for network errors and 5xx (not for 429 or Slack's `ok: false`). */
  retries?: number;
  /** Per attempt. */
  timeoutMs?: number;
}

/** Slack's own errors that say "try again later", rather than "this call is wrong". */
const TRANSIENT = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Slack's error strings: `channel_not_found`, `invalid_auth`… */
const SLACK_CODE = /^[a-z0-9_]{1,64}$/;

export function slackApiUrl(env: NodeJS.ProcessEnv): string {
  const url = env.SLACK_API_BASE_URL || SLACK_API_URL;
  return url.endsWith('/') ? url : `${url}/`;
}

export class SlackWeb implements SlackPort {
  private readonly fetchFn: Fetch;
  private readonly responseHosts: readonly string[];
  private client: { token: string; web: WebClient } | undefined;

  constructor(private readonly options: SlackWebOptions) {
    this.fetchFn = options.fetchImpl ?? ((url, init) => fetch(url, init));
    this.responseHosts = options.responseHosts ?? SLACK_RESPONSE_HOSTS;
  }

  async post(channel: string, message: SlackMessage, threadTs?: string): Promise<SlackMessageRef> {
    const answer = await this.call('chat.postMessage', channel, (web) =>
      web.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        // A URL an attacker chose must never be fetched by Slack's unfurler or shown as a preview.
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (typeof answer.channel !== 'string' || typeof answer.ts !== 'string' || !answer.channel || !answer.ts)
      throw new ProviderError(
        'chat.postMessage',
        channel,
        'invalid_response',
        'Slack answered ok without the channel and ts of the message',
        false,
      );
    return { channel: answer.channel, ts: answer.ts };
  }

  async update(ref: SlackMessageRef, message: SlackMessage): Promise<void> {
    await this.call('chat.update', ref.channel, (web) =>
      web.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      }),
    );
  }

  async delete(ref: SlackMessageRef): Promise<void> {
    await this.call('chat.delete', ref.channel, (web) =>
      web.chat.delete({ channel: ref.channel, ts: ref.ts }),
    );
  }

  async respond(responseUrl: string, response: SlackResponse): Promise<void> {
    const host = this.checkResponseUrl(responseUrl);
    const body = {
      text: response.text,
      ...(response.blocks ? { blocks: response.blocks } : {}),
      response_type: response.responseType,
      ...(response.replaceOriginal === undefined ? {} : { replace_original: response.replaceOriginal }),
    };
    let answer: Response;
    try {
      answer = await this.fetchFn(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        // A redirect would take the message (and the capability in the path) somewhere unchecked.
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 3000),
      });
    } catch (error) {
      // The fetch error may quote the URL: only its name and the host are kept.
      throw new ProviderError('response_url', host, networkCode(error), 'request failed', true);
    }
    if (answer.ok) return;
    const text = (await answer.text().catch(() => '')).trim();
    // Slack answers a response_url's errors as a bare word (`expired_url`, `used_url`, `invalid_blocks`).
    const code = SLACK_CODE.test(text) ? text : `HTTP${answer.status}`;
    throw new ProviderError(
      'response_url',
      host,
      code,
      `HTTP ${answer.status}`,
      answer.status === 429 || answer.status >= 500,
    );
  }

  /** The host of an allowed `response_url`; anything else is refused naming the host only (the path is a capability). */
  private checkResponseUrl(responseUrl: string): string {
    let url: URL;
    try {
      url = new URL(responseUrl);
    } catch {
      throw new ProviderError('response_url', '(unparsable)', 'invalid_response_url', 'not a URL', false);
    }
    const refuse = (why: string) =>
      new ProviderError('response_url', url.hostname, 'invalid_response_url', why, false);
    if (url.protocol !== 'https:') throw refuse(`refused: ${url.protocol} is not https`);
    if (url.username || url.password) throw refuse('refused: credentials in the URL');
    if (url.port) throw refuse('refused: an explicit port');
    if (!this.responseHosts.includes(url.hostname))
      throw refuse(`refused: ${url.hostname} is not one of ${this.responseHosts.join(', ')}`);
    return url.hostname;
  }

  private async call<T extends WebAPICallResult>(
    method: string,
    channel: string,
    send: (web: WebClient) => Promise<T>,
  ): Promise<T> {
    const token = typeof this.options.token === 'string' ? this.options.token : await this.options.token();
    if (!token) throw new ProviderError(method, channel, 'not_authed', 'no Slack bot token', false);
    try {
      return await send(this.web(token));
    } catch (error) {
      throw slackError(method, channel, error, token);
    }
  }

  /** One client per token: a rotated token (a new secret value) gets a new client. */
  private web(token: string): WebClient {
    if (this.client?.token !== token) {
      const fetchFn = this.fetchFn;
      const viaFetch: FetchFunction = (url, init) => fetchFn(String(url), init ?? {});
      this.client = {
        token,
        // The token in the constructor goes as `Authorization: Bearer`; a per-call `token` would
        // also be copied into the form body.
        web: new WebClient(token, {
          slackApiUrl: this.options.baseUrl ?? SLACK_API_URL,
          allowAbsoluteUrls: false,
          fetch: viaFetch,
          timeout: this.options.timeoutMs ?? 3000,
          retryConfig: { retries: this.options.retries ?? 2, factor: 2, minTimeout: 250, maxTimeout: 1000 },
          rejectRateLimitedCalls: true,
          logLevel: LogLevel.ERROR,
        }),
      };
    }
    return this.client.web;
  }
}

/** A WebClient failure as a ProviderError: Slack's error string as the code, the token never in it. */
export function slackError(method: string, channel: string, error: unknown, token: string): ProviderError {
  const { code, message, retryable } = readFailure(error);
  const scrub = (text: string) => (token ? text.split(token).join('[token]') : text);
  return new ProviderError(method, channel, scrub(code), scrub(message), retryable);
}

function readFailure(error: unknown): { code: string; message: string; retryable: boolean } {
  if (isWebApiError(error)) {
    switch (error.code) {
      case ErrorCode.PlatformError: {
        // A 200 whose body is not JSON reaches here with the body itself as `error`.
        const raw: unknown = error.data.error;
        const slackCode = typeof raw === 'string' && SLACK_CODE.test(raw) ? raw : 'invalid_response';
        return { code: slackCode, message: 'Slack answered ok: false', retryable: TRANSIENT.has(slackCode) };
      }
      case ErrorCode.RateLimitedError:
        return {
          code: 'ratelimited',
          message: `rate limited, retry after ${error.retryAfter} s`,
          retryable: true,
        };
      case ErrorCode.HTTPError: {
        const body: unknown = error.body;
        const slackCode =
          typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
        return {
          code:
            typeof slackCode === 'string' && SLACK_CODE.test(slackCode)
              ? slackCode
              : `HTTP${error.statusCode}`,
          message: `HTTP ${error.statusCode}`,
          retryable: error.statusCode === 408 || error.statusCode >= 500,
        };
      }
      case ErrorCode.RequestError:
        return { code: networkCode(error.original), message: error.original.message, retryable: true };
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  // A 429 without a usable Retry-After comes as a plain Error ("Retry header did not contain…").
  if (/retry header|rate limit/i.test(message)) return { code: 'ratelimited', message, retryable: true };
  return { code: 'unknown', message, retryable: false };
}

function isWebApiError(error: unknown): error is WebAPICallError {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code: unknown = error.code;
  return (
    code === ErrorCode.PlatformError ||
    code === ErrorCode.RateLimitedError ||
    code === ErrorCode.HTTPError ||
    code === ErrorCode.RequestError
  );
}

/**
 * `timeout` when the per-attempt AbortSignal fired, else `request_error`. Read by name and message, not
 * `instanceof`: fetch rejects with a DOMException, which WebClient re-wraps as `Error("TimeoutError: …")`
 * when it comes from another realm (a jest sandbox).
 */
function networkCode(error: unknown): string {
  const named =
    typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : {};
  const timedOut =
    named.name === 'TimeoutError' ||
    (typeof named.message === 'string' && named.message.startsWith('TimeoutError'));
  return timedOut ? 'timeout' : 'request_error';
}
