/**
 * AwsCloudTrailHistory against aws-sdk-client-mock: LookupEvents pages, throttling, pacing (CloudTrail
 * API Reference, LookupEvents: 50 events a page at most; "two per second, per account, per Region").
 */
import {
  CloudTrailClient,
  CloudTrailServiceException,
  LookupEventsCommand,
  ThrottlingException,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { TrailEvent } from '../../../lambdas/core/investigation/ports';
import { ProviderError } from '../../../lambdas/core/ports';
import { AwsCloudTrailHistory, toTrailEvent } from '../../../lambdas/providers/aws/cloudtrail-history';
import { LEAKED_KEY, SESSION_KEY, lookupEvent } from './lookup-events-fixtures';
import { VirtualTime } from './virtual-time';

const cloudtrail = mockClient(CloudTrailClient);
const WINDOW = { start: new Date('2026-08-24T03:00:00Z'), end: new Date('2026-11-22T03:00:00Z') };

const throttled = (): ThrottlingException =>
  new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

const event = (n: number, accessKeyId = LEAKED_KEY) =>
  lookupEvent({
    eventId: `6f4ab5bd-2daa-4d00-be14-${String(n).padStart(12, '0')}`,
    eventName: 'ListUsers',
    eventTime: `2026-11-21T22:${String(n % 60).padStart(2, '0')}:00Z`,
    accessKeyId,
  });

function history(time: VirtualTime, options: { maxRetries?: number } = {}) {
  return new AwsCloudTrailHistory({
    clientFor: (region) => new CloudTrailClient({ region }),
    time,
    random: () => 0.5,
    ...options,
  });
}

async function all(events: AsyncIterable<TrailEvent>): Promise<TrailEvent[]> {
  const out: TrailEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

beforeEach(() => {
  cloudtrail.reset();
});

describe('AwsCloudTrailHistory', () => {
  it('asks for the key in the window, 50 events a page, and follows NextToken to the last page', async () => {
    // Prepare
    cloudtrail
      .on(LookupEventsCommand)
      .resolvesOnce({ Events: [event(1), event(2)], NextToken: 'page-2' })
      .resolvesOnce({ Events: [event(3)] });
    const time = new VirtualTime();

    // Act
    const events = await time.run(all(history(time).lookupByAccessKey('eu-west-1', LEAKED_KEY, WINDOW)));

    // Assess
    const base = {
      LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: LEAKED_KEY }],
      StartTime: WINDOW.start,
      EndTime: WINDOW.end,
      MaxResults: 50,
    };
    expect(cloudtrail.commandCalls(LookupEventsCommand).map((c) => c.args[0].input)).toEqual([
      base,
      { ...base, NextToken: 'page-2' },
    ]);
    expect(events.map((e) => e.eventID)).toEqual([
      '6f4ab5bd-2daa-4d00-be14-000000000001',
      '6f4ab5bd-2daa-4d00-be14-000000000002',
      '6f4ab5bd-2daa-4d00-be14-000000000003',
    ]);
  });

  it('hands over each event’s full record, parsed from CloudTrailEvent', async () => {
    // Prepare
    const created = lookupEvent({
      eventId: 'c0ffee00-0000-4000-8000-000000000001',
      eventName: 'CreateUser',
      eventTime: '2026-11-21T22:10:00Z',
      requestParameters: { userName: 'eve' },
      responseElements: { user: { userName: 'eve', arn: 'arn:aws:iam::123456789012:user/eve' } },
    });
    cloudtrail.on(LookupEventsCommand).resolves({ Events: [created] });
    const time = new VirtualTime();

    // Act
    const [parsed] = await time.run(all(history(time).lookupByAccessKey('us-east-1', LEAKED_KEY, WINDOW)));

    // Assess
    expect(parsed).toMatchObject({
      eventID: 'c0ffee00-0000-4000-8000-000000000001',
      eventName: 'CreateUser',
      eventSource: 'iam.amazonaws.com',
      eventTime: '2026-11-21T22:10:00Z',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.7',
      userIdentity: { type: 'IAMUser', accessKeyId: LEAKED_KEY, userName: 'alice' },
      requestParameters: { userName: 'eve' },
    });
  });

  it('keeps an event whose record does not parse, from its summary fields', () => {
    expect(
      toTrailEvent({
        EventId: 'e1',
        EventName: 'ListUsers',
        EventSource: 'iam.amazonaws.com',
        EventTime: new Date('2026-11-21T22:00:00Z'),
        AccessKeyId: SESSION_KEY,
        Username: 'alice',
        CloudTrailEvent: '{not json',
      }),
    ).toEqual({
      eventID: 'e1',
      eventName: 'ListUsers',
      eventSource: 'iam.amazonaws.com',
      eventTime: '2026-11-21T22:00:00.000Z',
      userIdentity: { accessKeyId: SESSION_KEY, userName: 'alice' },
    });
  });

  it('retries a throttled page until it comes and surfaces no error', async () => {
    // Prepare
    cloudtrail
      .on(LookupEventsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolvesOnce({ Events: [event(1)] });
    const time = new VirtualTime();

    // Act
    const events = await time.run(all(history(time).lookupByAccessKey('us-east-1', LEAKED_KEY, WINDOW)));

    // Assess
    expect(events).toHaveLength(1);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
    // attempts at 0; 520 (a 375 ms backoff, then the next paced slot); 1270 (a 750 ms backoff)
    expect(time.now()).toBe(1270);
  });

  it('gives up after its bounded retries with one error naming the call, the region and the key', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).rejects(throttled());
    const time = new VirtualTime();

    // Act
    const failure = time
      .run(all(history(time, { maxRetries: 2 }).lookupByAccessKey('us-east-1', LEAKED_KEY, WINDOW)))
      .catch((e: unknown) => e);

    // Assess
    const error = await failure;
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      `LookupEvents on us-east-1/access-key/${LEAKED_KEY} failed: ThrottlingException: Rate exceeded`,
    );
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
  });

  it('does not retry a refusal', async () => {
    // Prepare
    cloudtrail.on(LookupEventsCommand).rejects(
      new CloudTrailServiceException({
        name: 'AccessDeniedException',
        $fault: 'client',
        message: 'not authorized to perform: cloudtrail:LookupEvents',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const time = new VirtualTime();

    // Act
    const error = await time
      .run(all(history(time).lookupByAccessKey('ap-east-1', LEAKED_KEY, WINDOW)))
      .catch((e: unknown) => e);

    // Assess
    expect((error as ProviderError).code).toBe('AccessDeniedException');
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 1);
  });
});

