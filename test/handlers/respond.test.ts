/**
 * The responder Lambda end to end: the real handler module, a real DynamoDB-compatible server
 * (dynalite on 127.0.0.1) for the incident store, and IAM/SNS answered by aws-sdk-client-mock.
 */
import { GetAccessKeyLastUsedCommand, IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';
import { type Handler, lambdaContext } from './lambda-context';

const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', path), 'utf8')) as Record<string, unknown>;

const context = lambdaContext('ato-responder', 60_000);

/** The EventBridge envelope fields every event carries (EventBridge user guide, "Amazon EventBridge events"). */
const ENVELOPE = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  account: '123456789012',
  time: '2026-11-22T03:00:00Z',
  region: 'us-east-1',
  resources: [],
};

const iam = mockClient(IAMClient);
const sns = mockClient(SNSClient);
let db: LocalDynamoDb;
let handler: Handler;
let table: string;

const clearTable = (): Promise<void> => db.emptyTable(table);

beforeAll(async () => {
  db = await startLocalDynamoDb();
  table = await db.createIncidentTable();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = table;
  process.env.ATO_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
  process.env.ATO_CONFIG = JSON.stringify({ mode: 'enforce' });
  process.env.ATO_ACCOUNT_ID = '123456789012';
  ({ handler } = await import('../../lambdas/handlers/respond'));
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await db.stop();
});

beforeEach(async () => {
  await clearTable();
  iam.reset();
  sns.reset();
  iam.resolves({});
  sns.on(PublishCommand).resolves({ MessageId: '5a5b6c7d-0000-4000-8000-EXAMPLE00001' });
});

