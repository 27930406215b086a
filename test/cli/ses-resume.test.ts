/**
 * `ato resolve` and `ato ses resume` from a laptop: the pause made by the real core into a temporary
 * file store, then SES v2, SSM and CloudWatch answered by aws-sdk-client-mock with the shapes of
 * their API references (DescribeAlarms:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html).
 */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { PutAccountSendingAttributesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { DeleteParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { respondToSignal } from '../../lambdas/core/respond';
import { FileIncidentStore } from '../../lambdas/providers/file-store';
import { InMemoryParameters } from '../../lambdas/providers/memory/parameters';
import { InMemorySesAccount } from '../../lambdas/providers/memory/ses-account';
import { normalizeSesAlarm } from '../../lambdas/sources/ses-alarm';
import { config } from '../core/builders';
import { harness } from '../core/harness';
import { loadFixture } from '../sources/fixtures';
import { ato } from './run-cli';

const FLAG = '/ato-responder/email/provider';
const ses = mockClient(SESv2Client);
const ssm = mockClient(SSMClient);
const cloudWatch = mockClient(CloudWatchClient);

let cwd: string;

/** The bounce-rate alarm handled by the core as the Lambda would, recorded in cwd's .ato store. */
async function pausedIncident(): Promise<string> {
  const normalized = normalizeSesAlarm(loadFixture('cloudwatch/ses-bounce-rate-alarm.json'));
  const [signal] = normalized.ok ? normalized.signals : [];
  if (!signal) throw new Error('fixture is not an SES alarm');
  const { deps } = harness({
    config: config({
      mode: 'enforce',
      ses: { regions: ['us-east-1'], failoverFlag: { parameterName: FLAG } },
    }),
  });
  const outcome = await respondToSignal(signal, {
    ...deps,
    store: new FileIncidentStore(join(cwd, '.ato')),
    ses: new InMemorySesAccount(),
    parameters: new InMemoryParameters(),
  });
  if (outcome.status !== 'handled') throw new Error(outcome.status);
  return outcome.incident.id;
}

function alarmsInAlarm(...names: string[]): void {
  cloudWatch
    .on(DescribeAlarmsCommand)
    .resolves({ MetricAlarms: names.map((AlarmName) => ({ AlarmName, StateValue: 'ALARM' })) });
}

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ato-ses-'));
  for (const mock of [ses, ssm, cloudWatch]) mock.reset();
  ses.on(PutAccountSendingAttributesCommand).resolves({});
  ssm.on(PutParameterCommand).resolves({ Version: 2 }).on(DeleteParameterCommand).resolves({});
  alarmsInAlarm();
});

