/**
 * The investigation's two loops. The scheduler reads the incident table's stream: each record parsed
 * into a deactivation goes to the investigation queue with the delay it still has to wait
 * (core/investigation/schedule.ts). The investigator reads that queue and hands each deactivation to
 * the core (core/investigation/investigate-deactivation.ts).
 *
 * A record or message that is not a deactivation is logged and skipped (retrying cannot change it).
 * A failure worth a retry is thrown: the stream retries the record, SQS delivers the message again;
 * both finally park it in the investigation dead-letter queue.
 */
import type { InvestigatorDeps, RecordOutcome } from '../core/investigation/investigate-deactivation';
import { investigateDeactivation } from '../core/investigation/investigate-deactivation';
import type { InvestigationQueue } from '../core/investigation/ports';
import { investigationDelaySeconds } from '../core/investigation/schedule';
import type { Clock } from '../core/ports';
import type { Log } from '../core/respond-to-event';
import { parseDeactivationRecord } from '../providers/aws/deactivation-stream';
import { parseQueuedDeactivation } from '../providers/aws/investigation-queue';

export interface SchedulerDeps {
  queue: InvestigationQueue;
  clock: Clock;
  /** config investigation.delayMinutes */
  delayMinutes: number;
}

type Skipped = { status: 'skipped'; eventId?: string; reason: string };
export type ScheduleOutcome =
  Skipped | { status: 'scheduled'; incidentId: string; accessKeyId: string; delaySeconds: number };

function recordsOf(event: unknown): unknown[] | undefined {
  const records =
    typeof event === 'object' && event !== null ? (event as { Records?: unknown }).Records : undefined;
  return Array.isArray(records) ? records : undefined;
}

function skipped(log: Log, what: string, reason: string, id: unknown): Skipped {
  log.warn(`${what} skipped`, { reason, eventId: id });
  return { status: 'skipped', reason, ...(typeof id === 'string' ? { eventId: id } : {}) };
}

/** A DynamoDB stream event (batch size 1 in the stack, but any batch is handled in order). */
export async function scheduleFromStream(
  event: unknown,
  deps: SchedulerDeps,
  log: Log,
): Promise<{ results: ScheduleOutcome[] }> {
  const records = recordsOf(event);
  if (records === undefined)
    return {
      results: [skipped(log, 'stream record', 'not a DynamoDB stream event: no Records array', undefined)],
    };
  const results: ScheduleOutcome[] = [];
  for (const record of records) {
    const parsed = parseDeactivationRecord(record);
    if (!parsed.ok) {
      results.push(
        skipped(log, 'stream record', parsed.reason, (record as { eventID?: unknown } | null)?.eventID),
      );
      continue;
    }
    const { incidentId, accessKeyId } = parsed.value;
    const delaySeconds = investigationDelaySeconds(parsed.value, deps.clock.now(), deps.delayMinutes);
    await deps.queue.enqueue(parsed.value, delaySeconds);
    log.info('investigation scheduled', {
      eventId: parsed.value.eventId,
      incidentId,
      accessKeyId,
      delaySeconds,
    });
    results.push({ status: 'scheduled', incidentId, accessKeyId, delaySeconds });
  }
  return { results };
}

/**
 * An SQS event from the investigation queue (batch size 1 in the stack). A failure is thrown: SQS
 * delivers the message again after its visibility timeout (the incident's investigation marker makes a
 * finished one a no-op), and the function's error alarm sees it.
 */
export async function investigateQueued(
  event: unknown,
  deps: InvestigatorDeps,
  log: Log,
): Promise<{ results: RecordOutcome[] }> {
  const records = recordsOf(event);
  if (records === undefined)
    return { results: [skipped(log, 'message', 'not an SQS event: no Records array', undefined)] };
  const results: RecordOutcome[] = [];
  for (const record of records) {
    const { messageId, body } = (record ?? {}) as { messageId?: unknown; body?: unknown };
    const parsed = parseQueuedDeactivation(body);
    if (!parsed.ok) {
      results.push(skipped(log, 'message', parsed.reason, messageId));
      continue;
    }
    const result = await investigateDeactivation(parsed.value, deps);
    if (result.status === 'investigated' && !result.escalated)
      log.warn('incident not found or already holding this investigation', { ...result });
    log.info('key investigated', { eventId: parsed.value.eventId, ...result });
    results.push(result);
  }
  return { results };
}
