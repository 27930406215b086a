/**
 * `ato investigate` from a laptop: CloudTrail, Account and IAM answered by aws-sdk-client-mock with
 * the API references' response shapes. Live and read-only: no write command may be sent.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, LookupEventsCommand, ThrottlingException } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { Investigation } from '../../lambdas/core/investigation/investigation';
import {
  LEAKED_KEY,
  ROGUE_KEY,
  SESSION_KEY,
  answerIamAfterIntrusion,
  getSessionTokenEvent,
  lookupEvent,
} from '../providers/aws/lookup-events-fixtures';
import { ato } from './run-cli';

const cloudtrail = mockClient(CloudTrailClient);
const account = mockClient(AccountClient);
const iam = mockClient(IAMClient);

const HOUR = 60 * 60 * 1000;
const ago = (hours: number): string => new Date(Date.now() - hours * HOUR).toISOString();

/** What the key did: a probe, a session, then a back door made with the session. */
function history(throttleFirst = false): void {
  let calls = 0;
  cloudtrail
    .on(LookupEventsCommand)
    .callsFake(async (input: { LookupAttributes: { AttributeValue: string }[] }, getClient) => {
      if (throttleFirst && calls++ === 0)
        throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
      const region = await getClient().config.region();
      const key = input.LookupAttributes[0]?.AttributeValue;
      if (key === LEAKED_KEY && region === 'us-east-1')
        return {
          Events: [
            lookupEvent({
              eventId: 'ev-probe',
              eventName: 'GetCallerIdentity',
              eventSource: 'sts.amazonaws.com',
              eventTime: ago(5),
            }),
            getSessionTokenEvent('ev-session', ago(4)),
          ],
        };
      if (key === SESSION_KEY && region === 'eu-west-1')
        return {
          Events: [
            lookupEvent({
              eventId: 'ev-key',
              eventName: 'CreateAccessKey',
              eventTime: ago(3),
              region: 'eu-west-1',
              accessKeyId: SESSION_KEY,
              requestParameters: { userName: 'eve' },
              responseElements: { accessKey: { accessKeyId: ROGUE_KEY, status: 'Active', userName: 'eve' } },
            }),
          ],
        };
      return { Events: [] };
    });
}

beforeEach(() => {
  cloudtrail.reset();
  account.reset();
  iam.reset();
  account.on(ListRegionsCommand).resolves({
    Regions: [
      { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
      { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
    ],
  });
  history();
  answerIamAfterIntrusion(iam, {
    aliceKeyCreated: ago(24 * 30),
    eveCreated: ago(200),
    rogueKeyCreated: ago(3),
  });
});

describe('ato investigate', () => {
  it('follows the key and its session in every enabled region and prints a summary with the proposed removals', async () => {
    // Act
    const run = await ato(['investigate', LEAKED_KEY]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[1]).toBe(
      `  keys:        ${LEAKED_KEY} (2 events); ${SESSION_KEY} (session from GetSessionToken, 1 event)`,
    );
    expect(lines[2]).toMatch(/^ {2}events: {6}3 \(3 succeeded, 0 failed\), first /);
    expect(lines).toContain(
      `  - access key ${ROGUE_KEY} of user eve: CreateAccessKey by ${SESSION_KEY}; now active`,
    );
    expect(lines).toContain('  1. aws.iam.delete-access-key (dry-run, NEEDS APPROVAL)');
    expect(lines).toContain(`     → iam:DeleteAccessKey UserName=eve AccessKeyId=${ROGUE_KEY}`);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 4);
    expect(
      iam
        .calls()
        .map((c) => c.args[0].constructor.name)
        .filter((name) => !/^(Get|List)/.test(name)),
    ).toEqual([]);
  });

  it('prints the investigation as JSON with --json, every proposal waiting for approval', async () => {
    // Act
    const run = await ato(['investigate', LEAKED_KEY, '--json']);

    // Assess
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Investigation;
    expect(out.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(out.timeline.map((e) => [e.eventId, e.region, e.accessKeyId])).toEqual([
      ['ev-probe', 'us-east-1', LEAKED_KEY],
      ['ev-session', 'us-east-1', LEAKED_KEY],
      ['ev-key', 'eu-west-1', SESSION_KEY],
    ]);
    expect(out.proposals.map((p) => [p.kind, p.target, p.approval])).toEqual([
      ['aws.iam.delete-access-key', { userName: 'eve', accessKeyId: ROGUE_KEY }, 'required'],
    ]);
  });

  it('looks only in --regions and from --since, without listing the enabled regions', async () => {
    // Act
    const run = await ato([
      'investigate',
      LEAKED_KEY,
      '--regions',
      'us-east-1',
      '--since',
      ago(48),
      '--markdown',
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`# Investigation of access key ${LEAKED_KEY}`);
    expect(account).toHaveReceivedCommandTimes(ListRegionsCommand, 0);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 2);
  });

  it('surfaces no throttling: a throttled page is retried', async () => {
    // Prepare
    cloudtrail.reset();
    history(true);

    // Act
    const run = await ato(['investigate', LEAKED_KEY, '--regions', 'us-east-1', '--json']);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(cloudtrail).toHaveReceivedCommandTimes(LookupEventsCommand, 3);
  });

  it('says in one line that AWS refused, and exits 1', async () => {
    // Prepare
    account
      .on(ListRegionsCommand)
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:iam::123456789012:user/jane is not authorized to perform: account:ListRegions',
          ),
          { name: 'AccessDeniedException' },
        ),
      );

    // Act
    const run = await ato(['investigate', LEAKED_KEY]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'ato: ListRegions on account failed: AccessDeniedException: User: arn:aws:iam::123456789012:user/jane is not authorized to perform: account:ListRegions',
    );
  });

  it.each([
    [['investigate'], 'ato: investigate needs an access key id'],
    [['investigate', 'hunter2'], 'ato: "hunter2" is not an access key id (AKIA… or ASIA…)'],
    [['investigate', LEAKED_KEY, '--json', '--markdown'], 'ato: give --json or --markdown, not both'],
    [
      ['investigate', LEAKED_KEY, '--since', 'last tuesday'],
      'ato: --since "last tuesday" is not a date (2026-01-31 or an ISO 8601 time)',
    ],
    [
      ['investigate', LEAKED_KEY, '--regions', 'us-east-1,Mars'],
      'ato: --regions: "Mars" is not a region (us-east-1,eu-west-1)',
    ],
  ])('exits 2 with usage for %j', async (args, message) => {
    // Act
    const run = await ato(args);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(message);
    expect(cloudtrail.calls()).toHaveLength(0);
  });
});
