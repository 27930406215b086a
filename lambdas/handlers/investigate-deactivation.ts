/**
 * The investigator's stream loop: each DynamoDB stream record parsed into a deactivation and handed
 * to the core (core/investigation/investigate-deactivation.ts). A record that is not a deactivation
 * is logged and skipped (retrying cannot change it); an AWS failure is thrown, so Lambda retries the
 * record a bounded number of times and then parks it in the investigator's dead-letter queue.
 */
import type { InvestigatorDeps, RecordOutcome } from '../core/investigation/investigate-deactivation';
import { investigateDeactivation } from '../core/investigation/investigate-deactivation';
import type { Log } from '../core/respond-to-event';
import { parseDeactivationRecord } from '../providers/aws/deactivation-stream';

/** A DynamoDB stream event (batch size 1 in the stack, but any batch is handled in order). */
export async function investigateStreamEvent(
  event: unknown,
  deps: InvestigatorDeps,
  log: Log,
): Promise<{ results: RecordOutcome[] }> {
  const records =
    typeof event === 'object' && event !== null ? (event as { Records?: unknown }).Records : undefined;
  if (!Array.isArray(records)) {
    const reason = 'not a DynamoDB stream event: no Records array';
    log.warn('stream record skipped', { reason });
    return { results: [{ status: 'skipped', reason }] };
  }
  const results: RecordOutcome[] = [];
  for (const record of records) {
    const parsed = parseDeactivationRecord(record);
    if (!parsed.ok) {
      const eventId = (record as { eventID?: unknown } | null)?.eventID;
      log.warn('stream record skipped', { reason: parsed.reason, eventId });
      results.push({
        status: 'skipped',
        reason: parsed.reason,
        ...(typeof eventId === 'string' ? { eventId } : {}),
      });
      continue;
    }
    const outcome = await investigateDeactivation(parsed.value, deps);
    if (outcome.status === 'investigated' && !outcome.escalated)
      log.warn('incident not found or already holding this investigation', { ...outcome });
    log.info('key investigated', { eventId: parsed.value.eventId, ...outcome });
    results.push(outcome);
  }
  return { results };
}
