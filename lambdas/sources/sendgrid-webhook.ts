/**
 * SendGrid's signed Event Webhook as a flow for respondToWebhook: a POST from a function URL,
 * authenticated by its ECDSA signature over the timestamp and the raw body (sendgrid-signature.ts)
 * with the public key from config, then read as an event batch. A batch whose bounce or spam-report
 * share passes the configured spike is a signal; any other batch is acknowledged (200) and nothing
 * more: SendGrid retries every non-2xx answer for a day.
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 */
import { createHash } from 'node:crypto';
import type { ResponderConfig } from '../core/config';
import type { WebhookFlow } from '../core/respond-to-webhook';
import type { Normalized, SendGridEventsSignal } from '../core/signal';
import { type SendGridEventSummary, summarizeSendGridEvents } from './sendgrid-events';
import { verifySendGridSignature } from './sendgrid-signature';
import { type WebhookRequest, webhookRequestOf } from './webhook-request';

export const SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';

type Spike = ResponderConfig['sendgrid']['eventWebhook'];

export function sendGridEventWebhook(options: {
  publicKey: string;
  spike: Spike;
  now(): Date;
}): WebhookFlow<WebhookRequest> {
  return {
    parse: (event) => {
      const parsed = webhookRequestOf(event);
      if (parsed.ok && parsed.request.method !== 'POST')
        return { ok: false, reason: `${parsed.request.method} is not how SendGrid calls its webhook (POST)` };
      return parsed;
    },
    authenticate: (request) =>
      Promise.resolve(
        verifySendGridSignature({
          publicKey: options.publicKey,
          payload: request.rawBody,
          signature: request.headers[SIGNATURE_HEADER],
          timestamp: request.headers[TIMESTAMP_HEADER],
          now: options.now(),
        }).ok,
      ),
    normalize: (request) => normalizeSendGridEvents(request.body, options.spike, options.now()),
    // SendGrid retries every non-2xx answer for a day: a batch it cannot fix is logged and acknowledged.
    unreadableStatus: 200,
  };
}

export function normalizeSendGridEvents(body: string, spike: Spike, receivedAt: Date): Normalized {
  const read = summarizeSendGridEvents(body);
  if (!read.ok) return read;
  const { summary } = read;
  const bounced = summary.bounces + summary.blocked;
  // Shares of the deliveries attempted (delivered or bounced), as SES and mailbox providers count
  // them: opens, clicks and `processed` events of the same messages would dilute them.
  const attempted = summary.delivered + bounced;
  const spiking =
    attempted >= spike.minEvents &&
    (bounced / attempted >= spike.bounceRate ||
      summary.spamReports / Math.max(summary.delivered, 1) >= spike.spamRate);
  return { ok: true, signals: spiking ? [signalOf(summary, bounced, attempted, receivedAt)] : [] };
}

function signalOf(
  summary: SendGridEventSummary,
  bounced: number,
  attempted: number,
  receivedAt: Date,
): SendGridEventsSignal {
  const digest = createHash('sha256')
    .update(
      summary.eventIds.length ? summary.eventIds.join('\n') : `${summary.firstAt ?? ''}/${summary.total}`,
    )
    .digest('hex')
    .slice(0, 32);
  const percent = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)}%`;
  return {
    kind: 'sendgrid-events',
    source: 'sendgrid',
    dedupKey: `sendgrid#events#${digest}`,
    subject: { type: 'sendgrid-account', id: 'sendgrid' },
    accountId: 'sendgrid',
    region: 'global',
    observedAt: summary.lastAt ?? receivedAt.toISOString(),
    severity: 'high',
    title: `SendGrid: ${percent(bounced, attempted)} of ${attempted} deliveries bounced, ${percent(summary.spamReports, summary.delivered)} reported as spam`,
    principal: { type: 'unknown' },
    keyType: 'unknown',
    reason: 'sendgrid.event-webhook.spike',
    evidence: {
      events: String(summary.total),
      bounced: String(bounced),
      spamReports: String(summary.spamReports),
      ...(summary.firstAt ? { firstAt: summary.firstAt } : {}),
      ...(summary.lastAt ? { lastAt: summary.lastAt } : {}),
    },
    total: summary.total,
    bounced,
    spamReports: summary.spamReports,
  };
}
