/**
 * `/ato ses-resume` and `/ato undo` from Slack, end to end through the real core: the command asks
 * for an approval in the incident whose changes it puts back and starts its runbook (resume-ses,
 * undo-incident); once another approver approved, the runbook's Execute step runs the same planning
 * and guards as `ato ses resume` and `ato undo` (alarms, resolved incident, SES left to a resume),
 * with memory IAM, SES, SSM and alarms.
 */
import type { PendingApproval } from '../../lambdas/core/action';
import type { AlarmStatePort } from '../../lambdas/core/ports';
import { respondToSignal } from '../../lambdas/core/respond';
import { resolveIncident } from '../../lambdas/core/resolve';
import { type RunbookStepDeps, runbookStep } from '../../lambdas/core/runbook-steps';
import { type InteractionDeps, onCommand } from '../../lambdas/core/slack-interaction';
import type { RunbookName } from '../../lambdas/core/slack-ports';
import { InMemoryParameters } from '../../lambdas/providers/memory/parameters';
import { InMemoryRunbooks } from '../../lambdas/providers/memory/runbooks';
import { InMemorySesAccount } from '../../lambdas/providers/memory/ses-account';
import { LEAKED_KEY, NOW, config, leakedKeySignal } from './builders';
import { harness } from './harness';

const REGION = 'eu-west-1';
const FLAG = '/ato-responder/email/provider';
const ALICE = 'U0000ALICE';
const BOB = 'U0000BOB';
const BOUNCE_ALARM = 'ato-responder-ses-bounce-rate';
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function setup(options: { alarmsPort?: boolean } = {}) {
  const h = harness({
    config: config({
      ses: { regions: [REGION], failoverFlag: { parameterName: FLAG, value: 'backup' } },
      slack: {
        enabled: true,
        appId: 'A0000APP',
        teamId: 'T0000TEAM',
        channel: 'C0000ATO',
        approvers: [ALICE, BOB],
        approvalMinutes: 30,
      },
    }),
  });
  const ses = new InMemorySesAccount();
  const parameters = new InMemoryParameters();
  const runbooks = new InMemoryRunbooks();
  /** The alarms in ALARM now, by region. */
  const inAlarm: Record<string, string[]> = {};
  const alarmReads: string[] = [];
  const alarms: AlarmStatePort = {
    alarmsInAlarm: (region, prefix) => {
      alarmReads.push(`${region} ${prefix}`);
      return Promise.resolve(inAlarm[region] ?? []);
    },
  };
  const interaction: InteractionDeps = {
    store: h.store,
    clock: h.clock,
    config: h.deps.config,
    runbooks,
    accountId: '123456789012',
    region: 'us-east-1',
  };
  const steps: RunbookStepDeps = {
    ...h.deps,
    ses,
    parameters,
    ...(options.alarmsPort === false ? {} : { alarms }),
    runbooks,
    warn: () => undefined,
  };
  return { ...h, ses, parameters, runbooks, inAlarm, alarmReads, interaction, steps };
}
type Setup = ReturnType<typeof setup>;

/** What `/ato <text>` by `userId` asked for: the approval its runbook was started with. */
async function asked(s: Setup, text: string, userId = ALICE): Promise<PendingApproval> {
  const before = s.runbooks.started.length;
  const answer = await onCommand(text, userId, s.interaction);
  const started = s.runbooks.started[before];
  if (!started) throw new Error(`nothing started: ${answer.text}`);
  const approval = await s.store.getApproval(started.name);
  if (!approval) throw new Error('expected the approval to be stored');
  return approval;
}

/** BOB approves in Slack (the endpoint's conditional write), then the runbook's Execute step runs. */
async function approvedAndRun(s: Setup, approval: PendingApproval, runbook: RunbookName) {
  if (!(await s.store.decideApproval(approval.approvalId, 'approved', `slack:${BOB}`, s.clock.now())))
    throw new Error('expected the approval to be decided');
  return runbookStep({ step: 'execute', runbook, approvalId: approval.approvalId }, s.steps);
}

/** `/ato ses-pause` approved and carried out, then the incident closed by hand: SES paused, flag raised. */
async function pausedAndResolved(s: Setup): Promise<string> {
  const pause = await asked(s, `ses-pause ${REGION} bounce burst from the newsletter`);
  await approvedAndRun(s, pause, 'pause-ses');
  s.clock.set(at(60));
  const resolved = await resolveIncident(pause.incidentId, 'cli:responder', 'list cleaned', s.steps);
  if (!resolved.ok) throw new Error(resolved.reason);
  return pause.incidentId;
}

