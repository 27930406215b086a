/**
 * A Slack workspace in memory, for the drill and tests: every message posted (kept when deleted, marked
 * so), every `response_url` answer, timestamps shaped and ordered like Slack's, and Slack's errors
 * where callers meet them (`message_not_found`; any code once with `failNext`).
 */
import { ProviderError } from '../../core/ports';
import type { Block } from '../../core/slack-blocks';
import type { SlackMessage, SlackMessageRef, SlackPort, SlackResponse } from '../../core/slack-ports';

export interface StoredSlackMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: Block[];
  deleted?: boolean;
}

/** Slack's errors that say "try again later" (as SlackWeb maps them). */
const TRANSIENT = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'service_unavailable',
  'request_timeout',
]);

/** 1700000000.000100, …000200: the microseconds of a ts, as a safe integer. */
const FIRST_TS_MICROS = 1_700_000_000_000_100;

export class InMemorySlack implements SlackPort {
  readonly messages: StoredSlackMessage[] = [];
  readonly responses: { responseUrl: string; response: SlackResponse }[] = [];
  private readonly failures: { code: string; retryable: boolean }[] = [];
  private posted = 0;

  /** The next call (post, update, delete or respond) fails with Slack's `code`; queued, one per call. */
  failNext(code: string, retryable = TRANSIENT.has(code)): void {
    this.failures.push({ code, retryable });
  }

  /** The messages of a channel not deleted, oldest first; with `threadTs`, that thread's replies. */
  visible(channel: string, threadTs?: string): StoredSlackMessage[] {
    return this.messages.filter(
      (m) => m.channel === channel && !m.deleted && (threadTs === undefined || m.threadTs === threadTs),
    );
  }

  post(channel: string, message: SlackMessage, threadTs?: string): Promise<SlackMessageRef> {
    return this.attempt('chat.postMessage', channel, () => {
      const ts = tsOf(FIRST_TS_MICROS + this.posted * 100);
      this.posted += 1;
      this.messages.push({ channel, ts, ...(threadTs ? { threadTs } : {}), ...copy(message) });
      return { channel, ts };
    });
  }

  update(ref: SlackMessageRef, message: SlackMessage): Promise<void> {
    return this.attempt('chat.update', ref.channel, () => {
      const stored = this.find('chat.update', ref);
      stored.text = message.text;
      if (message.blocks) stored.blocks = structuredClone(message.blocks);
      else delete stored.blocks;
    });
  }

  delete(ref: SlackMessageRef): Promise<void> {
    return this.attempt('chat.delete', ref.channel, () => {
      this.find('chat.delete', ref).deleted = true;
    });
  }

  respond(responseUrl: string, response: SlackResponse): Promise<void> {
    return this.attempt('response_url', URL.parse(responseUrl)?.hostname ?? '(unparsable)', () => {
      this.responses.push({ responseUrl, response: structuredClone(response) });
    });
  }

  private find(method: string, ref: SlackMessageRef): StoredSlackMessage {
    const stored = this.messages.find((m) => m.channel === ref.channel && m.ts === ref.ts && !m.deleted);
    if (!stored)
      throw new ProviderError(method, ref.channel, 'message_not_found', 'Slack answered ok: false', false);
    return stored;
  }

  private attempt<T>(method: string, resource: string, act: () => T): Promise<T> {
    const failure = this.failures.shift();
    if (failure)
      return Promise.reject(
        new ProviderError(method, resource, failure.code, 'Slack answered ok: false', failure.retryable),
      );
    // An exception in `act` (message_not_found) becomes the rejection, as a real call's would.
    return new Promise<T>((resolve) => resolve(act()));
  }
}

function tsOf(micros: number): string {
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

function copy(message: SlackMessage): Pick<StoredSlackMessage, 'text' | 'blocks'> {
  return { text: message.text, ...(message.blocks ? { blocks: structuredClone(message.blocks) } : {}) };
}
