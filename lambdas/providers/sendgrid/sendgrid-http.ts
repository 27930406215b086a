/**
 * A thin client for the SendGrid v3 endpoints the responder calls: Bearer auth with an API key, JSON
 * bodies and answers, errors (`{"errors": [{"field", "message"}]}`) as ProviderError through the
 * request shared with the Twilio client. The base URL is overridable (SENDGRID_API_BASE_URL; EU
 * subusers use https://api.eu.sendgrid.com). https://www.twilio.com/docs/sendgrid/api-reference
 */
import { type Fetch, jsonRequest } from '../http/json-request';

export const SENDGRID_BASE_URL = 'https://api.sendgrid.com';

/** `SG.<api_key_id>.<secret>`: the shape SendGrid gives every API key. */
const API_KEY = /^SG\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+$/;

export function sendGridBaseUrl(env: NodeJS.ProcessEnv): string {
  return (env.SENDGRID_API_BASE_URL || SENDGRID_BASE_URL).replace(/\/+$/, '');
}

export class SendGridHttp {
  constructor(
    private readonly apiKey: string,
    private readonly baseUrl: string = SENDGRID_BASE_URL,
    private readonly fetchFn: Fetch = (url, init) => fetch(url, init),
  ) {}

  /** The `api_key_id` of the key the requests are made with (as GET /v3/api_keys lists it). */
  get keyId(): string | undefined {
    return API_KEY.exec(this.apiKey)?.[1];
  }

  getJson(path: string): Promise<unknown> {
    return this.request('GET', path);
  }

  /** A write; `body`, when given, goes as JSON. Answers the parsed JSON (undefined for a 204). */
  send(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    return this.request(method, path, body);
  }

  private request(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    return jsonRequest(
      this.fetchFn,
      {
        call: `sendgrid:${method} ${new URL(url).pathname}`,
        method,
        url,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      sendGridError,
    );
  }
}

function sendGridError(parsed: unknown): { code?: string; message?: string } {
  const errors = (parsed as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return {};
  const messages = errors
    .map((e) => (typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined))
    .filter((m): m is string => typeof m === 'string');
  return messages.length ? { message: messages.join('; ') } : {};
}
