/**
 * A thin client for the handful of Twilio REST endpoints the responder calls: Basic auth (an API key
 * SID and secret, or the Account SID and auth token), JSON answers, form-encoded writes, every page
 * of a listing, errors as ProviderError. Not the `twilio` package: 3.67 MB and ~170 ms of cold
 * import for a few endpoints (TOOLCHAIN.md).
 *
 * Every base URL is overridable (TWILIO_API_BASE_URL, TWILIO_VOICE_BASE_URL, TWILIO_ACCOUNTS_BASE_URL,
 * TWILIO_IAM_BASE_URL), like AWS_ENDPOINT_URL; the next-page URLs Twilio returns are rewritten to the
 * override, so a listing never leaves the emulator it started on.
 * Errors: https://www.twilio.com/docs/usage/twilios-response (body `code`, `message`, `status`); the
 * sending and error mapping shared with the SendGrid client live in ../http/json-request.ts.
 */
import type { FormParams } from '../../core/ports';
import { type Fetch, jsonRequest } from '../http/json-request';

export type TwilioService = 'api' | 'voice' | 'accounts' | 'iam';

export const TWILIO_BASE_URLS: Readonly<Record<TwilioService, string>> = {
  api: 'https://api.twilio.com',
  voice: 'https://voice.twilio.com',
  accounts: 'https://accounts.twilio.com',
  iam: 'https://iam.twilio.com',
};

const OVERRIDES: Readonly<Record<TwilioService, string>> = {
  api: 'TWILIO_API_BASE_URL',
  voice: 'TWILIO_VOICE_BASE_URL',
  accounts: 'TWILIO_ACCOUNTS_BASE_URL',
  iam: 'TWILIO_IAM_BASE_URL',
};

export interface TwilioCredentials {
  /** An API key SID (`SK…`) or the Account SID. */
  username: string;
  /** The API key's secret, or the auth token. */
  password: string;
}

export function twilioBaseUrls(env: NodeJS.ProcessEnv): Record<TwilioService, string> {
  const urls = { ...TWILIO_BASE_URLS };
  for (const service of Object.keys(OVERRIDES) as TwilioService[]) {
    const override = env[OVERRIDES[service]];
    if (override) urls[service] = override.replace(/\/+$/, '');
  }
  return urls;
}

export class TwilioHttp {
  constructor(
    private readonly credentials: TwilioCredentials,
    private readonly baseUrls: Readonly<Record<TwilioService, string>> = TWILIO_BASE_URLS,
    private readonly fetchFn: Fetch = (url, init) => fetch(url, init),
  ) {}

  /** The API key (SK…) the requests are made with; undefined with the auth token. */
  get keySid(): string | undefined {
    return this.credentials.username.startsWith('SK') ? this.credentials.username : undefined;
  }

  getJson(service: TwilioService, path: string): Promise<unknown> {
    return this.send('GET', this.url(service, path));
  }

  postForm(service: TwilioService, path: string, params: FormParams): Promise<unknown> {
    return this.send('POST', this.url(service, path), formOf(params));
  }

  delete(service: TwilioService, path: string): Promise<unknown> {
    return this.send('DELETE', this.url(service, path));
  }

  patchForm(service: TwilioService, path: string, params: FormParams): Promise<unknown> {
    return this.send('PATCH', this.url(service, path), formOf(params));
  }

  /** Every item of a listing whose pages carry `meta.next_page_url` (v1 APIs) or `next_page_uri` (2010). */
  async *pages(service: TwilioService, path: string, key: string): AsyncGenerator<unknown> {
    let next: string | undefined = this.url(service, path);
    // A next page already read ends the listing: a server that points back never loops us forever.
    const read = new Set<string>();
    while (next !== undefined && !read.has(next)) {
      read.add(next);
      const page = await this.send('GET', next);
      const record = typeof page === 'object' && page !== null ? (page as Record<string, unknown>) : {};
      const items = record[key];
      if (Array.isArray(items)) yield* items;
      next = this.nextPage(service, record);
    }
  }

  private nextPage(service: TwilioService, page: Record<string, unknown>): string | undefined {
    const meta = page.meta as Record<string, unknown> | undefined;
    const absolute = typeof meta?.next_page_url === 'string' ? meta.next_page_url : undefined;
    if (absolute) {
      // Same path and query, on the configured base: an emulator's pages stay on the emulator.
      const parsed = new URL(absolute);
      return `${this.baseUrls[service]}${parsed.pathname}${parsed.search}`;
    }
    const relative = typeof page.next_page_uri === 'string' ? page.next_page_uri : undefined;
    return relative ? `${this.baseUrls[service]}${relative}` : undefined;
  }

  private url(service: TwilioService, path: string): string {
    return `${this.baseUrls[service]}${path}`;
  }

  private send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: string): Promise<unknown> {
    const auth = Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64');
    return jsonRequest(
      this.fetchFn,
      {
        call: `twilio:${method} ${new URL(url).pathname}`,
        method,
        url,
        headers: {
          authorization: `Basic ${auth}`,
          ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(body === undefined ? {} : { body }),
      },
      twilioError,
    );
  }
}

/** Names may repeat (GeoPermissions' `Permissions`): each pair is its own field, in order. */
function formOf(params: FormParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of params) form.append(name, value);
  return form.toString();
}

/** Twilio's error body: `{code, message, more_info, status}`. */
function twilioError(parsed: unknown): { code?: string; message?: string } {
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  return {
    ...(typeof fields.code === 'number' || typeof fields.code === 'string'
      ? { code: String(fields.code) }
      : {}),
    ...(typeof fields.message === 'string' ? { message: fields.message } : {}),
  };
}
