/**
 * The incident table's DynamoDB stream, read for one thing: a leaked key's deactivation that
 * succeeded, which starts its investigation. The item is the one `appendActionRecord` writes
 * (dynamodb-items.ts: `pk=INCIDENT#<id>`, `sk=ACTION#<startedAt>#<actionId>`, the ActionRecord
 * under `record`); the event source mapping's filter (lib/key-investigator.ts) lets only those
 * through, and this parser checks again, since a filter is configuration and can drift.
 * Stream record shape: Lambda developer guide, "Using AWS Lambda with Amazon DynamoDB".
 */
import type { KeyDeactivation } from '../../core/investigation/ports';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ActionKind, ActionStatus } from '../../core/action';
import { ACCESS_KEY_ID } from '../../core/signal';

export const DEACTIVATION_KIND: ActionKind = 'aws.iam.deactivate-access-key';
export const DEACTIVATED_STATUS: ActionStatus = 'done';

export type { KeyDeactivation };
export type ParsedDeactivation = { ok: true; value: KeyDeactivation } | { ok: false; reason: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function newImageOf(record: Record<string, unknown>): Record<string, unknown> | string {
  const image = isObject(record.dynamodb) ? record.dynamodb.NewImage : undefined;
  if (!isObject(image)) return 'no dynamodb.NewImage (the stream must carry NEW_IMAGE)';
  try {
    return unmarshall(image as Record<string, AttributeValue>);
  } catch (error) {
    return `NewImage is not DynamoDB JSON: ${(error as Error).message}`;
  }
}

/** One stream record → the deactivation it reports, or why it is not one. Never throws. */
export function parseDeactivationRecord(record: unknown): ParsedDeactivation {
  if (!isObject(record)) return { ok: false, reason: 'stream record is not an object' };
  if (record.eventName !== 'INSERT')
    return { ok: false, reason: `eventName is ${String(record.eventName)}, not INSERT` };
  const item = newImageOf(record);
  if (typeof item === 'string') return { ok: false, reason: item };
  const { pk, sk, record: action } = item;
  if (!text(pk)?.startsWith('INCIDENT#') || !text(sk)?.startsWith('ACTION#'))
    return { ok: false, reason: 'not an action record item (pk INCIDENT#…, sk ACTION#…)' };
  if (!isObject(action)) return { ok: false, reason: 'action record item without its record' };
  if (action.kind !== DEACTIVATION_KIND || action.status !== DEACTIVATED_STATUS)
    return {
      ok: false,
      reason: `action ${String(action.kind)} ${String(action.status)} is not a ${DEACTIVATION_KIND} done`,
    };
  const accessKeyId = isObject(action.target) ? text(action.target.accessKeyId) : undefined;
  if (accessKeyId === undefined || !ACCESS_KEY_ID.test(accessKeyId))
    return { ok: false, reason: 'target.accessKeyId is missing or not an access key id' };
  const incidentId = text(action.incidentId);
  const actionId = text(action.actionId);
  const deactivatedAt = text(action.startedAt);
  if (incidentId === undefined || actionId === undefined || deactivatedAt === undefined)
    return { ok: false, reason: 'incidentId, actionId or startedAt is missing' };
  return {
    ok: true,
    value: {
      eventId: text(record.eventID) ?? '(no eventID)',
      incidentId,
      accessKeyId,
      actionId,
      deactivatedAt,
    },
  };
}
