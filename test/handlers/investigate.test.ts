/**
 * The key investigator Lambda end to end: the real handler module, a real DynamoDB-compatible
 * server (dynalite) for the incident store, and CloudTrail, Account, IAM and SNS answered by
 * aws-sdk-client-mock with the API references' response shapes. Placeholders only.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { ActionRecord, PendingApproval } from '../../lambdas/core/action';
import type { Incident } from '../../lambdas/core/incident';
import type { KeyDeactivation } from '../../lambdas/core/investigation/ports';
import { scheduleFromStream } from '../../lambdas/handlers/investigate-deactivation';
import { DynamoDbIncidentStore } from '../../lambdas/providers/aws/dynamodb-store';
import { keys } from '../../lambdas/providers/aws/dynamodb-items';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';
import {
  ACCOUNT,
  LEAKED_KEY,
  ROGUE_KEY,
  answerIamAfterIntrusion,
  lookupEvent,
} from '../providers/aws/lookup-events-fixtures';
import { type Handler, lambdaContext } from './lambda-context';

const context = lambdaContext('ato-responder-investigator', 900_000, '1024');

const HOUR = 60 * 60 * 1000;
const ago = (hours: number): string => new Date(Date.now() - hours * HOUR).toISOString();

const INCIDENT_ID = 'ato-20261122-0000001';
const TOPIC_ARN = `arn:aws:sns:us-east-1:${ACCOUNT}:ato-responder-incidents`;

const cloudtrail = mockClient(CloudTrailClient);
const account = mockClient(AccountClient);
const iam = mockClient(IAMClient);
const sns = mockClient(SNSClient);
let db: LocalDynamoDb;
let store: DynamoDbIncidentStore;
let table: string;
let handler: Handler;

function incident(): Incident {
  const openedAt = ago(1);
  return {
    id: INCIDENT_ID,
    subject: { type: 'aws-access-key', id: LEAKED_KEY },
    subjectKeys: [`aws-access-key#${LEAKED_KEY}`],
    status: 'contained',
    severity: 'critical',
    title: `AWS reports access key ${LEAKED_KEY} of user alice exposed publicly`,
    accountId: ACCOUNT,
    region: 'us-east-1',
    openedAt,
    updatedAt: openedAt,
    principal: { type: 'user', name: 'alice' },
    signals: [],
    escalations: [],
    version: 0,
  };
}

function deactivation(overrides: Partial<ActionRecord> = {}): ActionRecord {
  const startedAt = ago(1);
  return {
    actionId: `${INCIDENT_ID}/0-aws.iam.deactivate-access-key`,
    incidentId: INCIDENT_ID,
    kind: 'aws.iam.deactivate-access-key',
    target: { accessKeyId: LEAKED_KEY, userName: 'alice' },
    mode: 'enforce',
    approval: 'auto',
    status: 'done',
    actor: 'ato-responder',
    reason: 'AWS reports the key exposed publicly',
    startedAt,
    finishedAt: startedAt,
    ...overrides,
  };
}

/**
 * A DynamoDB stream event for one action record, shaped as the Lambda developer guide's sample event
 * ("Using AWS Lambda with Amazon DynamoDB", https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html)
 * with the stack's NEW_IMAGE view; the NewImage is the item as the store really wrote it.
 */
async function streamEventFor(record: ActionRecord, eventID = 'c4ca4238a0b923820dcc509a6f75849b') {
  await store.appendActionRecord(record);
  const key = keys.action(record);
  const { Item } = await db.client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: key.pk }, sk: { S: key.sk } } }),
  );
  return {
    Records: [
      {
        eventID,
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          ApproximateCreationDateTime: 1795835001,
          Keys: { pk: { S: key.pk }, sk: { S: key.sk } },
          NewImage: Item,
          SequenceNumber: '4421584500000000017450439091',
          SizeBytes: 1024,
          StreamViewType: 'NEW_IMAGE',
        },
        eventSourceARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${table}/stream/2026-11-22T00:00:00.000`,
      },
    ],
  };
}

/**
 * The SQS event the investigator receives for one deactivation: the stream record put through the real
 * scheduler, its message shaped as the Lambda developer guide's sample SQS event ("Using Lambda with
 * Amazon SQS", https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html).
 */
async function queuedEventFor(record: ActionRecord) {
  const sent: { body: string; delaySeconds: number }[] = [];
  const queue = {
    enqueue: (deactivation: KeyDeactivation, delaySeconds: number) => {
      sent.push({ body: JSON.stringify(deactivation), delaySeconds });
      return Promise.resolve();
    },
  };
  const quiet = { info: () => undefined, warn: () => undefined };
  await scheduleFromStream(
    await streamEventFor(record),
    { queue, clock: { now: () => new Date() }, delayMinutes: 15 },
    quiet,
  );
  return {
    Records: sent.map(({ body }, i) => ({
      messageId: `059f36b4-87a3-44ab-83d2-66197597410${i}`,
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1545082649183',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1545082649185',
      },
      messageAttributes: {},
      md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:${ACCOUNT}:ato-responder-investigations`,
      awsRegion: 'us-east-1',
    })),
  };
}

