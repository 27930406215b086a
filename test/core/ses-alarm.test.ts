/**
 * An SES alarm through the real core (normalize → respond → plan → execute) with in-memory ports.
 * Fixture: test/fixtures/cloudwatch/ses-bounce-rate-alarm.json.
 */
import { respondToSignal } from '../../lambdas/core/respond';
import type { SesAlarmSignal } from '../../lambdas/core/signal';
import { InMemoryParameters } from '../../lambdas/providers/memory/parameters';
import { InMemorySesAccount } from '../../lambdas/providers/memory/ses-account';
import { normalizeSesAlarm } from '../../lambdas/sources/ses-alarm';
import { detect, testContext } from '../sources/detection/detect';
import { fixtureWith, loadFixture, withField } from '../sources/fixtures';
import { config } from './builders';
import { harness } from './harness';

const BOUNCE = 'cloudwatch/ses-bounce-rate-alarm.json';

function signalOf(event: unknown): SesAlarmSignal {
  const normalized = normalizeSesAlarm(event);
  const [signal] = normalized.ok ? normalized.signals : [];
  if (signal?.kind !== 'ses-alarm') throw new Error('fixture is not an SES alarm');
  return signal;
}

const alarm = () => signalOf(loadFixture(BOUNCE));
const recovery = () => signalOf(fixtureWith(BOUNCE, ['detail', 'state', 'value'], 'OK'));

function setup(ses: Record<string, unknown> = {}, mode: 'enforce' | 'dry-run' = 'enforce') {
  const h = harness({ config: config({ mode, ses: { regions: ['us-east-1'], ...ses } }) });
  const sesAccount = new InMemorySesAccount();
  const parameters = new InMemoryParameters();
  return { ...h, ses: sesAccount, parameters, deps: { ...h.deps, ses: sesAccount, parameters } };
}

const FLAG = { parameterName: '/ato-responder/email/provider', value: 'backup' };
const anomaly = () => signalOf(loadFixture('cloudwatch/ses-send-anomaly-alarm.json'));

