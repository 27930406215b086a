/**
 * The incident table's calls, each reduced to what the store needs: a consistent read, a
 * conditional write that answers whether it happened, a paginated query. Every SDK call goes
 * through one place, so a failure always names the operation, table and key.
 */
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ProviderError } from '../../core/ports';
import { toItem } from './dynamodb-items';
import type { Item, Key } from './dynamodb-items';

/** BatchGetItem rounds before unprocessed keys count as a failure (the SDK already retries each request). */
const BATCH_GET_ROUNDS = 3;

export interface WriteGuard {
  condition: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export class IncidentTable {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async getItem(operation: string, key: Key): Promise<Item | undefined> {
    const output = await this.send(operation, key, () =>
      this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: toItem(key), ConsistentRead: true }),
      ),
    );
    return output.Item;
  }

  /**
   * Up to 100 items by key, eventually consistent (BatchGetItem), in no particular order. Keys DynamoDB
   * leaves unprocessed (throttling) are asked again, up to `BATCH_GET_ROUNDS` rounds in all.
   */
  async getItems(operation: string, itemKeys: readonly Key[]): Promise<Item[]> {
    const items: Item[] = [];
    let pending: Item[] = itemKeys.map((key) => toItem(key));
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > BATCH_GET_ROUNDS) {
        const left = `${pending.length} keys left unprocessed`;
        throw new ProviderError(`DynamoDB ${operation}`, this.tableName, 'UnprocessedKeys', left, true);
      }
      const output = await this.send(operation, `${pending.length} keys`, () =>
        this.client.send(new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: pending } } })),
      );
      items.push(...(output.Responses?.[this.tableName] ?? []));
      pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return items;
  }

  /** An unconditional UpdateItem, for writes whose expression settles any race (`if_not_exists`). */
  async update(operation: string, key: Key, update: string, values: Record<string, unknown>): Promise<void> {
    await this.send(operation, key, () =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: toItem(key),
          UpdateExpression: update,
          ExpressionAttributeValues: toItem(values),
        }),
      ),
    );
  }

  async deleteItem(operation: string, key: Key): Promise<void> {
    await this.send(operation, key, () =>
      this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: toItem(key) })),
    );
  }

  async put(operation: string, item: Key & Record<string, unknown>): Promise<void> {
    await this.send(operation, item, () =>
      this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toItem(item) })),
    );
  }

  putIf(operation: string, item: Key & Record<string, unknown>, guard: WriteGuard): Promise<boolean> {
    return this.conditional(operation, item, () =>
      this.client.send(new PutItemCommand({ ...this.guarded(guard), Item: toItem(item) })),
    );
  }

  deleteIf(operation: string, key: Key, guard: WriteGuard): Promise<boolean> {
    return this.conditional(operation, key, () =>
      this.client.send(new DeleteItemCommand({ ...this.guarded(guard), Key: toItem(key) })),
    );
  }

  updateIf(operation: string, key: Key, update: string, guard: WriteGuard): Promise<boolean> {
    return this.conditional(operation, key, () =>
      this.client.send(
        new UpdateItemCommand({ ...this.guarded(guard), Key: toItem(key), UpdateExpression: update }),
      ),
    );
  }

  async queryAll(
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

  private guarded(guard: WriteGuard) {
    return {
      TableName: this.tableName,
      ConditionExpression: guard.condition,
      ExpressionAttributeNames: guard.names,
      ExpressionAttributeValues: guard.values && toItem(guard.values),
    };
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

  private async send<T>(operation: string, key: Key | string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const resource = typeof key === 'string' ? key : `${key.pk} ${key.sk}`;
      throw storeFailure(operation, `${this.tableName}/${resource}`, error);
    }
  }
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