describe('responder handler', () => {
  it('deactivates the leaked key as its first IAM call on an AWS Health event', async () => {
    // Prepare
    const event = fixture('health/credentials-exposed.json');

    // Act
    await handler(event, context);

    // Assess
    expect(iam.calls()[0]?.args[0]).toBeInstanceOf(UpdateAccessKeyCommand);
    expect(iam).toHaveReceivedNthCommandWith(1, UpdateAccessKeyCommand, {
      UserName: 'alice',
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      Status: 'Inactive',
    });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('acts once on three deliveries of one GuardDuty finding, through the real conditional writes', async () => {
    // Prepare
    const event = fixture('guardduty/iam-user-malicious-ip-caller.json');
    const deliveries = [event, { ...event, id: 'redelivery-1' }, { ...event, id: 'redelivery-2' }];

    // Act
    const outcomes = await Promise.all(deliveries.map((e) => handler(e, context)));

    // Assess
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    expect(outcomes.map((o) => (o as { results: { status: string }[] }).results[0]?.status).sort()).toEqual([
      'duplicate',
      'duplicate',
      'handled',
    ]);
  });

  it('looks the owner up before deactivating when the Health event names no user', async () => {
    // Prepare
    iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'alice', AccessKeyLastUsed: undefined });

    // Act
    await handler(fixture('health/credentials-exposed-older-shape.json'), context);

    // Assess
    expect(
      iam
        .calls()
        .slice(0, 2)
        .map((c) => c.args[0].constructor.name),
    ).toEqual(['GetAccessKeyLastUsedCommand', 'UpdateAccessKeyCommand']);
  });

  it.each([
    ['null', null, 'not an EventBridge event: expected a JSON object, got null'],
    ['a string', 'not an event', 'not an EventBridge event: expected a JSON object, got a string'],
    [
      'an EC2 state change',
      {
        ...ENVELOPE,
        source: 'aws.ec2',
        'detail-type': 'EC2 Instance State-change Notification',
        detail: { state: 'running' },
      },
      'no normalizer for aws.ec2 "EC2 Instance State-change Notification" events',
    ],
  ])('acknowledges %s without throwing or calling AWS, and logs why', async (_name, event, reason) => {
    // Prepare
    const warn = jest.spyOn(Logger.prototype, 'warn');

    // Act
    const outcome = await handler(event, context);

    // Assess
    expect(outcome).toEqual({ ignored: reason });
    expect(warn).toHaveBeenCalledWith('event ignored', expect.objectContaining({ reason }));
    expect(iam.calls()).toHaveLength(0);
    warn.mockRestore();
  });

  it('acknowledges a Health event without detail and logs the reason', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const outcome = (await handler(
      { ...ENVELOPE, source: 'aws.health', 'detail-type': 'AWS Health Event' },
      context,
    )) as {
      ignored: string;
    };
    expect(outcome.ignored).toMatch(/detail/);
    expect(warn).toHaveBeenCalledWith(
      'event ignored',
      expect.objectContaining({ reason: outcome.ignored, source: 'aws.health' }),
    );
    warn.mockRestore();
  });

  it('reports a CloudTrail detection without changing anything, and offers containment on approval', async () => {
    // Act: StopLogging with a long-term key
    const outcome = (await handler(fixture('cloudtrail/cloudtrail-stop-logging.json'), context)) as {
      results: { status: string; actions: string[] }[];
    };

    // Assess
    expect(outcome.results.map((r) => r.status)).toEqual(['handled']);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it("remembers a key's first GetSessionToken in the table, so only the first of two fires", async () => {
    // Prepare: the same key minting session credentials twice, in two CloudTrail events
    const first = fixture('cloudtrail/get-session-token.json') as { detail: Record<string, unknown> };
    const second = { ...first, id: 'later-delivery', detail: { ...first.detail, eventID: 'later-call' } };

    // Act
    const outcomes = [await handler(first, context), await handler(second, context)];

    // Assess
    expect(outcomes).toEqual([
      {
        results: [
          expect.objectContaining({
            dedupKey:
              'aws.cloudtrail#00002008-0c1d-4e2f-8a3b-000000002008#credentials.session-token-from-new-key',
            status: 'handled',
          }),
        ],
      },
      { ignored: 'no rule for sts.amazonaws.com:GetSessionToken' },
    ]);
  });

  it('asks IAM whether a key was used before when its first call seen is GetCallerIdentity', async () => {
    // Prepare: IAM saw the key used a day before the call (get-caller-identity.json: 2024-05-24T10:13:58Z)
    iam.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2024-05-23T09:00:00Z'),
        ServiceName: 's3',
        Region: 'us-east-1',
      },
    });

    // Act
    const outcome = await handler(fixture('cloudtrail/get-caller-identity.json'), context);

    // Assess
    expect(outcome).toEqual({ ignored: 'no rule for sts.amazonaws.com:GetCallerIdentity' });
    expect(iam).toHaveReceivedCommandWith(GetAccessKeyLastUsedCommand, {
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    });
  });

  it('turns failed console sign-ins across many users and addresses into one stuffing incident and one message', async () => {
    // Prepare: 10 users, 5 addresses, one failure each, within 10 minutes
    const base = fixture('cloudtrail/console-login-failed.json') as {
      detail: Record<string, unknown>;
    } & Record<string, unknown>;
    const events = Array.from({ length: 10 }, (_, i) => ({
      ...base,
      id: `signin-envelope-${i}`,
      detail: {
        ...base.detail,
        eventID: `signin-${i}`,
        eventTime: new Date(Date.UTC(2026, 10, 22, 3, i)).toISOString(),
        sourceIPAddress: `203.0.113.${i % 5}`,
        userIdentity: { ...(base.detail.userIdentity as object), userName: `user${i}` },
      },
    }));

    // Act
    for (const event of events) await handler(event, context);

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toContain(
      'Credential stuffing against the console of account 123456789012: 10 failed sign-ins against 10 users from 5 addresses',
    );
    expect(iam.calls()).toHaveLength(0);
  });

  it('throws on IAM throttling so Lambda retries the event, and the retry contains the key', async () => {
    // Prepare
    const event = fixture('health/credentials-compromised.json');
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    // Throttled on the fast path and again on the plan's own attempt: the run gives up.
    iam.on(UpdateAccessKeyCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves({});

    // Act
    await expect(handler(event, context)).rejects.toThrow('containment interrupted');
    await handler(event, context);

    // Assess
    const firstKeyCalls = iam
      .commandCalls(UpdateAccessKeyCommand)
      .filter((c) => c.args[0].input.AccessKeyId === 'AKIAIOSFODNN7EXAMPLE');
    expect(firstKeyCalls.map((c) => c.args[0].input.Status)).toEqual(['Inactive', 'Inactive', 'Inactive']);
    expect(iam.commandCalls(UpdateAccessKeyCommand)).toHaveLength(4);
  });
});