async function approvals(): Promise<PendingApproval[]> {
  const { Items = [] } = await db.client.send(new ScanCommand({ TableName: table }));
  return Items.map((item) => unmarshall(item))
    .filter((item) => String(item.pk).startsWith('APPROVAL#'))
    .map((item) => item.approval as PendingApproval)
    .sort((a, b) => a.action.kind.localeCompare(b.action.kind));
}

/** What the leaked key did in us-east-1, the only enabled region: a back-door user with a key. */
function intruderHistory(): void {
  cloudtrail.on(LookupEventsCommand).resolves({
    Events: [
      lookupEvent({
        eventId: 'ev-user',
        eventName: 'CreateUser',
        eventTime: ago(3),
        requestParameters: { userName: 'eve' },
        responseElements: { user: { userName: 'eve', arn: `arn:aws:iam::${ACCOUNT}:user/eve` } },
      }),
      lookupEvent({
        eventId: 'ev-key',
        eventName: 'CreateAccessKey',
        eventTime: ago(2.5),
        requestParameters: { userName: 'eve' },
        responseElements: { accessKey: { accessKeyId: ROGUE_KEY, status: 'Active', userName: 'eve' } },
      }),
    ],
  });
}

beforeAll(async () => {
  db = await startLocalDynamoDb();
  table = await db.createIncidentTable();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = table;
  process.env.ATO_TOPIC_ARN = TOPIC_ARN;
  process.env.ATO_CONFIG = JSON.stringify({ mode: 'enforce' });
  store = new DynamoDbIncidentStore(db.client, table);
  ({ handler } = await import('../../lambdas/handlers/investigate'));
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await db.stop();
});

/** Each test starts from a store holding only the contained incident, as right after containment. */
async function resetTable(): Promise<void> {
  await db.emptyTable(table);
  await store.openIncident(`aws-access-key#${LEAKED_KEY}`, incident());
}

