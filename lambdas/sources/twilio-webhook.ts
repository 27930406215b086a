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
