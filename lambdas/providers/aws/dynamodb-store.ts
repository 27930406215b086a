/**
 * The IncidentStore on one DynamoDB table (single-table design). Every race the responder can lose
 * — duplicate deliveries, two signals opening one subject's incident, two writers of an incident,
 * the hourly containment budget — is settled by a conditional write, never by a read-then-write.
 *
 * dynalite (the test emulator) has no TransactWriteItems, so nothing here uses transactions:
 * an incident is written before the subject pointer that makes it reachable, so a pointer never
 * leads to a missing incident, and the loser of a race deletes its unreachable candidate.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ActionRecord, PendingApproval } from '../../core/action';
import type { Incident } from '../../core/incident';
import { ConcurrentUpdateError, ProviderError } from '../../core/ports';
import type { IncidentStore, OpenedIncident } from '../../core/ports';

/** The table the CDK stack creates; the store and the stack must agree on every name here. */
export const INCIDENT_TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  byKindIndex: { indexName: 'byKind', partitionKey: 'kind', sortKey: 'updatedAt' },
} as const;

/** EventBridge retries a delivery for at most 24 h; twice that leaves no redelivery unclaimed. */
const CLAIM_LIFETIME_SECONDS = 48 * 60 * 60;
const BUDGET_WINDOW_MS = 60 * 60 * 1000;
/** Each lost budget race means another reservation succeeded, so this bounds the wait under load. */
const MAX_RACE_ATTEMPTS = 10;

const keys = {
  event: (dedupKey: string) => ({ pk: `EVENT#${dedupKey}`, sk: 'EVENT' }),
  subject: (subjectKey: string) => ({ pk: `SUBJECT#${subjectKey}`, sk: 'OPEN' }),
  incident: (incidentId: string) => ({ pk: `INCIDENT#${incidentId}`, sk: 'INCIDENT' }),
  action: (record: ActionRecord) => ({
    pk: `INCIDENT#${record.incidentId}`,
    sk: `ACTION#${record.startedAt}#${record.actionId}`,
  }),
  approval: (approvalId: string) => ({ pk: `APPROVAL#${approvalId}`, sk: 'APPROVAL' }),
  budget: () => ({ pk: 'BUDGET', sk: 'CONTAINMENTS' }),
};

type Key = { pk: string; sk: string };
type Item = Record<string, AttributeValue>;

interface Containment {
  incidentId: string;
  at: string;
}

const toItem = (value: Record<string, unknown>): Item => marshall(value, { removeUndefinedValues: true });

