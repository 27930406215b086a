/**
 * The single-table layout of the incident table: the names the CDK stack creates, the key of every
 * kind of item, and how a domain value becomes an item and back.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ActionRecord, PendingApproval } from '../../core/action';
import type { Incident } from '../../core/incident';

/** The table the CDK stack creates; the store and the stack must agree on every name here. */
export const INCIDENT_TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  byKindIndex: { indexName: 'byKind', partitionKey: 'kind', sortKey: 'updatedAt' },
} as const;

export const keys = {
  event: (dedupKey: string) => ({ pk: `EVENT#${dedupKey}`, sk: 'EVENT' }),
  subject: (subjectKey: string) => ({ pk: `SUBJECT#${subjectKey}`, sk: 'OPEN' }),
  incident: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'INCIDENT' }),
  action: (record: ActionRecord) => ({
    pk: `INCIDENT#${record.incidentId}`,
    sk: `ACTION#${record.startedAt}#${record.actionId}`,
  }),
  approval: (approvalId: string) => ({ pk: `APPROVAL#${approvalId}`, sk: 'APPROVAL' }),
  budget: () => ({ pk: 'BUDGET', sk: 'CONTAINMENTS' }),
  baselineFact: (subject: string, fact: string) => ({ pk: `BASELINE#${subject}`, sk: `FACT#${fact}` }),
};

export type Key = { pk: string; sk: string };
export type Item = Record<string, AttributeValue>;

export const toItem = (value: Record<string, unknown>): Item =>
  marshall(value, { removeUndefinedValues: true });

export function incidentItem(incident: Incident): Key & Record<string, unknown> {
  return {
    ...keys.incident(incident.id),
    kind: 'incident',
    updatedAt: incident.updatedAt,
    version: incident.version,
    incident,
  };
}

export function approvalItem(approval: PendingApproval, updatedAt: string): Key & Record<string, unknown> {
  return { ...keys.approval(approval.approvalId), kind: 'approval', updatedAt, approval };
}

export function fromIncidentItem(item: Item): Incident {
  const stored = unmarshall(item);
  // Trusted boundary: only this store writes incident items; the top-level version is the one
  // the conditions check, so it wins over the copy inside the document.
  return { ...(stored.incident as Incident), version: stored.version as number };
}
