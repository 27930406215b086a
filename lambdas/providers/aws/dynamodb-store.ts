/**
 * The IncidentStore on one DynamoDB table (single-table design). Every race the responder can lose
 * — duplicate deliveries, two signals opening one subject's incident, two writers of an incident,
 * the hourly containment budget — is settled by a conditional write, never by a read-then-write.
 *
 * dynalite (the test emulator) has no TransactWriteItems, so nothing here uses transactions:
 * an incident is written before the subject pointer that makes it reachable, so a pointer never
 * leads to a missing incident, and the loser of a race deletes its unreachable candidate.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ActionRecord, ApprovalDecisionStatus, PendingApproval } from '../../core/action';
import type { Incident } from '../../core/incident';
import { ConcurrentUpdateError } from '../../core/ports';
import type { IncidentStore, OpenedIncident } from '../../core/ports';
import * as subjects from '../subject-pointers';
import type { PointerRead, SubjectPointerStore } from '../subject-pointers';
import {
  INCIDENT_TABLE_SCHEMA,
  approvalItem,
  fromIncidentItem,
  incidentItem,
  keys,
  toItem,
} from './dynamodb-items';
import { IncidentTable } from './dynamodb-table';

// The CDK stack, the bench and the tests import the schema from here.
export { INCIDENT_TABLE_SCHEMA } from './dynamodb-items';

/** EventBridge retries a delivery for at most 24 h; twice that leaves no redelivery unclaimed. */
const CLAIM_LIFETIME_SECONDS = 48 * 60 * 60;
const BUDGET_WINDOW_MS = 60 * 60 * 1000;
/** Each lost budget race means another reservation succeeded, so this bounds the wait under load. */
const MAX_RACE_ATTEMPTS = 10;

interface Containment {
  incidentId: string;
  at: string;
}

export class DynamoDbIncidentStore implements IncidentStore {
  private readonly table: IncidentTable;

