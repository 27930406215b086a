/**
 * An SES alarm through the real core (normalize → respond → plan → execute) with in-memory ports.
 * Fixture: test/fixtures/cloudwatch/ses-bounce-rate-alarm.json.
 */
import { decide } from '../../lambdas/core/approve';
import { ProviderError } from '../../lambdas/core/ports';
import { respondToSignal } from '../../lambdas/core/respond';
import type { SesSender } from '../../lambdas/core/ses-senders';
import type { SesAlarmSignal } from '../../lambdas/core/signal';
import type { MemoryUser } from '../../lambdas/providers/memory/iam-account';
import { InMemoryParameters } from '../../lambdas/providers/memory/parameters';
import { InMemorySesAccount } from '../../lambdas/providers/memory/ses-account';
import { InMemorySesSenders } from '../../lambdas/providers/memory/ses-senders';
import { normalizeSesAlarm } from '../../lambdas/sources/ses-alarm';
import { detect, testContext } from '../sources/detection/detect';
import { fixtureWith, loadFixture, withField } from '../sources/fixtures';
import { NOW, config } from './builders';
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

function setup(
  ses: Record<string, unknown> = {},
  mode: 'enforce' | 'dry-run' = 'enforce',
  users?: MemoryUser[],
) {
  const h = harness({
    config: config({ mode, ses: { regions: ['us-east-1'], ...ses } }),
    ...(users ? { users } : {}),
  });
  const sesAccount = new InMemorySesAccount();
  const parameters = new InMemoryParameters();
  const senders = new InMemorySesSenders(SENDERS);
  return {
    ...h,
    ses: sesAccount,
    parameters,
    senders,
    deps: { ...h.deps, ses: sesAccount, parameters, senders },
  };
}

const minutesAgo = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString();

