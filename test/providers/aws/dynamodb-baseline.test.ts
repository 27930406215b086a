/** The detection baseline in the incident table, against dynalite (real BatchGetItem and UpdateItem). */
import { BatchGetItemCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { ProviderError } from '../../../lambdas/core/ports';
import { DynamoDbBaselineStore } from '../../../lambdas/providers/aws/dynamodb-baseline';
import { startLocalDynamoDb } from './dynalite-server';
import type { LocalDynamoDb } from './dynalite-server';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const USED = { subject: KEY, fact: 'used' };
const MINTED = { subject: KEY, fact: 'call:sts.amazonaws.com:GetSessionToken' };
const ALICE_SES = { subject: 'arn:aws:iam::123456789012:user/alice', fact: 'service:ses' };
const FIRST_EVENT = '00002008-0c1d-4e2f-8a3b-000000002008';
const LATER_EVENT = '00002008-0c1d-4e2f-8a3b-0000000020ff';
const AT = new Date('2024-05-24T10:14:05Z');

describe('DynamoDbBaselineStore', () => {
  let dynamo: LocalDynamoDb;
  let tableName: string;
  let store: DynamoDbBaselineStore;

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  beforeEach(async () => {
    tableName = await dynamo.createIncidentTable();
    store = new DynamoDbBaselineStore(dynamo.client, tableName);
  });

  it('knows nothing on an empty table', async () => {
    expect([...(await store.known([USED, MINTED], LATER_EVENT))]).toEqual([]);
  });

  it('knows what another event taught, and not what the asking event taught itself', async () => {
    // Prepare
    await store.record([USED, MINTED], FIRST_EVENT, AT);

    // Act
    const byLater = await store.known([USED, MINTED, ALICE_SES], LATER_EVENT);
    const byFirst = await store.known([USED, MINTED], FIRST_EVENT);

    // Assess
    expect([...byLater].sort()).toEqual([`${KEY}\ncall:sts.amazonaws.com:GetSessionToken`, `${KEY}\nused`]);
    expect([...byFirst]).toEqual([]);
  });

  it('keeps the first event that taught a fact, whatever is recorded after', async () => {
    // Prepare
    await store.record([USED], FIRST_EVENT, AT);

    // Act
    await store.record([USED], LATER_EVENT, new Date('2024-06-01T00:00:00Z'));

    // Assess
    const { Item } = await dynamo.client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: marshall({ pk: `BASELINE#${KEY}`, sk: 'FACT#used' }),
      }),
    );
    expect(Item && unmarshall(Item)).toEqual({
      pk: `BASELINE#${KEY}`,
      sk: 'FACT#used',
      subject: KEY,
      fact: 'used',
      firstEventId: FIRST_EVENT,
      firstSeenAt: '2024-05-24T10:14:05.000Z',
      // A year after it was first learnt, in epoch seconds (the table's TTL attribute).
      expiresAt: Math.floor(AT.getTime() / 1000) + 365 * 86_400,
    });
  });

  it('asks again for keys DynamoDB leaves unprocessed, and fails after three rounds', async () => {
    // Prepare: a client whose every BatchGetItem answers with the keys unprocessed
    const client = new DynamoDBClient({ region: 'us-east-1' });
    const mocked = mockClient(client);
    mocked
      .on(BatchGetItemCommand)
      .callsFake((input: { RequestItems: Record<string, { Keys: unknown[] }> }) => ({
        Responses: { t: [] },
        UnprocessedKeys: { t: { Keys: input.RequestItems.t?.Keys } },
      }));
    const throttled = new DynamoDbBaselineStore(client, 't');

    // Act
    const asking = throttled.known([USED], LATER_EVENT);

    // Assess
    await expect(asking).rejects.toThrow(ProviderError);
    await expect(asking).rejects.toMatchObject({ code: 'UnprocessedKeys', retryable: true });
    expect(mocked.commandCalls(BatchGetItemCommand)).toHaveLength(3);
  });
});