describe('/ato ses-resume', () => {
  it('asks, in the incident that paused the region, for the resume that the resume-ses runbook carries out', async () => {
    // Prepare
    const s = setup();
    const incidentId = await pausedAndResolved(s);
    expect(await s.ses.sendingEnabled(REGION)).toBe(false);
    expect(await s.parameters.get(FLAG)).toBe('backup');

    // Act
    const approval = await asked(s, `ses-resume ${REGION} list cleaned, bounces back under 2%`);
    const result = await approvedAndRun(s, approval, 'resume-ses');

    // Assess
    expect(s.runbooks.started.at(-1)).toEqual({
      runbook: 'resume-ses',
      name: approval.approvalId,
      input: { approvalId: approval.approvalId },
    });
    expect(approval).toMatchObject({
      incidentId,
      requestedBy: `slack:${ALICE}`,
      action: { kind: 'aws.ses.resume-sending', target: { region: REGION }, reversible: false },
    });
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'carried-out',
      records: [{ kind: 'aws.ses.resume-sending', status: 'done' }],
    });
    expect(await s.ses.sendingEnabled(REGION)).toBe(true);
    expect(await s.parameters.get(FLAG)).toBeNull();
    expect(s.alarmReads).toEqual([`${REGION} ato-responder-ses-`]);
    // Putting back is no new turn: the incident stays resolved (another region's resume needs that).
    expect((await s.store.getIncident(incidentId))?.status).toBe('resolved');
    const records = await s.store.listActionRecords(incidentId);
    expect(records.filter((r) => r.status === 'undone').map((r) => [r.kind, r.actor, r.reason])).toEqual([
      [
        'aws.ses.pause-sending',
        'ato-responder',
        `undo: ses:PutAccountSendingAttributes (${REGION}) SendingEnabled=true (approved by slack:${BOB})`,
      ],
      [
        'aws.ssm.set-failover-flag',
        'ato-responder',
        `undo: ssm:DeleteParameter Name=${FLAG} (it did not exist before) (approved by slack:${BOB})`,
      ],
    ]);
    expect(records.find((r) => r.kind === 'aws.ses.resume-sending' && r.status === 'done')).toMatchObject({
      kind: 'aws.ses.resume-sending',
      status: 'done',
      approvedBy: `slack:${BOB}`,
      after: {
        type: 'restored',
        steps: [
          `ses:PutAccountSendingAttributes (${REGION}) SendingEnabled=true`,
          `ssm:DeleteParameter Name=${FLAG} (it did not exist before)`,
        ],
      },
    });
  });

  it('is refused at execution while an SES alarm there is still in ALARM, leaving SES paused', async () => {
    // Prepare
    const s = setup();
    const incidentId = await pausedAndResolved(s);
    const approval = await asked(s, `ses-resume ${REGION} list cleaned, bounces back under 2%`);
    s.inAlarm[REGION] = [BOUNCE_ALARM];

    // Act
    const result = await approvedAndRun(s, approval, 'resume-ses');

    // Assess
    expect(result.records).toEqual([
      {
        kind: 'aws.ses.resume-sending',
        status: 'refused',
        error: `not resuming SES in ${REGION}: still in ALARM in ${REGION}: ${BOUNCE_ALARM}`,
      },
    ]);
    expect(result.detail).toMatch(/^failed; asked again as apr-/);
    expect(await s.ses.sendingEnabled(REGION)).toBe(false);
    expect(await s.parameters.get(FLAG)).toBe('backup');
    const records = await s.store.listActionRecords(incidentId);
    expect(records.filter((r) => r.status === 'undone')).toEqual([]);
  });

  it('is skipped, changing nothing, where the alarms cannot be read', async () => {
    // Prepare
    const s = setup({ alarmsPort: false });
    await pausedAndResolved(s);
    const approval = await asked(s, `ses-resume ${REGION} list cleaned, bounces back under 2%`);

    // Act
    const result = await approvedAndRun(s, approval, 'resume-ses');

    // Assess
    expect(result.records).toEqual([
      {
        kind: 'aws.ses.resume-sending',
        status: 'skipped',
        error: `the SES alarms in ${REGION} cannot be read here, and no resume goes ahead unchecked`,
      },
    ]);
    expect(await s.ses.sendingEnabled(REGION)).toBe(false);
  });

  it('answers at once, asking nothing, while the incident is not resolved', async () => {
    // Prepare
    const s = setup();
    const pause = await asked(s, `ses-pause ${REGION} bounce burst from the newsletter`);
    await approvedAndRun(s, pause, 'pause-ses');
    const started = s.runbooks.started.length;

    // Act
    const answer = await onCommand(`ses-resume ${REGION} looks fine now`, ALICE, s.interaction);

    // Assess
    const incident = await s.store.getIncident(pause.incidentId);
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: `Incident ${pause.incidentId} is ${incident?.status}: find who sent and close it first (\`ato resolve ${pause.incidentId} --reason …\`), then ask again.`,
    });
    expect(s.runbooks.started).toHaveLength(started);
  });

  it('answers at once when no incident paused the region, or its pause was already lifted', async () => {
    // Prepare
    const s = setup();

    // Act
    const none = await onCommand(`ses-resume ${REGION} the cause is fixed`, ALICE, s.interaction);
    const incidentId = await pausedAndResolved(s);
    await approvedAndRun(s, await asked(s, `ses-resume ${REGION} list cleaned`), 'resume-ses');
    const again = await onCommand(`ses-resume ${REGION} once more`, ALICE, s.interaction);

    // Assess
    expect(none.text).toBe(`No incident paused SES sending in ${REGION}.`);
    expect(again.text).toBe(
      `Nothing the responder paused in ${REGION} is still paused (incident ${incidentId}).`,
    );
  });
});

