/**
 * An in-memory DynamoDB (dynalite) on a free local port, and a real DynamoDBClient pointed at it.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  ProjectionType,
  ScalarAttributeType,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { INCIDENT_TABLE_SCHEMA } from '../../../lambdas/providers/aws/dynamodb-store';

interface DynaliteOptions {
  /** Tables stay CREATING for 500 ms unless this is 0. */
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite ships no type declarations; this is the one function of it the tests use.
const dynalite = createRequire(__filename)('dynalite') as (options: DynaliteOptions) => Server;

export interface LocalDynamoDb {
  client: DynamoDBClient;
  /** `http://127.0.0.1:<port>`: what a handler under test gets as AWS_ENDPOINT_URL_DYNAMODB. */
  endpointUrl: string;
  /** Create an empty incident table, exactly as the stack declares it, and return its name. */
  createIncidentTable(): Promise<string>;
  /** Delete every item of a table: each test starts from an empty store, as after a fresh deploy. */
  emptyTable(tableName: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
    // A lost conditional write is an answer, not a fault; retries would only hide real failures.
    maxAttempts: 1,
  });
  let tables = 0;

  return {
    client,
    endpointUrl: `http://127.0.0.1:${port}`,
    async emptyTable(tableName) {
      const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
      for (const item of Items)
        await client.send(
          new DeleteItemCommand({ TableName: tableName, Key: { pk: item.pk!, sk: item.sk! } }),
        );
    },
    async createIncidentTable() {
      const tableName = `incidents-${++tables}`;
      const { partitionKey, sortKey, byKindIndex } = INCIDENT_TABLE_SCHEMA;
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [partitionKey, sortKey, byKindIndex.partitionKey, byKindIndex.sortKey].map(
            (name) => ({ AttributeName: name, AttributeType: ScalarAttributeType.S }),
          ),
          KeySchema: [
            { AttributeName: partitionKey, KeyType: 'HASH' },
            { AttributeName: sortKey, KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: byKindIndex.indexName,
              KeySchema: [
                { AttributeName: byKindIndex.partitionKey, KeyType: 'HASH' },
                { AttributeName: byKindIndex.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: ProjectionType.ALL },
            },
          ],
        }),
      );
      return tableName;
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