export class DynamoDbIncidentStore implements IncidentStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async claimEvent(dedupKey: string, now: Date): Promise<boolean> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    return this.putIf(
      'claimEvent',
      {
        ...keys.event(dedupKey),
        claimedAt: now.toISOString(),
        expiresAt: nowSeconds + CLAIM_LIFETIME_SECONDS,
      },
      {
        // TTL deletion lags expiry by up to days, so an expired claim must count as free here.
        condition: 'attribute_not_exists(pk) OR expiresAt < :now',
        values: { ':now': nowSeconds },
      },
    );
  }

  async releaseEvent(dedupKey: string): Promise<void> {
    const key = keys.event(dedupKey);
    await this.send('releaseEvent', key, () =>
      this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: toItem(key) })),
    );
  }

  async findOpenIncident(subjectKey: string): Promise<Incident | undefined> {
    const pointer = await this.getPointer(subjectKey);
    if (!pointer) return undefined;
    const incident = await this.getIncident(pointer);
    return incident?.status === 'resolved' ? undefined : incident;
  }

  async openIncident(subjectKey: string, candidate: Incident): Promise<OpenedIncident> {
    const incident: Incident = { ...candidate, version: candidate.version + 1 };
    let candidateWritten = false;
    for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
      const pointer = await this.getPointer(subjectKey);
      const current = pointer ? await this.getIncident(pointer) : undefined;
      if (current && current.status !== 'resolved') {
        if (candidateWritten && current.id !== incident.id) await this.deleteIncident(incident.id);
        return { incident: current, created: false };
      }
      if (!candidateWritten) {
        candidateWritten = await this.putIf('openIncident', this.incidentItem(incident), {
          condition: 'attribute_not_exists(pk)',
        });
        if (!candidateWritten) throw new Error(`openIncident: incident id ${incident.id} is already in use`);
      }
      if (await this.putPointer('openIncident', subjectKey, incident.id, pointer)) {
        return { incident, created: true };
      }
    }
    if (candidateWritten) await this.deleteIncident(incident.id);
    throw new Error(`openIncident: gave up on subject ${subjectKey} after ${MAX_RACE_ATTEMPTS} lost races`);
  }

  async linkSubject(subjectKey: string, incidentId: string): Promise<string> {
    for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
      const pointer = await this.getPointer(subjectKey);
      if (pointer === incidentId) return incidentId;
      const current = pointer ? await this.getIncident(pointer) : undefined;
      if (current && current.status !== 'resolved') return current.id;
      if (await this.putPointer('linkSubject', subjectKey, incidentId, pointer)) return incidentId;
    }
    throw new Error(`linkSubject: gave up on subject ${subjectKey} after ${MAX_RACE_ATTEMPTS} lost races`);
  }

  async saveIncident(incident: Incident): Promise<Incident> {
    const saved: Incident = { ...incident, version: incident.version + 1 };
    const written = await this.putIf('saveIncident', this.incidentItem(saved), {
      condition: '#version = :expected',
      names: { '#version': 'version' },
      values: { ':expected': incident.version },
    });
    if (!written) throw new ConcurrentUpdateError(incident.id);
    if (saved.status === 'resolved') {
      await Promise.all(saved.subjectKeys.map((subjectKey) => this.freeSubject(subjectKey, saved.id)));
    }
    return saved;
  }

  async getIncident(incidentId: string): Promise<Incident | undefined> {
    const item = await this.getItem('getIncident', keys.incident(incidentId));
    return item ? fromIncidentItem(item) : undefined;
  }

  async listIncidents(limit?: number): Promise<Incident[]> {
    const { indexName, partitionKey } = INCIDENT_TABLE_SCHEMA.byKindIndex;
    if (limit !== undefined && limit <= 0) return [];
    const items = await this.queryAll('listIncidents', `${indexName}/incident`, limit, {
      IndexName: indexName,
      KeyConditionExpression: '#kind = :kind',
      ExpressionAttributeNames: { '#kind': partitionKey },
      ExpressionAttributeValues: toItem({ ':kind': 'incident' }),
      ScanIndexForward: false,
    });
    return items.map(fromIncidentItem);
  }

  async appendActionRecord(record: ActionRecord): Promise<void> {
    const key = keys.action(record);
    await this.send('appendActionRecord', key, () =>
      this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toItem({ ...key, record }) })),
    );
  }

  async listActionRecords(incidentId: string): Promise<ActionRecord[]> {
    const { pk } = keys.incident(incidentId);
    const items = await this.queryAll('listActionRecords', `${pk} ACTION#*`, undefined, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: toItem({ ':pk': pk, ':prefix': 'ACTION#' }),
      ConsistentRead: true,
    });
    // Trusted boundary: only appendActionRecord writes these items.
    return items.map((item) => unmarshall(item).record as ActionRecord);
  }

  async putApproval(approval: PendingApproval): Promise<void> {
    // A replayed plan asks again; it must not reset a decision someone already made.
    await this.putIf('putApproval', this.approvalItem(approval, approval.requestedAt), {
      condition: 'attribute_not_exists(pk) OR approval.#status = :pending',
      names: { '#status': 'status' },
      values: { ':pending': 'pending' },
    });
  }

  async getApproval(approvalId: string): Promise<PendingApproval | undefined> {
    const item = await this.getItem('getApproval', keys.approval(approvalId));
    return item ? (unmarshall(item).approval as PendingApproval) : undefined;
  }

  async decideApproval(
    approvalId: string,
    status: 'approved' | 'denied',
    by: string,
    at: Date,
  ): Promise<boolean> {
    const key = keys.approval(approvalId);
    return this.conditional('decideApproval', key, () =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: toItem(key),
          UpdateExpression:
            'SET approval.#status = :status, approval.decidedBy = :by, approval.decidedAt = :at, updatedAt = :at',
          ConditionExpression: 'approval.#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toItem({
            ':status': status,
            ':by': by,
            ':at': at.toISOString(),
            ':pending': 'pending',
          }),
        }),
      ),
    );
  }

  async reserveContainment(incidentId: string, now: Date, limit: number): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
      const budget = await this.getBudget();
      const recent = inLastHour(budget?.entries ?? [], now);
      if (recent.length >= limit) return false;
      const entries = [...recent, { incidentId, at: now.toISOString() }];
      const version = budget?.version ?? 0;
      const written = await this.putIf(
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

  private incidentItem(incident: Incident): Key & Record<string, unknown> {
    return {
      ...keys.incident(incident.id),
      kind: 'incident',
      updatedAt: incident.updatedAt,
      version: incident.version,
      incident,
    };
  }

  private approvalItem(approval: PendingApproval, updatedAt: string): Key & Record<string, unknown> {
    return { ...keys.approval(approval.approvalId), kind: 'approval', updatedAt, approval };
  }

  private async getPointer(subjectKey: string): Promise<string | undefined> {
    const item = await this.getItem('getSubjectPointer', keys.subject(subjectKey));
    return item ? (unmarshall(item).incidentId as string) : undefined;
  }

  /** Point a subject at an incident, if the pointer is still what we read (absent, or `stale`). */
  private putPointer(
    operation: string,
    subjectKey: string,
    incidentId: string,
    stale: string | undefined,
  ): Promise<boolean> {
    return this.putIf(
      operation,
      { ...keys.subject(subjectKey), incidentId },
      {
        condition: stale ? 'incidentId = :stale' : 'attribute_not_exists(pk)',
        ...(stale && { values: { ':stale': stale } }),
      },
    );
  }

  /** Drop a subject pointer unless it already points at a newer incident. */
  private async freeSubject(subjectKey: string, incidentId: string): Promise<void> {
    const key = keys.subject(subjectKey);
    await this.conditional('freeSubject', key, () =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: toItem(key),
          ConditionExpression: 'incidentId = :id',
          ExpressionAttributeValues: toItem({ ':id': incidentId }),
        }),
      ),
    );
  }

  private async deleteIncident(incidentId: string): Promise<void> {
    const key = keys.incident(incidentId);
    await this.send('deleteIncident', key, () =>
      this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: toItem(key) })),
    );
  }

  private async getBudget(): Promise<{ entries: Containment[]; version: number } | undefined> {
    const item = await this.getItem('getBudget', keys.budget());
    if (!item) return undefined;
    const stored = unmarshall(item);
    return { entries: stored.entries as Containment[], version: stored.version as number };
  }

  private async getItem(operation: string, key: Key): Promise<Item | undefined> {
    const output = await this.send(operation, key, () =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: toItem(key), ConsistentRead: true }),
      ),
    );
    return output.Item;
  }

  private putIf(
    operation: string,
    item: Key & Record<string, unknown>,
    guard: { condition: string; names?: Record<string, string>; values?: Record<string, unknown> },
  ): Promise<boolean> {
    return this.conditional(operation, item, () =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(item),
          ConditionExpression: guard.condition,
          ExpressionAttributeNames: guard.names,
          ExpressionAttributeValues: guard.values && toItem(guard.values),
        }),
      ),
    );
  }

  private async queryAll(
    operation: string,
    resource: string,
    limit: number | undefined,
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const remaining = limit === undefined ? undefined : limit - items.length;
      const page = await this.send(operation, resource, () =>
        this.client.send(
          new QueryCommand({
            ...input,
            TableName: this.tableName,
            ExclusiveStartKey: startKey,
            Limit: remaining,
          }),
        ),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey && (limit === undefined || items.length < limit));
    return items;
  }

  /** Run a conditional write: true if it happened, false if its condition did not hold. */
  private async conditional(operation: string, key: Key, write: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.send(operation, key, write);
      return true;
    } catch (error) {
      if (error instanceof ProviderError && error.cause instanceof ConditionalCheckFailedException)
        return false;
      throw error;
    }
  }

  /** Every SDK call goes through here, so a failure always names the operation, table and key. */
  private async send<T>(operation: string, key: Key | string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const resource = typeof key === 'string' ? key : `${key.pk} ${key.sk}`;
      throw storeFailure(operation, `${this.tableName}/${resource}`, error);
    }
  }
}

function fromIncidentItem(item: Item): Incident {
  const stored = unmarshall(item);
  // Trusted boundary: only this store writes incident items; the top-level version is the one
  // the conditions check, so it wins over the copy inside the document.
  return { ...(stored.incident as Incident), version: stored.version as number };
}

function inLastHour(entries: Containment[], now: Date): Containment[] {
  const since = now.getTime() - BUDGET_WINDOW_MS;
  return entries.filter((entry) => Date.parse(entry.at) > since);
}

function storeFailure(operation: string, resource: string, error: unknown): ProviderError {
  const code = error instanceof Error ? error.name : 'UnknownError';
  const message = error instanceof Error ? error.message : String(error);
  // Service errors say whether a retry helps; anything else (socket, DNS) is worth one.
  const retryable =
    error instanceof DynamoDBServiceException
      ? error.$fault === 'server' || error.$retryable !== undefined
      : true;
  const failure = new ProviderError(`DynamoDB ${operation}`, resource, code, message, retryable);
  failure.cause = error;
  return failure;
}
