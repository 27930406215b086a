/**
 * The detection baseline in the incident table: one item per (subject, fact), keyed
 * `BASELINE#<subject>` / `FACT#<fact>`, holding the event that first taught it. No `kind`, so the
 * facts stay out of the `byKind` index; they expire a year after they were first learnt.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type BaselineFact, type BaselineStore, factKey } from '../../core/baseline-store';
import { keys } from './dynamodb-items';
import { IncidentTable } from './dynamodb-table';

export const BASELINE_RETENTION_DAYS = 365;

export class DynamoDbBaselineStore implements BaselineStore {
  private readonly table: IncidentTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new IncidentTable(client, tableName);
  }

  async known(facts: readonly BaselineFact[], eventId: string): Promise<ReadonlySet<string>> {
    const unique = new Map(facts.map((f) => [factKey(f), f]));
    const items = await this.table.getItems(
      'baselineKnown',
      [...unique.values()].map((f) => keys.baselineFact(f.subject, f.fact)),
    );
    const known = new Set<string>();
    for (const item of items.map((i) => unmarshall(i))) {
      if (item.firstEventId === eventId) continue;
      known.add(factKey({ subject: String(item.subject), fact: String(item.fact) }));
    }
    return known;
  }

  async record(facts: readonly BaselineFact[], eventId: string, at: Date): Promise<void> {
    const expiresAt = Math.floor(at.getTime() / 1000) + BASELINE_RETENTION_DAYS * 86_400;
    await Promise.all(
      facts.map(({ subject, fact }) =>
        this.table.update(
          'baselineRecord',
          keys.baselineFact(subject, fact),
          // The first event to teach a fact keeps it: concurrent deliveries cannot overwrite each other.
          'SET subject = :subject, fact = :fact, firstEventId = if_not_exists(firstEventId, :event), ' +
            'firstSeenAt = if_not_exists(firstSeenAt, :at), expiresAt = if_not_exists(expiresAt, :expires)',
          {
            ':subject': subject,
            ':fact': fact,
            ':event': eventId,
            ':at': at.toISOString(),
            ':expires': expiresAt,
          },
        ),
      ),
    );
  }
}
