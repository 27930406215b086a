/**
 * One EventBridge event through the flow: normalize → respond to each signal. Unknown or malformed
 * events are logged with the reason and acknowledged (never thrown: EventBridge would only retry
 * the same bad input). Failures worth a retry are thrown, after the claim is released.
 */
import type { RespondDeps, SignalOutcome } from './respond';
import { respondToSignal } from './respond';
import type { Normalized } from './signal';

export type EventOutcome =
  | { ignored: string }
  | {
      results: {
        dedupKey: string;
        status: SignalOutcome['status'];
        incidentId?: string;
        actions?: string[];
      }[];
    };

/** The two log levels the flow uses (Powertools' Logger fits; tests pass a spy). */
export interface Log {
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
}

/**
 * The sources' normalizer, passed in: the core knows no event source. It may read state first (the
 * Lambda's detection baseline); a rejection is a failure worth a retry, like a store failure.
 */
export type Normalize = (event: unknown) => Normalized | Promise<Normalized>;

export async function respondToEvent(
  event: unknown,
  normalize: Normalize,
  deps: RespondDeps,
  log: Log,
): Promise<EventOutcome> {
  const normalized = await normalize(event);
  if (!normalized.ok) {
    log.warn('event ignored', { reason: normalized.reason, ...envelopeFacts(event) });
    return { ignored: normalized.reason };
  }
  const results = [];
  for (const signal of normalized.signals) {
    const outcome = await respondToSignal(signal, deps);
    if (outcome.status === 'duplicate') {
      log.info('duplicate delivery ignored', { dedupKey: outcome.dedupKey });
      results.push({ dedupKey: outcome.dedupKey, status: outcome.status });
      continue;
    }
    if (outcome.status === 'ignored') {
      log.info('signal ignored', { dedupKey: outcome.dedupKey, reason: outcome.reason });
      results.push({ dedupKey: outcome.dedupKey, status: outcome.status });
      continue;
    }
    const actions = outcome.records.map((r) => `${r.kind}:${r.status}`);
    log.info('signal handled', {
      dedupKey: outcome.dedupKey,
      incidentId: outcome.incident.id,
      created: outcome.created,
      incidentStatus: outcome.incident.status,
      actions,
      escalations: outcome.incident.escalations,
    });
    results.push({
      dedupKey: outcome.dedupKey,
      status: outcome.status,
      incidentId: outcome.incident.id,
      actions,
    });
  }
  return { results };
}

/** What a person needs to find the event that was ignored, without logging all of it. */
function envelopeFacts(event: unknown): Record<string, unknown> {
  if (typeof event !== 'object' || event === null) return { eventType: typeof event };
  const e = event as Record<string, unknown>;
  return { id: e.id, source: e.source, detailType: e['detail-type'] };
}