describe('/ato undo', () => {
  async function contained(s: Setup): Promise<string> {
    const outcome = await respondToSignal(leakedKeySignal(), s.steps);
    if (outcome.status !== 'handled') throw new Error('expected a handled outcome');
    return outcome.incident.id;
  }

  it('asks for the undo of the incident, which the undo-incident runbook carries out', async () => {
    // Prepare
    const s = setup();
    const incidentId = await contained(s);
    expect(s.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');

    // Act
    const approval = await asked(s, `undo ${incidentId} the key was our CI's, rotated already`);
    const result = await approvedAndRun(s, approval, 'undo-incident');

    // Assess
    expect(s.runbooks.started.at(-1)?.runbook).toBe('undo-incident');
    expect(approval).toMatchObject({
      incidentId,
      action: { kind: 'ato.incident.undo', target: { incidentId }, reversible: false },
    });
    expect(result.records).toEqual([{ kind: 'ato.incident.undo', status: 'done' }]);
    expect(s.iam.user('alice')?.accessKeys[0]).toEqual({ accessKeyId: LEAKED_KEY, status: 'Active' });
    expect(s.iam.user('alice')?.inlinePolicies).toEqual({});
    const records = await s.store.listActionRecords(incidentId);
    // Each put back once (the order they ran in is the `restored` state's, below).
    expect(
      records
        .filter((r) => r.status === 'undone')
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['aws.iam.deactivate-access-key', 'aws.iam.revoke-older-sessions']);
    expect(records.find((r) => r.kind === 'ato.incident.undo' && r.status === 'done')?.after).toEqual({
      type: 'restored',
      steps: [
        'iam:DeleteUserPolicy user alice PolicyName=ato-responder-revoke-older-sessions',
        `iam:UpdateAccessKey UserName=alice AccessKeyId=${LEAKED_KEY} Status=Active`,
      ],
      notes: [
        `${incidentId}/${incidentId.slice(-7)}-1-aws.iam.deactivate-access-key: the status of ${LEAKED_KEY} before was not read (the deactivation was the first call); re-activating assumes it was Active`,
      ],
    });
  });

  it('leaves a policy an approved removal detached to a laptop: the runbooks may not attach policies', async () => {
    // Prepare
    const s = setup();
    const incidentId = await contained(s);
    const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
    await s.store.appendActionRecord({
      actionId: `${incidentId}/9-aws.iam.detach-policy`,
      incidentId,
      kind: 'aws.iam.detach-policy',
      target: { holder: { type: 'user', name: 'eve' }, policyArn: admin },
      mode: 'enforce',
      approval: 'required',
      approvedBy: 'slack:U0000BOB',
      status: 'done',
      actor: 'ato-responder',
      reason: 'attached by the intruder',
      startedAt: at(5).toISOString(),
      finishedAt: at(5).toISOString(),
      before: {
        type: 'iam-removal',
        what: 'managed-policy',
        holder: { type: 'user', name: 'eve' },
        policyArn: admin,
        attached: true,
      },
      after: {
        type: 'iam-removal',
        what: 'managed-policy',
        holder: { type: 'user', name: 'eve' },
        policyArn: admin,
        attached: false,
      },
    });
    const laptopNote =
      '1 IAM policy an approved removal took away comes back only from a laptop (ato undo ID --execute): the runbooks may not attach or write policies';

    // Act
    const approval = await asked(s, `undo ${incidentId} the key was our CI's, rotated already`);
    await approvedAndRun(s, approval, 'undo-incident');

    // Assess
    const records = await s.store.listActionRecords(incidentId);
    expect(records.filter((r) => r.status === 'undone').map((r) => r.kind)).not.toContain(
      'aws.iam.detach-policy',
    );
    const after = records.find((r) => r.kind === 'ato.incident.undo' && r.status === 'done')?.after;
    expect(after?.type === 'restored' ? [after.steps.length, after.notes?.at(-1)] : after).toEqual([
      2,
      laptopNote,
    ]);
    expect(s.iam.user('alice')?.accessKeys[0]?.status).toBe('Active');
  });

  it('leaves SES paused: only a resume, which checks the alarms, brings it back', async () => {
    // Prepare
    const s = setup();
    const pause = await asked(s, `ses-pause ${REGION} bounce burst from the newsletter`);
    await approvedAndRun(s, pause, 'pause-ses');

    // Act
    const answer = await onCommand(`undo ${pause.incidentId} it was a test send`, ALICE, s.interaction);

    // Assess
    expect(answer.text).toBe(
      `Nothing to undo in ${pause.incidentId}: SES sending and the failover flag are not undone here: ato ses resume --region … (it checks the alarms).`,
    );
    expect(await s.ses.sendingEnabled(REGION)).toBe(false);
  });

  it('records a failure, and keeps what it put back, when a step needs access the runbook lacks', async () => {
    // Prepare
    const s = setup();
    const incidentId = await contained(s);
    // A subuser the responder disabled (SendGrid), newest: undone first, with no SendGrid port here.
    await s.store.appendActionRecord({
      actionId: `${incidentId}/9-sendgrid.subusers.disable`,
      incidentId,
      kind: 'sendgrid.subusers.disable',
      target: { username: 'newsletter-2' },
      mode: 'enforce',
      approval: 'required',
      status: 'done',
      actor: 'ato-responder',
      reason: 'appeared since the last audit',
      startedAt: at(5).toISOString(),
      finishedAt: at(5).toISOString(),
      before: { type: 'sendgrid-subuser', username: 'newsletter-2', disabled: false },
      after: { type: 'sendgrid-subuser', username: 'newsletter-2', disabled: true },
    });

    // Act
    const approval = await asked(s, `undo ${incidentId} the key was our CI's, rotated already`);
    const result = await approvedAndRun(s, approval, 'undo-incident');

    // Assess
    expect(result.records).toEqual([
      {
        kind: 'ato.incident.undo',
        status: 'failed',
        error:
          'stopped part-way (the steps put back have their undone records): undo of a SendGrid subuser needs SendGrid access (SENDGRID_API_KEY)',
      },
    ]);
    expect(result.detail).toMatch(/^failed; asked again as apr-/);
  });

  it('answers an unknown incident at once', async () => {
    // Act
    const s = setup();
    const answer = await onCommand('undo ato-20261122-0000000 false positive', ALICE, s.interaction);

    // Assess
    expect(answer).toEqual({ responseType: 'ephemeral', text: 'No incident ato-20261122-0000000.' });
    expect(s.runbooks.started).toEqual([]);
  });

  it('runs a second time without changing anything again (a retried step)', async () => {
    // Prepare
    const s = setup();
    const incidentId = await contained(s);
    const approval = await asked(s, `undo ${incidentId} the key was our CI's, rotated already`);
    await approvedAndRun(s, approval, 'undo-incident');
    const calls = s.iam.calls.length;

    // Act
    const again = await runbookStep(
      { step: 'execute', runbook: 'undo-incident', approvalId: approval.approvalId },
      s.steps,
    );

    // Assess
    expect(again).toEqual({
      approvalId: approval.approvalId,
      outcome: 'not-carried-out',
      detail: `approval ${approval.approvalId} was already carried out`,
    });
    expect(s.iam.calls).toHaveLength(calls);
  });
});