describe('ato ses resume', () => {
  it('refuses while the incident is open and an alarm is in ALARM, changing nothing', async () => {
    // Prepare
    const incidentId = await pausedIncident();
    alarmsInAlarm('ato-responder-ses-bounce-rate');

    // Act
    const run = await ato(['ses', 'resume', '--region', 'us-east-1', '--execute'], cwd);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `ato: not resuming SES in us-east-1: incident ${incidentId} is contained: find who sent, then close it (ato resolve ${incidentId} --reason …); still in ALARM in us-east-1: ato-responder-ses-bounce-rate (or --force --reason TEXT)`,
    );
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNamePrefix: 'ato-responder-ses-',
      StateValue: 'ALARM',
      AlarmTypes: ['MetricAlarm'],
    });
    expect([ses.calls(), ssm.calls()]).toEqual([[], []]);
  });

  it('shows the steps on a dry-run once resolved and OK, then turns sending on and deletes the flag it created', async () => {
    // Prepare
    const incidentId = await pausedIncident();
    const resolved = await ato(
      ['resolve', incidentId, '--reason', 'SMTP user mailer-old leaked; key deleted'],
      cwd,
    );

    // Act
    const dryRun = await ato(['ses', 'resume', '--region', 'us-east-1'], cwd);
    const executed = await ato(['ses', 'resume', '--region', 'us-east-1', '--execute'], cwd);
    const again = await ato(['ses', 'resume', '--region', 'us-east-1'], cwd);

    // Assess
    expect(resolved.stdout).toBe(
      `${incidentId} resolved by cli:jane: SMTP user mailer-old leaked; key deleted`,
    );
    expect(dryRun.stdout.split('\n')).toEqual([
      `Resume SES in us-east-1 (incident ${incidentId})`,
      '  → ses:PutAccountSendingAttributes (us-east-1) SendingEnabled=true',
      `  → ssm:DeleteParameter Name=${FLAG} (it did not exist before)`,
      expect.stringMatching(/^ {2}note: \S+: SES sending in us-east-1 was not read before the pause/),
      'Dry-run: nothing changed; add --execute.',
    ]);
    expect(executed.stdout.split('\n').at(-1)).toBe(`Resumed: 2 step(s), recorded on ${incidentId}.`);
    expect(ses).toHaveReceivedCommandWith(PutAccountSendingAttributesCommand, { SendingEnabled: true });
    expect(ssm).toHaveReceivedCommandWith(DeleteParameterCommand, { Name: FLAG });
    expect((await ato(['report', incidentId], cwd)).stdout.split('\n')[3]).toMatch(
      /^Resolved by cli:jane at \S+: SMTP user mailer-old leaked; key deleted$/,
    );
    expect(again.stdout.split('\n')[0]).toBe(
      `Resume SES in us-east-1 (incident ${incidentId}): nothing to do`,
    );
  });

  it('goes ahead with --force and a reason, keeping the reason in the records', async () => {
    // Prepare
    const incidentId = await pausedIncident();
    alarmsInAlarm('ato-responder-ses-bounce-rate');

    // Act
    const run = await ato(
      [
        'ses',
        'resume',
        '--region',
        'us-east-1',
        '--execute',
        '--force',
        '--reason',
        'password resets must go out',
      ],
      cwd,
    );

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse((await ato(['report', incidentId, '--json'], cwd)).stdout) as {
      records: { kind: string; status: string; reason: string; actor: string }[];
    };
    expect(
      report.records.filter((r) => r.status === 'undone').map((r) => [r.kind, r.actor, r.reason]),
    ).toEqual([
      [
        'aws.ses.pause-sending',
        'cli:jane',
        'undo: ses:PutAccountSendingAttributes (us-east-1) SendingEnabled=true (resume forced: password resets must go out)',
      ],
      [
        'aws.ssm.set-failover-flag',
        'cli:jane',
        `undo: ssm:DeleteParameter Name=${FLAG} (it did not exist before) (resume forced: password resets must go out)`,
      ],
    ]);
  });

  it.each([
    [['ses', 'resume'], 'ses resume needs --region REGION and nothing else'],
    [['ses', 'resume', '--region', 'us-east-1', '--force'], '--force needs --reason TEXT'],
    [['ses', 'pause'], 'ses needs a subcommand: resume (got pause)'],
    [['resolve', 'ato-20261122-0000000'], 'resolve needs --reason TEXT (what was found and done)'],
  ])('exits 2 with a usage error for %j', async (args, message) => {
    const run = await ato(args, cwd);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, `ato: ${message}`]);
  });

  it('exits 1 when no SES incident exists for the region', async () => {
    const run = await ato(['ses', 'resume', '--region', 'eu-west-1'], cwd);
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'ato: no SES incident for eu-west-1' });
  });
});

describe('ato undo on an SES incident', () => {
  it('leaves sending and the flag to ato ses resume, which checks the alarms', async () => {
    // Prepare
    const incidentId = await pausedIncident();

    // Act
    const run = await ato(['undo', incidentId, '--execute'], cwd);

    // Assess
    expect(run.stdout.split('\n')).toEqual([
      `Undo for ${incidentId}: nothing to undo`,
      '  note: SES sending and the failover flag are not undone here: ato ses resume --region … (it checks the alarms)',
      'Undone: 0 step(s), recorded.',
    ]);
    expect([ses.calls(), ssm.calls()]).toEqual([[], []]);
  });
});
