/**
 * The Twilio usage-trigger webhook as a flow for respondToWebhook: a POST from a function URL,
 * authenticated by `X-Twilio-Signature` against the account's auth token (two while it is being
 * rotated), then read as a usage-trigger callback.
 *
 * The token lives in a Secrets Manager secret (its format: core/twilio-secret.ts).
 */
import type { WebhookFlow } from '../core/respond-to-webhook';
import { twilioAuthTokens } from '../core/twilio-secret';
import { verifyTwilioSignature } from './twilio-signature';
import { normalizeTwilioUsage } from './twilio-usage';
import { type WebhookRequest, webhookRequestOf } from './webhook-request';

export interface TwilioWebhookOptions {
  /** The secret's JSON (cached by the caller). */
  secret(): Promise<string>;
  /**
   * The secret read afresh when the cached one may be stale (a token rotated in another container),
   * undefined when it was read too recently to be worth it.
   */
  freshSecret?(): Promise<string | undefined>;
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
    authenticate: async (request) => {
      const verify = (secret: string) =>
        verifyTwilioSignature({
          url: request.url,
          params: request.params,
          signature: request.headers['x-twilio-signature'],
          authTokens: twilioAuthTokens(secret, options.now()),
        });
      if (verify(await options.secret())) return true;
      // A signature made with a token promoted since the cache was filled: one more look, at most.
      if (!request.headers['x-twilio-signature']) return false;
      const fresh = await options.freshSecret?.();
      return fresh !== undefined && verify(fresh);
    },
    normalize: (request) => normalizeTwilioUsage(request.params, options.now().toISOString()),
  };
}
