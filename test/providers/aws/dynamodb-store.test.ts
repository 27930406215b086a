import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ProviderError } from '../../../lambdas/core/ports';
import { DynamoDbIncidentStore } from '../../../lambdas/providers/aws/dynamodb-store';
import { describeIncidentStoreContract } from '../store-contract';
import { SUBJECT_KEY, T0, anActionRecord, anIncident, at } from '../store-fixtures';
import { startLocalDynamoDb } from './dynalite-server';
import type { LocalDynamoDb } from './dynalite-server';

describe('DynamoDbIncidentStore', () => {
  let dynamo: LocalDynamoDb;

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  describe('contract', () => {
    describeIncidentStoreContract(
      async () => new DynamoDbIncidentStore(dynamo.client, await dynamo.createIncidentTable()),
    );
  });

  describe('on the table', () => {
    let tableName: string;
    let store: DynamoDbIncidentStore;

    beforeEach(async () => {
      tableName = await dynamo.createIncidentTable();
      store = new DynamoDbIncidentStore(dynamo.client, tableName);
    });

    async function readItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
      const { Item } = await dynamo.client.send(
        new GetItemCommand({ TableName: tableName, Key: marshall({ pk, sk }) }),
      );
      return Item && unmarshall(Item);
    }

    it('writes an event claim that DynamoDB TTL deletes 48 hours later', async () => {
      // Act
      await store.claimEvent('aws.health/evt-0001', T0);

      // Assess
      expect(await readItem('EVENT#aws.health/evt-0001', 'EVENT')).toEqual({
        pk: 'EVENT#aws.health/evt-0001',
        sk: 'EVENT',
        claimedAt: T0.toISOString(),
        expiresAt: T0.getTime() / 1000 + 48 * 60 * 60,
      });
    });

    it('writes an incident under its single-table keys, indexed by kind and update time', async () => {
      // Act
      await store.openIncident(SUBJECT_KEY, anIncident());

      // Assess
      expect(await readItem('INCIDENT#inc-0001', 'INCIDENT')).toEqual({
        pk: 'INCIDENT#inc-0001',
        sk: 'INCIDENT',
        kind: 'incident',
        updatedAt: T0.toISOString(),
        version: 1,
        incident: anIncident({ version: 1 }),
      });
      expect(await readItem(`SUBJECT#${SUBJECT_KEY}`, 'OPEN')).toEqual({
        pk: `SUBJECT#${SUBJECT_KEY}`,
        sk: 'OPEN',
        incidentId: 'inc-0001',
      });
    });

    it('keeps an action record next to its incident, sorted by start time', async () => {
      // Act
      await store.appendActionRecord(anActionRecord());

      // Assess
      expect(
        await readItem(
          'INCIDENT#inc-0001',
          `ACTION#${T0.toISOString()}#inc-0001/0-aws.iam.deactivate-access-key`,
        ),
      ).toEqual({
        pk: 'INCIDENT#inc-0001',
        sk: `ACTION#${T0.toISOString()}#inc-0001/0-aws.iam.deactivate-access-key`,
        record: anActionRecord(),
      });
    });

    it('frees a subject whose pointer was left behind by a resolved incident', async () => {
      // Prepare: a resolved incident whose pointer survived (the save that resolved it crashed first)
      await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0001', status: 'resolved' }));

      // Act
      const opened = await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0002' }));

      // Assess
      expect(opened).toEqual({ incident: anIncident({ id: 'inc-0002', version: 1 }), created: true });
      expect(await readItem(`SUBJECT#${SUBJECT_KEY}`, 'OPEN')).toMatchObject({ incidentId: 'inc-0002' });
    });

    it('leaves a subject pointer alone when it already points at a newer incident', async () => {
      // Prepare
      const { incident: old } = await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0001' }));
      await dynamo.client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall({ pk: `SUBJECT#${SUBJECT_KEY}`, sk: 'OPEN', incidentId: 'inc-0002' }),
        }),
      );

      // Act
      await store.saveIncident({ ...old, status: 'resolved' });

      // Assess
      expect(await readItem(`SUBJECT#${SUBJECT_KEY}`, 'OPEN')).toMatchObject({ incidentId: 'inc-0002' });
    });

    it('reads every page of an action history larger than one query page', async () => {
      // Prepare: 12 records of ~100 KB go past the 1 MB a Query returns at once
      const records = Array.from({ length: 12 }, (_, index) =>
        anActionRecord({
          actionId: `inc-0001/${index}-aws.iam.deactivate-access-key`,
          startedAt: at(index * 1000).toISOString(),
          reason: 'x'.repeat(100 * 1024),
        }),
      );
      for (const record of records) await store.appendActionRecord(record);

      // Act
      const listed = await store.listActionRecords('inc-0001');

      // Assess
      expect(listed.map((record) => record.actionId)).toEqual(records.map((record) => record.actionId));
    });

    it('drops budget entries older than an hour when it writes the budget', async () => {
      // Prepare
      await store.reserveContainment('inc-0001', T0, 5);

      // Act
      await store.reserveContainment('inc-0002', at(2 * 60 * 60 * 1000), 5);

      // Assess
      expect(await readItem('BUDGET', 'CONTAINMENTS')).toEqual({
        pk: 'BUDGET',
        sk: 'CONTAINMENTS',
        version: 2,
        entries: [{ incidentId: 'inc-0002', at: at(2 * 60 * 60 * 1000).toISOString() }],
      });
    });

    it('names the operation, table and key when DynamoDB fails, and keeps what DynamoDB said', async () => {
      // Prepare
      const missing = new DynamoDbIncidentStore(dynamo.client, 'no-such-table');

      // Act
      const failure: unknown = await missing
        .claimEvent('aws.health/evt-0001', T0)
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(ProviderError);
      expect(failure).toMatchObject({
        message:
          'DynamoDB claimEvent on no-such-table/EVENT#aws.health/evt-0001 EVENT failed: ' +
          'ResourceNotFoundException: Requested resource not found',
        code: 'ResourceNotFoundException',
        retryable: false,
        cause: { name: 'ResourceNotFoundException' },
      });
    });
  });
});
