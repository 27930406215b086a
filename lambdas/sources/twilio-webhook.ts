/**
 * The Twilio usage-trigger webhook as a flow for respondToWebhook: a POST from a function URL,
 * authenticated by `X-Twilio-Signature` against the account's auth token (two while it is being
 * rotated), then read as a usage-trigger callback.
 *
 * The token lives in a Secrets Manager secret holding JSON:
 * `{"authToken": "…", "previousAuthToken": "…", "previousValidUntil": "2026-11-23T00:00:00Z"}` — the
 * previous token is accepted until that time only, so a rotation loses no callback and a leaked old
 * token stops working.
 */
import type { WebhookFlow } from '../core/respond-to-webhook';
import { verifyTwilioSignature } from './twilio-signature';
import { normalizeTwilioUsage } from './twilio-usage';
import { type WebhookRequest, webhookRequestOf } from './webhook-request';

/** The tokens a signature may be made with now; none when the secret cannot be read as such. */
export function twilioAuthTokens(secret: string, now: Date): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  const { authToken, previousAuthToken, previousValidUntil } = parsed as Record<string, unknown>;
  const tokens = typeof authToken === 'string' && authToken ? [authToken] : [];
  const until = typeof previousValidUntil === 'string' ? Date.parse(previousValidUntil) : Number.NaN;
  if (typeof previousAuthToken === 'string' && previousAuthToken && until > now.getTime())
    tokens.push(previousAuthToken);
  return tokens;
}

export interface TwilioWebhookOptions {
  /** The secret's JSON (cached by the caller). */
  secret(): Promise<string>;
  /** The webhook URL as configured in Twilio, when a custom domain fronts the function URL. */
  publicUrl?: string;
  now(): Date;
}

export function twilioUsageWebhook(options: TwilioWebhookOptions): WebhookFlow<WebhookRequest> {
  return {
    parse: (event) => {
      const parsed = webhookRequestOf(event, options.publicUrl);
      if (parsed.ok && parsed.request.method !== 'POST')
        return { ok: false, reason: `${parsed.request.method} is not how Twilio calls a webhook (POST)` };
      return parsed;
    },
    authenticate: async (request) =>
      verifyTwilioSignature({
        url: request.url,
        params: request.params,
        signature: request.headers['x-twilio-signature'],
        authTokens: twilioAuthTokens(await options.secret(), options.now()),
      }),
    normalize: (request) => normalizeTwilioUsage(request.params, options.now().toISOString()),
  };
}
