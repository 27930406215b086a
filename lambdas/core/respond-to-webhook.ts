/**
 * One webhook request through the flow: authenticate → normalize → respond, answered in HTTP.
 * A request that fails authentication is refused (403) before anything else is read or written; a
 * signed request the responder cannot read is answered 400 and logged with the reason; a failure
 * worth a retry is answered 503 (the caller's retry, if it has one, finds the claim released).
 */
import type { Log, Normalize } from './respond-to-event';
import { respondToEvent } from './respond-to-event';
import type { RespondDeps } from './respond';
import { RetryableResponseError } from './respond';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookFlow<Request> {
  /** The request, or why it is not one (not even worth authenticating). */
  parse(event: unknown): { ok: true; request: Request } | { ok: false; reason: string };
  /** Is the request from whom it claims? Secrets are read here, never before. */
  authenticate(request: Request): Promise<boolean>;
  normalize(request: Request): ReturnType<Normalize>;
  /**
   * The answer to an authentic request the responder cannot read: 400 by default; 200 for a caller
   * that retries every other answer for hours (SendGrid) — the reason is logged either way.
   */
  unreadableStatus?: 200 | 400;
}

const text = (statusCode: number, body: string): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

export async function respondToWebhook<Request>(
  event: unknown,
  flow: WebhookFlow<Request>,
  deps: RespondDeps,
  log: Log,
): Promise<HttpResponse> {
  const parsed = flow.parse(event);
  if (!parsed.ok) {
    log.warn('webhook request refused', { reason: parsed.reason });
    return text(400, 'bad request');
  }
  let authentic: boolean;
  try {
    authentic = await flow.authenticate(parsed.request);
  } catch (error) {
    // The secret could not be read (Secrets Manager throttled or down): nothing was done, ask again.
    log.warn('webhook request not checked, retry possible', {
      reason: error instanceof Error ? error.message : String(error),
    });
    return text(503, 'try again later');
  }
  if (!authentic) {
    // No detail for the caller: a forger learns nothing about why.
    log.warn('webhook request refused', { reason: 'signature missing or invalid' });
    return text(403, 'forbidden');
  }
  try {
    const { request } = parsed;
    const outcome = await respondToEvent(request, () => flow.normalize(request), deps, log);
    if ('ignored' in outcome) return text(flow.unreadableStatus ?? 400, outcome.ignored);
    return text(200, 'ok');
  } catch (error) {
    if (!(error instanceof RetryableResponseError)) throw error;
    log.warn('webhook request failed, retry possible', { reason: error.message });
    return text(503, 'try again later');
  }
}
