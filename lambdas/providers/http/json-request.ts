/**
 * One JSON request to a vendor's REST API (Twilio, SendGrid), the part their clients share: send,
 * read the body, answer the parsed JSON, or throw a ProviderError — network failures, 429 and 5xx
 * retryable; 401/403 as AccessDenied (the credentials may not do this), like AWS's.
 */
import { ProviderError } from '../../core/ports';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface JsonRequest {
  /** `twilio:GET /v1/…`: what the ProviderError names as the call. */
  call: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The vendor's own error code and message, read from its error body. */
export type ErrorReader = (parsed: unknown, text: string) => { code?: string; message?: string };

export async function jsonRequest(
  fetchFn: Fetch,
  request: JsonRequest,
  readError: ErrorReader,
): Promise<unknown> {
  const { call, method, url, headers, body } = request;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method,
      headers: { accept: 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
  } catch (error) {
    throw new ProviderError(call, url, 'NetworkError', (error as Error).message, true);
  }
  const text = await response.text();
  const parsed = jsonOrUndefined(text);
  if (response.ok) return parsed;
  const vendor = readError(parsed, text);
  const code = vendor.code ?? `HTTP${response.status}`;
  const name = response.status === 401 || response.status === 403 ? 'AccessDenied' : code;
  const retryable = response.status === 429 || response.status >= 500;
  throw new ProviderError(
    call,
    url,
    name,
    `${vendor.message ?? text.slice(0, 200)} (HTTP ${response.status}, code ${code})`,
    retryable,
  );
}

function jsonOrUndefined(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