describe('an SES reputation alarm', () => {
  it("pauses the account's sending in the alarm's region as the first call, and records how to resume", async () => {
    // Prepare
    const { deps, ses, operations } = setup();

    // Act
    const outcome = await respondToSignal(alarm(), deps);

    // Assess
    expect(ses.calls).toEqual([
      { operation: 'PutAccountSendingAttributes', region: 'us-east-1', enabled: false },
    ]);
    expect(operations()).toEqual([]);
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    const pause = outcome.records.find((r) => r.kind === 'aws.ses.pause-sending');
    expect(pause).toMatchObject({
      status: 'done',
      approval: 'auto',
      before: { type: 'ses-sending', region: 'us-east-1', sending: [{ enabled: true }], observed: false },
      after: { type: 'ses-sending', region: 'us-east-1', sending: [{ enabled: false }], observed: true },
      undo: "ato ses resume --region us-east-1 (re-enables the account's sending in us-east-1 once the alarm is OK)",
    });
    expect([outcome.incident.status, outcome.incident.severity]).toEqual(['contained', 'high']);
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:done',
      'notify.incident:done',
    ]);
  });

  it('pauses only the configured configuration sets when config names them', async () => {
    // Prepare
    const { deps, ses } = setup({ pause: { configurationSets: ['marketing', 'newsletters'] } });

    // Act
    await respondToSignal(alarm(), deps);

    // Assess
    expect(ses.calls).toEqual([
      {
        operation: 'PutConfigurationSetSendingOptions',
        region: 'us-east-1',
        configurationSet: 'marketing',
        enabled: false,
      },
      {
        operation: 'PutConfigurationSetSendingOptions',
        region: 'us-east-1',
        configurationSet: 'newsletters',
        enabled: false,
      },
    ]);
  });

  it('asks a person first when config says so, and pauses nothing', async () => {
    // Prepare
    const { deps, ses, store } = setup({ pause: { approval: true } });

    // Act
    const outcome = await respondToSignal(alarm(), deps);

    // Assess
    expect(ses.calls).toEqual([]);
    expect(outcome.status === 'handled' && outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:pending-approval',
      'notify.incident:done',
    ]);
    const approvalId =
      outcome.status === 'handled' ? outcome.incident.escalations.find((e) => e.startsWith('Approval')) : '';
    expect(approvalId).toMatch(/^Approval apr-\w+ needed: aws.ses.pause-sending/);
    const id = /apr-\w+/.exec(approvalId ?? '')?.[0] ?? '';
    expect((await store.getApproval(id))?.action.target).toEqual({
      region: 'us-east-1',
      configurationSets: [],
    });
  });

  it('only says what it would do in dry-run', async () => {
    // Prepare
    const { deps, ses } = setup({}, 'dry-run');

    // Act
    const outcome = await respondToSignal(alarm(), deps);

    // Assess
    expect(ses.calls).toEqual([]);
    expect(outcome.status === 'handled' && outcome.records[0]?.status).toBe('would-do');
  });

  it('escalates rather than pauses a region missing from ses.regions', async () => {
    // Prepare
    const { deps, ses } = setup({ regions: ['eu-west-1'] });

    // Act
    const outcome = await respondToSignal(alarm(), deps);

    // Assess
    expect(ses.calls).toEqual([]);
    expect(outcome.status === 'handled' && outcome.incident.escalations[0]).toBe(
      'SES bounce rate in us-east-1 crossed its alarm threshold (6.12%), but us-east-1 is not in config ses.regions: the responder may not pause it; pause sending there by hand.',
    );
  });

  it('pauses once for two deliveries of the alarm and once more for a second alarm on the incident', async () => {
    // Prepare
    const { deps, ses } = setup();
    const complaints = signalOf(
      withField(
        fixtureWith(BOUNCE, ['detail', 'alarmName'], 'ato-responder-ses-complaint-rate-us-east-1'),
        ['detail', 'configuration', 'metrics', 0, 'metricStat', 'metric', 'name'],
        'Reputation.ComplaintRate',
      ),
    );

    // Act
    const outcomes = [await respondToSignal(alarm(), deps), await respondToSignal(alarm(), deps)];
    const second = await respondToSignal(complaints, deps);

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual(['handled', 'duplicate']);
    expect(second.status === 'handled' && second.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'notify.incident:done',
    ]);
    expect(ses.calls).toHaveLength(1);
  });
});

describe('the failover flag', () => {
  it('is raised after the pause, recording what the parameter held before', async () => {
    // Prepare
    const { deps, ses, parameters } = setup({ failoverFlag: FLAG });
    parameters.values.set(FLAG.parameterName, 'primary');

    // Act
    const outcome = await respondToSignal(alarm(), deps);

    // Assess
    expect(ses.calls.map((c) => c.operation)).toEqual(['PutAccountSendingAttributes']);
    expect(parameters.calls).toEqual([
      { operation: 'GetParameter', name: FLAG.parameterName },
      { operation: 'PutParameter', name: FLAG.parameterName, value: 'backup' },
    ]);
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:done',
      'aws.ssm.set-failover-flag:done',
      'notify.incident:done',
    ]);
    expect(outcome.records[1]).toMatchObject({
      before: { type: 'ssm-parameter', name: FLAG.parameterName, value: 'primary' },
      after: { type: 'ssm-parameter', name: FLAG.parameterName, value: 'backup' },
      undo: 'ato ses resume sets /ato-responder/email/provider back to primary',
    });
  });

  it('records a parameter that did not exist as absent, and writes nothing when it already says backup', async () => {
    // Prepare
    const absent = setup({ failoverFlag: FLAG });
    const alreadySet = setup({ failoverFlag: FLAG });
    alreadySet.parameters.values.set(FLAG.parameterName, 'backup');

    // Act
    const [created, unchanged] = [
      await respondToSignal(alarm(), absent.deps),
      await respondToSignal(alarm(), alreadySet.deps),
    ];

    // Assess
    const flagOf = (o: typeof created) =>
      o.status === 'handled' ? o.records.find((r) => r.kind === 'aws.ssm.set-failover-flag') : undefined;
    expect(flagOf(created)?.before).toEqual({ type: 'ssm-parameter', name: FLAG.parameterName, value: null });
    expect(alreadySet.parameters.calls.map((c) => c.operation)).toEqual(['GetParameter']);
    expect(flagOf(unchanged)?.status).toBe('done');
  });

  it('is recorded as skipped where the responder has no SSM access', async () => {
    // Prepare
    const { deps } = setup({ failoverFlag: FLAG });
    const withoutSsm = { ...deps, parameters: undefined };

    // Act
    const outcome = await respondToSignal(alarm(), withoutSsm);

    // Assess
    expect(
      outcome.status === 'handled' && outcome.records.find((r) => r.kind === 'aws.ssm.set-failover-flag'),
    ).toMatchObject({ status: 'skipped', error: 'no SSM access here (config ses.failoverFlag is unset)' });
  });
});