beforeEach(async () => {
  await resetTable();
  for (const mock of [cloudtrail, account, iam, sns]) mock.reset();
  account.on(ListRegionsCommand).resolves({
    Regions: [{ RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' }],
  });
  intruderHistory();
  answerIamAfterIntrusion(
    iam,
    { aliceKeyCreated: ago(24 * 30), eveCreated: ago(3), rogueKeyCreated: ago(2.5) },
    [
      {
        UserName: 'alice',
        UserId: 'AIDACKCEVSQ6C2EXAMPLE',
        Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        Path: '/',
        CreateDate: new Date(ago(24 * 400)),
      },
      {
        UserName: 'eve',
        UserId: 'AIDAEXAMPLEEVE000000',
        Arn: `arn:aws:iam::${ACCOUNT}:user/eve`,
        Path: '/',
        CreateDate: new Date(ago(3)),
      },
    ],
  );
  sns.on(PublishCommand).resolves({ MessageId: '5a5b6c7d-0000-4000-8000-EXAMPLE00001' });
});

describe('key investigator handler', () => {
  it('turns each proposed removal into a pending approval of the incident', async () => {
    // Prepare
    const event = await queuedEventFor(deactivation());

    // Act
    await handler(event, context);

    // Assess
    expect(
      (await approvals()).map((a) => [a.approvalId, a.incidentId, a.action.kind, a.action.target, a.status]),
    ).toEqual([
      [
        'apr-1nyt0f61c8m7eg',
        INCIDENT_ID,
        'aws.iam.delete-access-key',
        { userName: 'eve', accessKeyId: ROGUE_KEY },
        'pending',
      ],
      ['apr-189d45p03ydkrt', INCIDENT_ID, 'aws.iam.delete-user', { userName: 'eve' }, 'pending'],
    ]);
    expect((await approvals()).map((a) => [a.action.approval, a.action.phase, a.action.mode])).toEqual([
      ['required', 'investigation', 'enforce'],
      ['required', 'investigation', 'enforce'],
    ]);
  });

  it('adds the summary to the incident as one escalation line', async () => {
    // Prepare
    const record = deactivation();
    const event = await queuedEventFor(record);
    const opened = await store.getIncident(INCIDENT_ID);

    // Act
    await handler(event, context);

    // Assess
    const saved = await store.getIncident(INCIDENT_ID);
    expect(saved?.escalations).toEqual([
      `Investigation of ${LEAKED_KEY} (deactivated ${record.startedAt}): 2 event(s), 0 failed` +
        '; services: iam ×2; regions: us-east-1 ×2; source IPs: 203.0.113.7 ×2' +
        '; rogue items: 2; 2 removal(s) awaiting approval (ato approve apr-189d45p03ydkrt, apr-1nyt0f61c8m7eg).',
    ]);
    // One write, and only the escalation and the time changed: the status stays the responder's.
    expect(saved).toEqual({
      ...opened,
      escalations: saved?.escalations,
      updatedAt: saved?.updatedAt,
      version: (opened?.version ?? 0) + 1,
    });
  });

  it('publishes the Markdown report once, and calls IAM for reads only', async () => {
    // Prepare
    const event = await queuedEventFor(deactivation());

    // Act
    await handler(event, context);

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC_ARN);
    expect(input?.Subject).toBe(
      `ato-responder: investigation of ${LEAKED_KEY} (${INCIDENT_ID}): 2 rogue item(s)`,
    );
    expect(input?.Message?.split('\n')[0]).toBe(`# Investigation of access key ${LEAKED_KEY}`);
    expect(
      iam
        .calls()
        .map((c) => c.args[0].constructor.name)
        .filter((name) => !/^(Get|List)/.test(name)),
    ).toEqual([]);
  });

  it('does not duplicate approvals, the escalation or the report when SQS delivers the message twice', async () => {
    // Prepare
    const event = await queuedEventFor(deactivation());
    await handler(event, context);
    const first = await approvals();

    // Act
    const outcome = await handler(event, context);

    // Assess
    expect(outcome).toEqual({
      results: [{ status: 'already-investigated', incidentId: INCIDENT_ID, accessKeyId: LEAKED_KEY }],
    });
    expect(await approvals()).toEqual(first);
    expect((await store.getIncident(INCIDENT_ID))?.escalations).toHaveLength(1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 1);
  });

  it('asks for each removal under the same approval id when a failed run is retried', async () => {
    // Prepare: the report cannot be published the first time.
    sns
      .on(PublishCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' }))
      .resolves({ MessageId: '5a5b6c7d-0000-4000-8000-EXAMPLE00002' });
    const event = await queuedEventFor(deactivation());
    await expect(handler(event, context)).rejects.toThrow('Publish on');
    const first = (await approvals()).map((a) => a.approvalId);

    // Act
    await handler(event, context);

    // Assess
    expect((await approvals()).map((a) => a.approvalId)).toEqual(first);
    expect(first).toHaveLength(2);
    expect((await store.getIncident(INCIDENT_ID))?.escalations).toHaveLength(1);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it.each([
    ['a body that is not JSON', 'not json', 'message body is not JSON'],
    [
      'a body without the key',
      JSON.stringify({ incidentId: INCIDENT_ID }),
      'message body lacks eventId, accessKeyId, actionId, deactivatedAt',
    ],
    [
      'a body naming something that is not an access key',
      JSON.stringify({
        eventId: 'e',
        incidentId: INCIDENT_ID,
        accessKeyId: 'alice',
        actionId: 'a',
        deactivatedAt: ago(1),
      }),
      'accessKeyId is not an access key id',
    ],
  ])('skips a message with %s, the reason logged, calling nothing', async (_case, body, reason) => {
    // Prepare
    const { Records } = await queuedEventFor(deactivation());
    const malformed = { Records: Records.map((record) => ({ ...record, body })) };
    const warn = jest.spyOn(Logger.prototype, 'warn');

    // Act
    const outcome = await handler(malformed, context);

    // Assess
    expect(outcome).toEqual({
      results: [{ status: 'skipped', reason, eventId: '059f36b4-87a3-44ab-83d2-661975974100' }],
    });
    expect(warn).toHaveBeenCalledWith('message skipped', {
      reason,
      eventId: '059f36b4-87a3-44ab-83d2-661975974100',
    });
    expect([cloudtrail, account, iam, sns].map((mock) => mock.calls().length)).toEqual([0, 0, 0, 0]);
    expect(await approvals()).toEqual([]);
    warn.mockRestore();
  });

  it('throws when CloudTrail refuses every lookup of the key, so SQS delivers the message again', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).rejects(
      Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), {
        name: 'AccessDeniedException',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const event = await queuedEventFor(deactivation());

    // Act
    const run = handler(event, context);

    // Assess
    await expect(run).rejects.toThrow(
      `investigation of ${LEAKED_KEY}: CloudTrail lookups failed in all 1 region(s); first: LookupEvents on us-east-1/access-key/${LEAKED_KEY} failed: AccessDeniedException`,
    );
    expect(await approvals()).toEqual([]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect((await store.getIncident(INCIDENT_ID))?.escalations).toEqual([]);
  });
});
