/**
 * A thin client for the SendGrid v3 endpoints the responder reads: Bearer auth with an API key, JSON
 * answers, errors (`{"errors": [{"field", "message"}]}`) as ProviderError through the request shared
 * with the Twilio client. The base URL is overridable (SENDGRID_API_BASE_URL; EU subusers use
 * https://api.eu.sendgrid.com). https://www.twilio.com/docs/sendgrid/api-reference
 */
import { type Fetch, jsonRequest } from '../http/json-request';

export const SENDGRID_BASE_URL = 'https://api.sendgrid.com';

export function sendGridBaseUrl(env: NodeJS.ProcessEnv): string {
  return (env.SENDGRID_API_BASE_URL || SENDGRID_BASE_URL).replace(/\/+$/, '');
}

export class SendGridHttp {
  constructor(
    private readonly apiKey: string,
    private readonly baseUrl: string = SENDGRID_BASE_URL,
    private readonly fetchFn: Fetch = (url, init) => fetch(url, init),
  ) {}

  getJson(path: string): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    return jsonRequest(
      this.fetchFn,
      {
        call: `sendgrid:GET ${new URL(url).pathname}`,
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${this.apiKey}` },
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
