/**
 * The scheduled audits' snapshots in the incident table: one item per provider account, keyed
 * `SNAPSHOT#<provider>#<account>` / `LATEST`, the snapshot kept as JSON (its lists may be empty,
 * which DynamoDB sets cannot be). No `kind`: it stays out of the `byKind` index. Never expires: the
 * known-good URLs must outlive a quiet month.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { InventorySnapshot, SnapshotStore } from '../../core/ports';
import { IncidentTable } from './dynamodb-table';

const key = (provider: string, account: string) => ({ pk: `SNAPSHOT#${provider}#${account}`, sk: 'LATEST' });

export class DynamoDbSnapshotStore implements SnapshotStore {
  private readonly table: IncidentTable;

  constructor(client: DynamoDBClient, tableName: string) {
    this.table = new IncidentTable(client, tableName);
  }

  async getSnapshot(
    provider: InventorySnapshot['provider'],
    account: string,
  ): Promise<InventorySnapshot | undefined> {
    const item = await this.table.getItem('getSnapshot', key(provider, account));
    if (!item) return undefined;
    const { body } = unmarshall(item) as { body?: unknown };
    return typeof body === 'string' ? (JSON.parse(body) as InventorySnapshot) : undefined;
  }

  async putSnapshot(snapshot: InventorySnapshot): Promise<void> {
    await this.table.put('putSnapshot', {
      ...key(snapshot.provider, snapshot.account),
      takenAt: snapshot.takenAt,
      body: JSON.stringify(snapshot),
    });
  }
}