describe('an anomaly alarm on the sending volume', () => {
  it('asks a person before pausing or raising the flag, even when pauses are automatic', async () => {
    // Prepare
    const { deps, ses, parameters } = setup({ failoverFlag: FLAG });

    // Act
    const outcome = await respondToSignal(anomaly(), deps);

    // Assess
    expect([ses.calls, parameters.calls]).toEqual([[], []]);
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:pending-approval',
      'aws.ssm.set-failover-flag:pending-approval',
      'notify.incident:done',
    ]);
    expect(outcome.records[0]?.reason).toBe(
      'SES sending volume in us-east-1 rose above its expected band (18412 sent): pause before AWS reviews the account (5% bounces, 0.1% complaints) or pauses it (an anomaly band: a person decides)',
    );
  });
});

describe('an SES alarm back to OK', () => {
  it('opens no incident when none is open', async () => {
    // Prepare
    const { deps, store, notifier } = setup();

    // Act
    const outcome = await respondToSignal(recovery(), deps);

    // Assess
    expect(outcome).toEqual({
      status: 'ignored',
      dedupKey: recovery().dedupKey,
      reason: 'no open incident for SES bounce rate in us-east-1 is back under its alarm threshold (6.12%)',
    });
    expect(await store.listIncidents()).toEqual([]);
    expect(notifier.messages).toEqual([]);
  });

  it('updates the open incident and leaves sending paused until a person resumes it', async () => {
    // Prepare
    const { deps, ses } = setup();
    await respondToSignal(alarm(), deps);

    // Act
    const outcome = await respondToSignal(recovery(), deps);

    // Assess
    expect(ses.calls).toHaveLength(1);
    expect(outcome.status === 'handled' && outcome.incident.escalations.at(-1)).toBe(
      'SES bounce rate in us-east-1 is back under its alarm threshold (6.12%). Sending stays paused until a person finds the cause and resumes it (ato ses resume --region us-east-1).',
    );
  });
});

describe('SES abuse seen in CloudTrail and an SES alarm of the same region', () => {
  const productionAccess = () => {
    const [signal] = detect('ses-put-account-details.json', testContext());
    if (!signal) throw new Error('the fixture fires no rule');
    return signal;
  };

  it.each([
    ['the CloudTrail detection first', () => [productionAccess(), alarm()]],
    ['the alarm first', () => [alarm(), productionAccess()]],
  ])('are one incident, with %s, and sending is paused in it', async (_order, signals) => {
    // Prepare
    const { deps, ses, store } = setup();

    // Act
    for (const signal of signals()) await respondToSignal(signal, deps);

    // Assess
    const incidents = await store.listIncidents();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.signals.map((s) => s.reason).sort()).toEqual([
      'ses-abuse.account-details-put',
      'ses.bounce-rate.alarm',
    ]);
    expect(ses.calls.map((c) => c.operation)).toEqual(['PutAccountSendingAttributes']);
  });
});