/** The application's sender, a forgotten SMTP user whose key sent minutes ago, and an instance role. */
const SENDERS: SesSender[] = [
  {
    principal: { type: 'user', name: 'orders-app' },
    grantedBy: ['send-receipts'],
    accessKeys: [
      {
        accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
        status: 'Active',
        lastUsed: { at: minutesAgo(60 * 30), service: 'ses', region: 'us-east-1' },
      },
    ],
  },
  {
    principal: { type: 'user', name: 'smtp-legacy' },
    grantedBy: ['AmazonSESFullAccess'],
    accessKeys: [
      {
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        status: 'Active',
        lastUsed: { at: minutesAgo(4), service: 'ses', region: 'us-east-1' },
      },
    ],
  },
  { principal: { type: 'role', name: 'newsletter-worker' }, grantedBy: ['ses-send'], accessKeys: [] },
];

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
      'aws.ses.find-senders:done',
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
      'aws.ses.find-senders:done',
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

  it('pauses once for two deliveries of the alarm, and not again for a second alarm on the incident', async () => {
    // Prepare
    const { deps, ses } = setup();
    const complaints = signalOf(
      withField(
        fixtureWith(BOUNCE, ['detail', 'alarmName'], 'ato-responder-ses-complaint-rate'),
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

describe('the suspects', () => {
  it('lists who can send, most likely first, and puts each key up for a deactivation a person approves', async () => {
    // Prepare
    const { deps, senders, store } = setup();

    // Act
    const outcome = await respondToSignal(alarm(), deps);

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    const found = outcome.records.find((r) => r.kind === 'aws.ses.find-senders');
    const suspects = found?.after?.type === 'ses-senders' ? found.after.suspects : [];
    expect(suspects.map((s) => [s.principal.name, s.accessKeyId, s.likely, !!s.approvalId])).toEqual([
      ['smtp-legacy', 'AKIAIOSFODNN7EXAMPLE', true, true],
      ['orders-app', 'AKIAI44QH8DHBEXAMPLE', false, true],
      ['newsletter-worker', undefined, false, false],
    ]);
    const approval = await store.getApproval(suspects[0]?.approvalId ?? '');
    expect([
      approval?.status,
      approval?.action.kind,
      approval?.action.target,
      approval?.action.approval,
    ]).toEqual([
      'pending',
      'aws.iam.deactivate-access-key',
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'smtp-legacy' },
      'required',
    ]);
    expect(outcome.incident.escalations.at(-1)).toBe(
      `Who can send through SES in us-east-1, most likely first: key AKIAIOSFODNN7EXAMPLE of user smtp-legacy last used ses in us-east-1 at 2026-11-22T02:56:00Z; allowed to send by AmazonSESFullAccess — to deactivate: ato approve ${suspects[0]?.approvalId} [likely]; key AKIAI44QH8DHBEXAMPLE of user orders-app last used ses in us-east-1 at 2026-11-20T21:00:00Z; allowed to send by send-receipts — to deactivate: ato approve ${suspects[1]?.approvalId}; role newsletter-worker can send with temporary credentials (a role has no long-term access key); allowed to send by ses-send.`,
    );
    expect(senders.reads).toBe(1);
  });

  it('deactivates a suspect key once a person approves it, and only that key', async () => {
    // Prepare
    const { deps, iam } = setup({}, 'enforce', [
      { name: 'smtp-legacy', accessKeys: [{ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' }] },
      { name: 'orders-app', accessKeys: [{ accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active' }] },
    ]);
    const outcome = await respondToSignal(alarm(), deps);
    const found =
      outcome.status === 'handled'
        ? outcome.records.find((r) => r.kind === 'aws.ses.find-senders')
        : undefined;
    const approvalId =
      found?.after?.type === 'ses-senders' ? (found.after.suspects[0]?.approvalId ?? '') : '';

    // Act
    const decided = await decide(approvalId, 'approved', 'cli:jane', { ...deps, actor: 'cli:jane' });

    // Assess
    expect(decided.ok && decided.records.map((r) => `${r.kind}:${r.status}:${r.approvedBy}`)).toEqual([
      'aws.iam.deactivate-access-key:done:cli:jane',
    ]);
    expect(iam.calls.filter((c) => c.operation === 'UpdateAccessKey').map((c) => c.params)).toEqual([
      { UserName: 'smtp-legacy', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' },
    ]);
  });

  it('is skipped in dry-run and asks for nothing', async () => {
    // Prepare
    const { deps, senders } = setup({}, 'dry-run');

    // Act
    const outcome = await respondToSignal(alarm(), deps);

    // Assess
    expect(outcome.status === 'handled' && outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:would-do',
      'aws.ses.find-senders:would-do',
      'notify.incident:done',
    ]);
    expect(senders.reads).toBe(0);
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
      'aws.ses.find-senders:done',
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
    // Raised by an earlier pause (or by this step before a retry): not a before-state to go back to.
    expect(flagOf(unchanged)).toMatchObject({
      status: 'done',
      after: { type: 'ssm-parameter', name: FLAG.parameterName, value: 'backup' },
      undo: 'nothing: /ato-responder/email/provider already said backup; the record that raised it puts it back',
    });
    expect(flagOf(unchanged)?.before).toBeUndefined();
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
  it('asks one person one question for the pause and the flag, even when pauses are automatic', async () => {
    // Prepare
    const { deps, ses, parameters, store } = setup({ failoverFlag: FLAG });

    // Act
    const outcome = await respondToSignal(anomaly(), deps);

    // Assess
    expect([ses.calls, parameters.calls]).toEqual([[], []]);
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:pending-approval',
      'aws.ses.find-senders:done',
      'notify.incident:done',
    ]);
    expect(outcome.records[0]?.reason).toBe(
      'SES sending volume in us-east-1 rose above its expected band (18412 sent): pause before AWS reviews the account (5% bounces, 0.1% complaints) or pauses it (an anomaly band: a person decides)',
    );
    const [pending] = await Promise.all(
      outcome.incident.escalations
        .map((e) => /^Approval (apr-\w+) needed: aws\.ses\.pause-sending/.exec(e)?.[1])
        .filter((id): id is string => !!id)
        .map((id) => store.getApproval(id)),
    );
    expect(pending?.action.target).toEqual({
      region: 'us-east-1',
      configurationSets: [],
      failoverFlag: FLAG,
    });
  });

  it('pauses, then raises the flag, once that one approval is given', async () => {
    // Prepare
    const { deps, ses, parameters } = setup({ failoverFlag: FLAG });
    const outcome = await respondToSignal(anomaly(), deps);
    const approvalId =
      outcome.status === 'handled'
        ? (/^Approval (apr-\w+) needed: aws\.ses\.pause-sending/.exec(
            outcome.incident.escalations.find((e) => e.includes('aws.ses.pause-sending')) ?? '',
          )?.[1] ?? '')
        : '';

    // Act
    const decided = await decide(approvalId, 'approved', 'cli:jane', { ...deps, actor: 'cli:jane' });

    // Assess
    expect(decided.ok && decided.records.map((r) => `${r.kind}:${r.status}:${r.approvedBy}`)).toEqual([
      'aws.ses.pause-sending:done:cli:jane',
      'aws.ssm.set-failover-flag:done:cli:jane',
    ]);
    expect([ses.calls.map((c) => c.operation), parameters.values.get(FLAG.parameterName)]).toEqual([
      ['PutAccountSendingAttributes'],
      'backup',
    ]);
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

describe('an SES alarm the pause cannot fully answer', () => {
  it('says that pausing configuration sets leaves mail without one, and the alarmed set, still going out', async () => {
    // Prepare
    const { deps } = setup({ pause: { configurationSets: ['receipts'] } });
    const marketing = signalOf(
      fixtureWith(
        BOUNCE,
        [...['detail', 'configuration', 'metrics', 0, 'metricStat', 'metric'], 'dimensions'],
        {
          'ses:configuration-set': 'marketing',
        },
      ),
    );

    // Act
    const outcome = await respondToSignal(marketing, deps);

    // Assess
    expect(outcome.status === 'handled' && outcome.incident.escalations[0]).toBe(
      'Only configuration sets receipts are paused (config ses.pause.configurationSets): mail sent without a configuration set — what a leaked SMTP or API key usually sends — still goes out, and so does marketing, whose alarm this is.',
    );
  });

  it('pauses nothing for an alarm of another account, and says so', async () => {
    // Prepare
    const { deps, ses } = setup();
    const elsewhere = signalOf(withField(loadFixture(BOUNCE), ['account'], '210987654321'));

    // Act
    const outcome = await respondToSignal(elsewhere, { ...deps, accountId: '123456789012' });

    // Assess
    expect(ses.calls).toEqual([]);
    expect(outcome.status === 'handled' && outcome.incident.escalations[0]).toBe(
      'SES bounce rate in us-east-1 crossed its alarm threshold (6.12%), but in account 210987654321, not this one (123456789012): nothing is paused from here.',
    );
  });

  it('still lists the senders when the pause is refused, and names the missing permission rather than a protected principal', async () => {
    // Prepare
    const { deps, senders } = setup();
    const refusing = {
      ...deps,
      ses: {
        sendingEnabled: () => Promise.resolve(true),
        setSendingEnabled: () =>
          Promise.reject(
            new ProviderError(
              'ses:PutAccountSendingAttributes',
              'account in us-east-1',
              'AccessDeniedException',
              'not authorized',
              false,
            ),
          ),
      },
    };

    // Act
    const outcome = await respondToSignal(alarm(), refusing);

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:refused',
      'aws.ses.find-senders:done',
      'notify.incident:done',
    ]);
    expect(senders.reads).toBe(1);
    expect(outcome.incident.escalations.find((e) => e.startsWith('IAM refused'))).toBe(
      'IAM refused ses:PutAccountSendingAttributes on account in us-east-1: the credentials lack the permission (config ses.* decides what the deployed role may do: redeploy after changing it). Nothing further was changed on it; a person must contain it.',
    );
  });

  it('notifies, without redelivering the event, when the sender listing fails', async () => {
    // Prepare
    const { deps, notifier } = setup();
    const failing = {
      ...deps,
      senders: {
        senders: () =>
          Promise.reject(
            new ProviderError(
              'iam:GetAccountAuthorizationDetails',
              'the account',
              'Throttling',
              'Rate exceeded',
              true,
            ),
          ),
      },
    };

    // Act
    const outcome = await respondToSignal(alarm(), failing);

    // Assess
    if (outcome.status !== 'handled') throw new Error(outcome.status);
    // Handled, not thrown: a retryable failure elsewhere would have thrown for Lambda to retry.
    expect(outcome.records.map((r) => `${r.kind}:${r.status}`)).toEqual([
      'aws.ses.pause-sending:done',
      'aws.ses.find-senders:failed',
      'notify.incident:done',
    ]);
    expect(notifier.messages).toHaveLength(1);
  });
});
