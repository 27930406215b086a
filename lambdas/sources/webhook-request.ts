/**
 * A webhook request as a Lambda function URL delivers it (payload format 2.0: lower-case headers,
 * `rawPath`, `rawQueryString`, a body that may be base64), reduced to what a signature check and a
 * normalizer read: the URL the caller dialled, the raw body and its form parameters.
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
import type { FormParams } from '../core/ports';
import { recordAt, stringAt, valueAt } from './eventbridge-envelope';

export interface WebhookRequest {
  method: string;
  /** The URL as the caller dialled it: the configured public URL, else the function URL's own. */
  url: string;
  /** Lower-case header names, as function URLs deliver them. */
  headers: Readonly<Record<string, string>>;
  body: string;
  /** The body's bytes exactly as sent (base64 decoded): what a signature over the raw body is checked on. */
  rawBody: Buffer;
  /** `application/x-www-form-urlencoded` parameters in body order; a name may repeat. */
  params: FormParams;
}

export type ParsedRequest = { ok: true; request: WebhookRequest } | { ok: false; reason: string };

/** `publicUrl`: the webhook's URL as configured at the caller (a custom domain in front of the function). */
export function webhookRequestOf(event: unknown, publicUrl?: string): ParsedRequest {
  const method = stringAt(event, 'requestContext', 'http', 'method');
  const domain = stringAt(event, 'requestContext', 'domainName');
  const path = stringAt(event, 'rawPath') ?? '/';
  if (method === undefined || domain === undefined)
    return { ok: false, reason: 'not a function URL request (no requestContext.http.method or domainName)' };
  const query = stringAt(event, 'rawQueryString') ?? '';
  const base = publicUrl ?? `https://${domain}${path}`;
  const url = query ? `${base}?${query}` : base;
  const rawBody = stringAt(event, 'body') ?? '';
  const base64 = valueAt(event, 'isBase64Encoded') === true;
  const bytes = base64 ? Buffer.from(rawBody, 'base64') : Buffer.from(rawBody, 'utf8');
  const body = bytes.toString('utf8');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(recordAt(event, 'headers') ?? {}))
    if (typeof value === 'string') headers[name.toLowerCase()] = value;
  const params = [...new URLSearchParams(body)].map(([name, value]) => [name, value] as const);
  return { ok: true, request: { method, url, headers, body, rawBody: bytes, params } };
}
