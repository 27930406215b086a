/**
 * The investigation scheduler Lambda end to end: the real handler module, DynamoDB stream records
 * shaped as the Lambda developer guide's sample ("Using AWS Lambda with Amazon DynamoDB",
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html) holding the item the store writes, and
 * SQS answered by aws-sdk-client-mock.
 */
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { ActionRecord } from '../../lambdas/core/action';
import { keys, toItem } from '../../lambdas/providers/aws/dynamodb-items';
import { anActionRecord } from '../providers/store-fixtures';
import { type Handler, lambdaContext } from './lambda-context';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/ato-responder-investigations';
const STREAM_EVENT_ID = 'c4ca4238a0b923820dcc509a6f75849b';
const context = lambdaContext('ato-responder-scheduler', 30_000);

const sqs = mockClient(SQSClient);
let handler: Handler;

/** A done deactivation (the store fixtures' action record), started a minute ago. */
function deactivation(overrides: Partial<ActionRecord> = {}): ActionRecord {
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  return anActionRecord({ startedAt, finishedAt: startedAt, ...overrides });
}

function streamEvent(record: ActionRecord, overrides: Record<string, unknown> = {}) {
  const key = keys.action(record);
  return {
    Records: [
      {
        eventID: STREAM_EVENT_ID,
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          ApproximateCreationDateTime: 1795835001,
          Keys: toItem(key),
          NewImage: toItem({ ...key, record }),
          SequenceNumber: '4421584500000000017450439091',
          SizeBytes: 1024,
          StreamViewType: 'NEW_IMAGE',
        },
        eventSourceARN:
          'arn:aws:dynamodb:us-east-1:123456789012:table/incidents/stream/2026-11-22T00:00:00.000',
        ...overrides,
      },
    ],
  };
}

beforeAll(async () => {
  process.env.ATO_INVESTIGATION_QUEUE_URL = QUEUE_URL;
  process.env.ATO_CONFIG = JSON.stringify({ investigation: { delayMinutes: 15 } });
  ({ handler } = await import('../../lambdas/handlers/schedule-investigation'));
});

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: '059f36b4-87a3-44ab-83d2-661975974100' });
});

describe('investigation scheduler handler', () => {
  it('queues a deactivation for the investigator, delayed by what is left of the 15 minutes', async () => {
    // Prepare: the deactivation happened a minute ago
    const record = deactivation();

    // Act
    const outcome = await handler(streamEvent(record), context);

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    const input = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(QUEUE_URL);
    expect(JSON.parse(input?.MessageBody ?? '')).toEqual({
      eventId: STREAM_EVENT_ID,
      incidentId: 'inc-0001',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      actionId: 'inc-0001/0-aws.iam.deactivate-access-key',
      deactivatedAt: record.startedAt,
    });
    // 900 s less the minute already gone (a second of slack for the test's own run time).
    expect(input?.DelaySeconds).toBeGreaterThanOrEqual(839);
    expect(input?.DelaySeconds).toBeLessThanOrEqual(840);
    expect(outcome).toEqual({
      results: [
        {
          status: 'scheduled',
          incidentId: 'inc-0001',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          delaySeconds: input?.DelaySeconds,
        },
      ],
    });
  });

  it.each([
    ['a MODIFY of the record', {}, { eventName: 'MODIFY' }, 'eventName is MODIFY, not INSERT'],
    [
      'a record without its new image',
      {},
      { dynamodb: { StreamViewType: 'KEYS_ONLY' } },
      'no dynamodb.NewImage (the stream must carry NEW_IMAGE)',
    ],
    [
      'a deactivation without a key id',
      { target: { userName: 'ci-deploy' } },
      {},
      'target.accessKeyId is missing or not an access key id',
    ],
    [
      'a deactivation that failed',
      { status: 'failed' },
      {},
      'action aws.iam.deactivate-access-key failed is not a aws.iam.deactivate-access-key done',
    ],
  ] as [string, Partial<ActionRecord>, Record<string, unknown>, string][])(
    'skips %s with the reason logged, queuing nothing',
    async (_case, action, envelope, reason) => {
      // Prepare
      const warn = jest.spyOn(Logger.prototype, 'warn');

      // Act
      const outcome = await handler(streamEvent(deactivation(action), envelope), context);

      // Assess
      expect(outcome).toEqual({ results: [{ status: 'skipped', reason, eventId: STREAM_EVENT_ID }] });
      expect(warn).toHaveBeenCalledWith('stream record skipped', { reason, eventId: STREAM_EVENT_ID });
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 0);
      warn.mockRestore();
    },
  );

  it('throws when SQS refuses the message, so the stream retries the record', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(
      Object.assign(new Error('Access to the resource is denied.'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    // Act
    const run = handler(streamEvent(deactivation()), context);

    // Assess
    await expect(run).rejects.toThrow(
      `SendMessage on ${QUEUE_URL} AKIAIOSFODNN7EXAMPLE failed: AccessDenied`,
    );
  });
});