describe('AwsCloudTrailHistory pacing', () => {
  it('starts at most 2 lookups a second in each region, shared by every key, with regions in parallel', async () => {
    // Prepare: 6 pages for each of two keys in us-east-1, 6 pages for one key in eu-west-1
    const starts: { region: string; at: number }[] = [];
    const time = new VirtualTime();
    const served = new Map<string, number>();
    cloudtrail
      .on(LookupEventsCommand)
      .callsFake(async (input: { LookupAttributes: { AttributeValue: string }[] }, getClient) => {
        const at = time.now();
        const region = await getClient().config.region();
        starts.push({ region, at });
        const key = `${region}/${input.LookupAttributes[0]?.AttributeValue}`;
        const page = (served.get(key) ?? 0) + 1;
        served.set(key, page);
        return { Events: [event(page)], ...(page < 6 ? { NextToken: `p${page + 1}` } : {}) };
      });
    const h = history(time);

    // Act
    await time.run(
      Promise.all([
        all(h.lookupByAccessKey('us-east-1', LEAKED_KEY, WINDOW)),
        all(h.lookupByAccessKey('us-east-1', SESSION_KEY, WINDOW)),
        all(h.lookupByAccessKey('eu-west-1', LEAKED_KEY, WINDOW)),
      ]),
    );

    // Assess
    const at = (region: string) => starts.filter((s) => s.region === region).map((s) => s.at);
    // 500 ms apart plus the 20 ms margin for network jitter
    expect(at('us-east-1')).toEqual([0, 520, 1040, 1560, 2080, 2600, 3120, 3640, 4160, 4680, 5200, 5720]);
    expect(at('eu-west-1')).toEqual([0, 520, 1040, 1560, 2080, 2600]);
    for (const region of ['us-east-1', 'eu-west-1']) {
      const times = at(region);
      const inAnySecond = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
      expect(inAnySecond).toBe(2);
    }
  });
});