  /** Subject pointers as conditional writes; the pointer's own incident id is what they compare. */
  private readonly pointers: SubjectPointerStore<PointerRead> = {
    readPointer: async (subjectKey) => {
      const item = await this.table.getItem('getSubjectPointer', keys.subject(subjectKey));
      return { incidentId: item ? (unmarshall(item).incidentId as string) : undefined };
    },
    writePointer: (operation, subjectKey, incidentId, { incidentId: stale }) =>
      this.table.putIf(
        operation,
        { ...keys.subject(subjectKey), incidentId },
        {
          condition: stale ? 'incidentId = :stale' : 'attribute_not_exists(pk)',
          ...(stale && { values: { ':stale': stale } }),
        },
      ),
    releasePointer: async (subjectKey, incidentId) => {
      await this.table.deleteIf('freeSubject', keys.subject(subjectKey), {
        condition: 'incidentId = :id',
        values: { ':id': incidentId },
      });
    },
    getIncident: (incidentId) => this.getIncident(incidentId),
    createIncident: (incident) =>
      this.table.putIf('openIncident', incidentItem(incident), { condition: 'attribute_not_exists(pk)' }),
    deleteIncident: (incidentId) => this.table.deleteItem('deleteIncident', keys.incident(incidentId)),
  };

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new IncidentTable(client, tableName);
  }

  async claimEvent(dedupKey: string, now: Date, leaseSeconds = CLAIM_LIFETIME_SECONDS): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return this.table.putIf(
      'claimEvent',
      {
        ...keys.event(dedupKey),
        claimedAt: now.toISOString(),
        expiresAt: nowSeconds + leaseSeconds,
      },
      {
        // TTL deletion lags expiry by up to days, so an expired claim must count as free here.
        condition: 'attribute_not_exists(pk) OR expiresAt < :now',
        values: { ':now': nowSeconds },
      },
    );
  }

  async completeEvent(dedupKey: string, now: Date): Promise<void> {
    await this.table.put('completeEvent', {
      ...keys.event(dedupKey),
      completedAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + CLAIM_LIFETIME_SECONDS,
    });
  }

  async releaseEvent(dedupKey: string): Promise<void> {
    await this.table.deleteItem('releaseEvent', keys.event(dedupKey));
  }

  findOpenIncident(subjectKey: string): Promise<Incident | undefined> {
    return subjects.findOpenIncident(subjectKey, this.pointers);
  }

  openIncident(subjectKey: string, candidate: Incident): Promise<OpenedIncident> {
    return subjects.openIncident(subjectKey, candidate, this.pointers);
  }

  linkSubject(subjectKey: string, incidentId: string): Promise<string> {
    return subjects.linkSubject(subjectKey, incidentId, this.pointers);
  }

  async saveIncident(incident: Incident): Promise<Incident> {
    const saved: Incident = { ...incident, version: incident.version + 1 };
    const written = await this.table.putIf('saveIncident', incidentItem(saved), {
      condition: '#version = :expected',
      names: { '#version': 'version' },
      values: { ':expected': incident.version },
    });
    if (!written) throw new ConcurrentUpdateError(incident.id);
    await subjects.releaseSubjects(saved, this.pointers);
    return saved;
  }

  async getIncident(incidentId: string): Promise<Incident | undefined> {
    const item = await this.table.getItem('getIncident', keys.incident(incidentId));
    return item ? fromIncidentItem(item) : undefined;
  }

  async listIncidents(limit?: number): Promise<Incident[]> {
    const { indexName, partitionKey } = INCIDENT_TABLE_SCHEMA.byKindIndex;
    if (limit !== undefined && limit <= 0) return [];
    const items = await this.table.queryAll('listIncidents', `${indexName}/incident`, limit, {
      IndexName: indexName,
      KeyConditionExpression: '#kind = :kind',
      ExpressionAttributeNames: { '#kind': partitionKey },
      ExpressionAttributeValues: toItem({ ':kind': 'incident' }),
      ScanIndexForward: false,
    });
    return items.map(fromIncidentItem);
  }

  async appendActionRecord(record: ActionRecord): Promise<void> {
    await this.table.put('appendActionRecord', { ...keys.action(record), record });
  }

  async listActionRecords(incidentId: string): Promise<ActionRecord[]> {
    const { pk } = keys.incident(incidentId);
    const items = await this.table.queryAll('listActionRecords', `${pk} ACTION#*`, undefined, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: toItem({ ':pk': pk, ':prefix': 'ACTION#' }),
      ConsistentRead: true,
    });
    // Trusted boundary: only appendActionRecord writes these items.
    return items.map((item) => unmarshall(item).record as ActionRecord);
  }

  async putApproval(approval: PendingApproval): Promise<void> {
    // A replayed plan asks again; it must not reset a decision someone already made.
    await this.table.putIf('putApproval', approvalItem(approval, approval.requestedAt), {
      condition: 'attribute_not_exists(pk) OR approval.#status = :pending',
      names: { '#status': 'status' },
      values: { ':pending': 'pending' },
    });
  }

  async getApproval(approvalId: string): Promise<PendingApproval | undefined> {
    const item = await this.table.getItem('getApproval', keys.approval(approvalId));
    return item ? (unmarshall(item).approval as PendingApproval) : undefined;
  }

  async decideApproval(
    approvalId: string,
    status: ApprovalDecisionStatus,
    by: string,
    at: Date,
  ): Promise<boolean> {
    return this.table.updateIf(
      'decideApproval',
      keys.approval(approvalId),
      'SET approval.#status = :status, approval.decidedBy = :by, approval.decidedAt = :at, updatedAt = :at',
      {
        // ISO-8601 UTC times of one format compare as strings in time order.
        condition:
          status === 'expired'
            ? 'approval.#status = :pending'
            : 'approval.#status = :pending AND (attribute_not_exists(approval.expiresAt) OR approval.expiresAt > :at)',
        names: { '#status': 'status' },
        values: { ':status': status, ':by': by, ':at': at.toISOString(), ':pending': 'pending' },
      },
    );
  }

  async recordVote(approvalId: string, voter: string, expected: number): Promise<boolean> {
    return this.table.updateIf(
      'recordVote',
      keys.approval(approvalId),
      'SET approval.votes = list_append(if_not_exists(approval.votes, :none), :voter)',
      {
        condition:
          expected === 0
            ? 'approval.#status = :pending AND attribute_not_exists(approval.votes)'
            : 'approval.#status = :pending AND size(approval.votes) = :expected',
        names: { '#status': 'status' },
        values: {
          ':pending': 'pending',
          ':none': [],
          ':voter': [voter],
          ...(expected === 0 ? {} : { ':expected': expected }),
        },
      },
    );
  }

  async reserveContainment(incidentId: string, now: Date, limit: number): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
      const budget = await this.getBudget();
      const recent = inLastHour(budget?.entries ?? [], now);
      // One unit per holder an hour: a retried or concurrent run of the same containment spends no more.
      if (recent.some((entry) => entry.incidentId === incidentId)) return true;
      if (recent.length >= limit) return false;
      const entries = [...recent, { incidentId, at: now.toISOString() }];
      const version = budget?.version ?? 0;
      const written = await this.table.putIf(
        'reserveContainment',
        { ...keys.budget(), entries, version: version + 1 },
        {
          condition: budget ? '#version = :version' : 'attribute_not_exists(pk)',
          ...(budget && { names: { '#version': 'version' }, values: { ':version': version } }),
        },
      );
      if (written) return true;
    }
    throw new Error(
      `reserveContainment: gave up after ${MAX_RACE_ATTEMPTS} lost races for incident ${incidentId}`,
    );
  }

  async containmentsInLastHour(now: Date): Promise<number> {
    const budget = await this.getBudget();
    return inLastHour(budget?.entries ?? [], now).length;
  }

  private async getBudget(): Promise<{ entries: Containment[]; version: number } | undefined> {
    const item = await this.table.getItem('getBudget', keys.budget());
    if (!item) return undefined;
    const stored = unmarshall(item);
    return { entries: stored.entries as Containment[], version: stored.version as number };
  }
}

function inLastHour(entries: Containment[], now: Date): Containment[] {
  const since = now.getTime() - BUDGET_WINDOW_MS;
  return entries.filter((entry) => Date.parse(entry.at) > since);
}
