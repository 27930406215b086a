/**
 * A SendGrid Event Webhook batch, reduced to counts: the body is a JSON array of events, each with
 * `email`, `timestamp` (unix seconds), `event`, `sg_event_id`, `sg_message_id`, and per event more
 * (a bounce's `type` is `bounce` or `blocked`, with `reason` and `status`).
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 *
 * Only a batch whose signature was verified (sendgrid-signature.ts) reaches this. Addresses are
 * personal data and never read into the summary. An entry without an `event` name or a numeric
 * `timestamp` is counted in `skipped`, not thrown on.
 */

export const SENDGRID_EVENT_NAMES = [
  'processed',
  'dropped',
  'delivered',
  'deferred',
  'bounce',
  'open',
  'click',
  'spamreport',
  'unsubscribe',
  'group_unsubscribe',
  'group_resubscribe',
] as const;

export type SendGridEventName = (typeof SENDGRID_EVENT_NAMES)[number];

/** An event as documented, the fields this looks at (SendGrid sends more, `email` among them). */
export interface SendGridEvent {
  /** One of SENDGRID_EVENT_NAMES; a newer name is counted too. */
  event: string;
  timestamp: number;
  sg_event_id?: string;
  sg_message_id?: string;
  /** On `bounce` events. */
  type?: 'bounce' | 'blocked';
  reason?: string;
  status?: string;
}

export interface SendGridEventSummary {
  /** Entries read (`skipped` not included). */
  total: number;
  /** Entries that were not an object with an `event` name and a numeric `timestamp`. */
  skipped: number;
  /** Per event name; `bounce` includes the blocked ones. */
  counts: Record<string, number>;
  /** `bounce` events not of type `blocked`. */
  bounces: number;
  /** `bounce` events of type `blocked`. */
  blocked: number;
  spamReports: number;
  dropped: number;
  delivered: number;
  /** The earliest and latest event time, ISO 8601. */
  firstAt?: string;
  lastAt?: string;
  /** Distinct `sg_event_id`s in body order, for dedup; at most MAX_EVENT_IDS. */
  eventIds: string[];
}

export type SendGridEventsResult =
  { ok: true; summary: SendGridEventSummary } | { ok: false; reason: string };

export const MAX_EVENT_IDS = 1000;
const EVENT_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_EVENT_ID_LENGTH = 200;
const MAX_UNIX_SECONDS = 8.64e12; // the last instant a Date can hold

export function summarizeSendGridEvents(body: string): SendGridEventsResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  if (!Array.isArray(parsed)) return { ok: false, reason: 'the body is not a JSON array of events' };

  const counts = new Map<string, number>();
  const ids = new Set<string>();
  let skipped = 0;
  let bounces = 0;
  let blocked = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const entry of parsed as unknown[]) {
    const event = eventOf(entry);
    if (event === undefined) {
      skipped++;
      continue;
    }
    counts.set(event.event, (counts.get(event.event) ?? 0) + 1);
    if (event.event === 'bounce') {
      if (event.type === 'blocked') blocked++;
      else bounces++;
    }
    first = Math.min(first, event.timestamp);
    last = Math.max(last, event.timestamp);
    const id = event.sg_event_id;
    if (id && id.length <= MAX_EVENT_ID_LENGTH && ids.size < MAX_EVENT_IDS) ids.add(id);
  }

  const total = parsed.length - skipped;
  const summary: SendGridEventSummary = {
    total,
    skipped,
    // fromEntries defines own properties: a name such as `constructor` cannot reach the prototype.
    counts: Object.fromEntries(counts),
    bounces,
    blocked,
    spamReports: counts.get('spamreport') ?? 0,
    dropped: counts.get('dropped') ?? 0,
    delivered: counts.get('delivered') ?? 0,
    eventIds: [...ids],
  };
  if (total > 0) {
    summary.firstAt = new Date(first * 1000).toISOString();
    summary.lastAt = new Date(last * 1000).toISOString();
  }
  return { ok: true, summary };
}

/** The fields this reads, or undefined for a malformed entry. */
function eventOf(entry: unknown): SendGridEvent | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const record = entry as Record<string, unknown>;
  const { event, timestamp, sg_event_id, type } = record;
  if (typeof event !== 'string' || !EVENT_NAME.test(event)) return undefined;
  if (typeof timestamp !== 'number' || !(timestamp >= 0 && timestamp <= MAX_UNIX_SECONDS)) return undefined;
  return {
    event,
    timestamp,
    ...(typeof sg_event_id === 'string' ? { sg_event_id } : {}),
    ...(type === 'bounce' || type === 'blocked' ? { type } : {}),
  };
}
