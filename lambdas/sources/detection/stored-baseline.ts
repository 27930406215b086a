/**
 * The baseline kept between Lambda invocations, for the "first time" rules. The rules stay synchronous
 * and pure: before a call is judged, the facts it could ask about (`factsOf`) are fetched in one store
 * request; what it teaches is written after. Facts are tagged with the event that first taught them, so a
 * retried delivery of an event is judged as its first delivery was: its own facts do not count as history.
 *
 * The Lambda sees only the calls the EventBridge rule lets through (the detected event names), so "this
 * key was used before" cannot come from its own history. For the calls a key's first call is judged on
 * (`KEY_FIRST_CALL_EVENTS`), IAM's last-used date of the key fills that fact in.
 */
import type { Normalized } from '../../core/signal';
import type { CloudTrailCall } from '../cloudtrail-call';
import { parseCloudTrailEvent } from '../cloudtrail';
import { type BaselineFact, type BaselineStore, factKey } from '../../core/baseline-store';
import { FACT, factsOf } from './baseline';
import { KEY_FIRST_CALL_EVENTS } from './credentials';
import type { ActivityBaseline, RuleContext } from './rule';

/** IAM's last use of a key: a date, null when never used, undefined when IAM does not know the key. */
export type KeyLastUsed = (accessKeyId: string) => Promise<Date | null | undefined>;

export interface StoredBaselineDeps {
  store: BaselineStore;
  keyLastUsed?: KeyLastUsed;
  now(): Date;
}

/**
 * IAM may already count the call being judged as the key's last use (and rounds it); a use this long
 * before the call is certainly an earlier one.
 */
export const EARLIER_USE_MARGIN_MS = 5 * 60_000;

/** The facts fetched for one call, answering the rules; what the call teaches is kept for writing. */
export class PrefetchedBaseline implements ActivityBaseline {
  /** The Lambda sees only the detected calls: see `ActivityBaseline.learnsOrigins`. */
  readonly learnsOrigins = false;
  private readonly taught = new Map<string, BaselineFact>();

  constructor(private readonly knownFacts: ReadonlySet<string>) {}

  seen(subject: string, fact: string): boolean {
    return this.knownFacts.has(factKey({ subject, fact }));
  }

  note(subject: string, fact: string): void {
    const key = factKey({ subject, fact });
    if (!this.knownFacts.has(key)) this.taught.set(key, { subject, fact });
  }

  /** What the call taught that the store did not know. */
  get learnt(): BaselineFact[] {
    return [...this.taught.values()];
  }
}

/**
 * `normalize` with the stored baseline for CloudTrail events; any other event goes straight through.
 * Store failures are thrown: nothing was claimed yet, so the delivery's retry starts clean.
 */
export async function normalizeWithStoredBaseline(
  event: unknown,
  ctx: RuleContext,
  normalize: (event: unknown, ctx: RuleContext) => Normalized,
  deps: StoredBaselineDeps,
): Promise<Normalized> {
  const parsed = parseCloudTrailEvent(event);
  if (!parsed.ok) return normalize(event, ctx);
  const { call } = parsed.value;
  // Only what every call teaches: this baseline does not learn origins (PrefetchedBaseline.learnsOrigins).
  const facts = factsOf(call, ctx).always;
  const known = new Set(facts.length ? await deps.store.known(facts, call.eventID) : []);
  if (await usedBeforeByIam(call, known, deps))
    known.add(factKey(keyUsedFact(call.userIdentity.accessKeyId)));
  const baseline = new PrefetchedBaseline(known);
  const normalized = normalize(event, { ...ctx, baseline });
  if (baseline.learnt.length) await deps.store.record(baseline.learnt, call.eventID, deps.now());
  return normalized;
}

const keyUsedFact = (accessKeyId = ''): BaselineFact => ({ subject: accessKeyId, fact: FACT.keyUsed });

/**
 * Whether IAM saw the caller's long-term key used well before this call, asked only for the calls a
 * key's first use is judged on and only while the store has no use of the key. A failed lookup (a key
 * of another account, a throttle) answers no: the rule then judges on the stored history alone.
 */
async function usedBeforeByIam(
  call: CloudTrailCall,
  known: ReadonlySet<string>,
  deps: StoredBaselineDeps,
): Promise<boolean> {
  const key = call.userIdentity.accessKeyId;
  if (deps.keyLastUsed === undefined || key === undefined || !key.startsWith('AKIA')) return false;
  if (!KEY_FIRST_CALL_EVENTS.includes(call.eventName) || known.has(factKey(keyUsedFact(key)))) return false;
  const lastUsed = await deps.keyLastUsed(key).catch(() => undefined);
  const callTime = Date.parse(call.eventTime);
  return lastUsed instanceof Date && lastUsed.getTime() < callTime - EARLIER_USE_MARGIN_MS;
}
