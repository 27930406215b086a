/**
 * The EventBridge envelope every AWS source arrives in, and small typed readers for untrusted JSON.
 * Normalizers read events through these readers only, so no module casts, and none can throw on a
 * field of the wrong type.
 */

const ACCOUNT_ID = /^\d{12}$/;

export type JsonRecord = Readonly<Record<string, unknown>>;

/** A parse that either yields a value or says, in words, why not. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value at `path`, reading own properties only: a key named `constructor` or `__proto__` in an
 * event must read as that key's data, never as something inherited from Object.prototype.
 */
export function valueAt(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

export function recordAt(value: unknown, ...path: string[]): JsonRecord | undefined {
  const found = valueAt(value, ...path);
  return isRecord(found) ? found : undefined;
}

/** A non-empty string; AWS sends "" for absent values often enough that "" must count as absent. */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'string' && found.length > 0 ? found : undefined;
}

export function arrayAt(value: unknown, ...path: string[]): readonly unknown[] | undefined {
  const found = valueAt(value, ...path);
  return Array.isArray(found) ? (found as readonly unknown[]) : undefined;
}

export function numberAt(value: unknown, ...path: string[]): number | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

/** Every non-empty string element of the array at `path`; other elements are skipped. */
export function stringsAt(value: unknown, ...path: string[]): string[] {
  return (arrayAt(value, ...path) ?? []).filter(
    (item): item is string => typeof item === 'string' && item !== '',
  );
}

export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value);
}

/** A 12-digit account id, or undefined: a malformed id must fall back to the envelope's, never reach a signal. */
export function accountIdAt(value: unknown, ...path: string[]): string | undefined {
  const found = valueAt(value, ...path);
  return isAccountId(found) ? found : undefined;
}

/** ISO 8601 for any date string `Date` understands (Health sends RFC 1123: "Sat, 05 Jun 2016 15:10:09 GMT"). */
export function toIsoTime(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? undefined : new Date(millis).toISOString();
}

export interface EventBridgeEnvelope {
  version: string;
  /** Unique per delivery, not per source event: never a dedup key (Health sends one event to several regions). */
  id: string;
  detailType: string;
  source: string;
  account: string;
  /** When EventBridge received the event, as ISO 8601 (validated, so a safe fallback for `observedAt`). */
  time: string;
  /** The region the event was delivered in, which is not necessarily the region it is about. */
  region: string;
  resources: string[];
  detail: JsonRecord;
}

/** Reads the envelope fields every AWS event carries; `resources` is optional (Health omits it when empty). */
export function parseEnvelope(event: unknown): Parsed<EventBridgeEnvelope> {
  if (!isRecord(event))
    return { ok: false, reason: `not an EventBridge event: expected a JSON object, got ${describe(event)}` };
  const required = ['version', 'id', 'detail-type', 'source', 'account', 'time', 'region'] as const;
  const missing = required.filter((field) => stringAt(event, field) === undefined);
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `not an EventBridge event: missing or empty ${missing.map((f) => `"${f}"`).join(', ')}`,
    };
  }
  const detail = recordAt(event, 'detail');
  const source = stringAt(event, 'source') ?? '';
  const detailType = stringAt(event, 'detail-type') ?? '';
  if (detail === undefined)
    return { ok: false, reason: `${source} "${detailType}" event has no "detail" object` };
  const account = stringAt(event, 'account') ?? '';
  if (!ACCOUNT_ID.test(account))
    return { ok: false, reason: `${source} event account "${account}" is not a 12-digit AWS account id` };
  const time = toIsoTime(stringAt(event, 'time'));
  if (time === undefined) {
    return {
      ok: false,
      reason: `${source} event time "${stringAt(event, 'time') ?? ''}" is not a timestamp`,
    };
  }
  return {
    ok: true,
    value: {
      version: stringAt(event, 'version') ?? '',
      id: stringAt(event, 'id') ?? '',
      detailType,
      source,
      account,
      time,
      region: stringAt(event, 'region') ?? '',
      resources: stringsAt(event, 'resources'),
      detail,
    },
  };
}

/**
 * The envelope, if it comes from `source` with `detailType`; otherwise why this normalizer is the wrong one.
 * Each per-source normalizer starts here so that it can be called on its own, not only through `normalize`.
 */
export function parseEnvelopeOf(
  event: unknown,
  source: string,
  detailType: string,
): Parsed<EventBridgeEnvelope> {
  const parsed = parseEnvelope(event);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  if (envelope.source !== source || envelope.detailType !== detailType) {
    return {
      ok: false,
      reason: `not a ${source} "${detailType}" event: got ${envelope.source} "${envelope.detailType}"`,
    };
  }
  return parsed;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
