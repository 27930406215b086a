/**
 * What the Slack endpoint does once a request is authenticated: a `/ato` command becomes a request
 * waiting for approval in the subject's incident (and its runbook started), an investigation, or an
 * answer; a click is judged, written with the store's conditional decision, and only the winner
 * answers the runbook's task token. Through the real memory store; the runbooks are a recording fake.
 */
import { InMemoryRunbooks } from '../../lambdas/providers/memory/runbooks';
import type { PendingApproval } from '../../lambdas/core/action';
import type { ConfigInput } from '../../lambdas/core/config';
import { approvalIdFor, incidentIdFor, stableHash } from '../../lambdas/core/ids';
import { HELP } from '../../lambdas/core/slack-commands';
import { type InteractionDeps, onClick, onCommand } from '../../lambdas/core/slack-interaction';
import { incidentMessage } from '../../lambdas/core/slack-message';
import { MemoryIncidentStore } from '../../lambdas/providers/memory/incident-store';
import { LEAKED_KEY, NOW, config, fixedClock } from './builders';

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAT0kEXAMPLETASKTOKEN';
const TWILIO_ACCOUNT = `AC${'a'.repeat(32)}`;
const ALICE = 'U0000ALICE';
const BOB = 'U0000BOB';
const CAROL = 'U0000CAROL';
const APPROVERS = [ALICE, BOB, CAROL];
/** The Slack app, workspace and incident channel (placeholders the config's patterns accept). */
const SLACK = { enabled: true, appId: 'A0000APP', teamId: 'T0000TEAM', channel: 'C0000ATO' };
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function setup(overrides: ConfigInput = {}) {
  const clock = fixedClock();
  const store = new MemoryIncidentStore();
  const runbooks = new InMemoryRunbooks();
  const deps: InteractionDeps = {
    store,
    clock,
    config: config({
      slack: { ...SLACK, approvers: APPROVERS, irreversibleApprovals: 2, approvalMinutes: 30 },
      ...overrides,
    }),
    runbooks,
    accountId: '123456789012',
    region: 'us-east-1',
  };
  return { clock, store, runbooks, deps };
}

/** What `/ato contain-key` by `userId` at `now` names: its incident (when it opens one), action and approval. */
function containKeyIds(userId: string, now: Date, incidentOpenedBy = userId, openedAt = now) {
  const incidentId = incidentIdFor(`slack:${incidentOpenedBy}:${openedAt.toISOString()}`, openedAt);
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  const actionId = `${incidentId}/slack-${stamp}-0-aws.iam.deactivate-access-key`;
  return { incidentId, actionId, approvalId: approvalIdFor(actionId) };
}

/** ALICE asks to contain the leaked key; the runbook's approval step then keeps its token on it. */
async function askedAndWaiting(s: ReturnType<typeof setup>): Promise<PendingApproval> {
  await onCommand(`contain-key ${LEAKED_KEY} leaked in a public gist`, ALICE, s.deps);
  const { approvalId } = containKeyIds(ALICE, NOW);
  const approval = await s.store.getApproval(approvalId);
  if (!approval) throw new Error('expected the approval to be stored');
  const waiting = { ...approval, runbook: { name: 'contain-key', taskToken: TOKEN } };
  await s.store.putApproval(waiting);
  return waiting;
}

/** A removal the responder's own plan asked for (nobody in Slack requested it), its runbook waiting. */
async function planApprovalWaiting(
  s: ReturnType<typeof setup>,
  overrides: { reversible?: boolean; requestedAt?: Date; expiresAt?: Date } = {},
): Promise<PendingApproval> {
  const approval: PendingApproval = {
    approvalId: 'apr-0delete0user0',
    incidentId: 'ato-20261122-1nhfqcb',
    action: {
      kind: 'aws.iam.delete-user',
      target: { userName: 'support-backup' },
      id: 'ato-20261122-1nhfqcb/4-aws.iam.delete-user',
      incidentId: 'ato-20261122-1nhfqcb',
      phase: 'containment',
      mode: 'enforce',
      approval: 'required',
      reversible: overrides.reversible ?? false,
      reason: 'created by the leaked key',
    },
    requestedAt: (overrides.requestedAt ?? NOW).toISOString(),
    reason: 'alice created IAM user support-backup with the leaked key',
    status: 'pending',
    expiresAt: (overrides.expiresAt ?? at(30)).toISOString(),
    runbook: { name: 'remove-rogue-principals', taskToken: TOKEN },
  };
  await s.store.putApproval(approval);
  return approval;
}

const click = (approvalId: string, userId: string, actionId = 'ato.approve') => ({
  actionId,
  value: approvalId,
  userId,
});

describe('/ato contain-key', () => {
  it('opens an incident for the key, asks for its deactivation and starts the contain-key runbook', async () => {
    // Prepare
    const s = setup();
    const { incidentId, actionId, approvalId } = containKeyIds(ALICE, NOW);

    // Act
    const answer = await onCommand(`contain-key ${LEAKED_KEY} leaked in a public gist`, ALICE, s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: `Asked: Access key ${LEAKED_KEY} reported leaked by slack:U0000ALICE; waiting for approval ${approvalId} in incident ${incidentId}. An approver other than you decides it in the incident's thread before 2026-11-22T03:30:00.000Z.`,
    });
    const approval = await s.store.getApproval(approvalId);
    expect(approval).toEqual({
      approvalId,
      incidentId,
      action: {
        kind: 'aws.iam.deactivate-access-key',
        target: { accessKeyId: LEAKED_KEY },
        id: actionId,
        incidentId,
        phase: 'containment',
        mode: 'enforce',
        approval: 'required',
        reversible: true,
        reason: 'slack:U0000ALICE: leaked in a public gist',
      },
      requestedAt: NOW.toISOString(),
      requestedBy: 'slack:U0000ALICE',
      reason: 'slack:U0000ALICE: leaked in a public gist',
      status: 'pending',
      expiresAt: '2026-11-22T03:30:00.000Z',
    });
    expect(await s.store.listActionRecords(incidentId)).toEqual([
      {
        actionId,
        incidentId,
        kind: 'aws.iam.deactivate-access-key',
        target: { accessKeyId: LEAKED_KEY },
        mode: 'enforce',
        approval: 'required',
        status: 'pending-approval',
        actor: 'slack:U0000ALICE',
        approvalId,
        reason: 'slack:U0000ALICE: leaked in a public gist',
        startedAt: NOW.toISOString(),
        finishedAt: NOW.toISOString(),
        undo: `nothing to undo until approved (${approvalId})`,
      },
    ]);
    expect(s.runbooks.started).toEqual([{ runbook: 'contain-key', name: approvalId, input: { approvalId } }]);
    expect(await s.store.findOpenIncident(`aws-access-key#${LEAKED_KEY}`)).toMatchObject({
      id: incidentId,
      subject: { type: 'aws-access-key', id: LEAKED_KEY },
      subjectKeys: [`aws-access-key#${LEAKED_KEY}`],
      status: 'open',
      severity: 'critical',
      title: `Access key ${LEAKED_KEY} reported leaked by slack:U0000ALICE`,
      accountId: '123456789012',
      region: 'us-east-1',
      escalations: [
        `Approval ${approvalId} asked by slack:U0000ALICE: aws.iam.deactivate-access-key — leaked in a public gist`,
      ],
    });
  });

  it('joins the key’s open incident when asked again, with an approval of its own', async () => {
    // Prepare
    const s = setup();
    await onCommand(`contain-key ${LEAKED_KEY} leaked in a public gist`, ALICE, s.deps);
    s.clock.set(at(1));
    const first = containKeyIds(ALICE, NOW);
    const second = containKeyIds(BOB, at(1), ALICE, NOW);

    // Act
    const answer = await onCommand(`contain-key ${LEAKED_KEY} also on a paste site`, BOB, s.deps);

    // Assess
    expect(answer.text).toBe(
      `Asked: Access key ${LEAKED_KEY} reported leaked by slack:U0000BOB; waiting for approval ${second.approvalId} in incident ${first.incidentId}. An approver other than you decides it in the incident's thread before 2026-11-22T03:31:00.000Z.`,
    );
    expect(second.incidentId).toBe(first.incidentId);
    expect(second.approvalId).not.toBe(first.approvalId);
    expect((await s.store.listIncidents()).map((i) => i.id)).toEqual([first.incidentId]);
    expect((await s.store.listActionRecords(first.incidentId)).map((r) => [r.approvalId, r.actor])).toEqual([
      [first.approvalId, 'slack:U0000ALICE'],
      [second.approvalId, 'slack:U0000BOB'],
    ]);
    expect(s.runbooks.started.map((r) => [r.runbook, r.name])).toEqual([
      ['contain-key', first.approvalId],
      ['contain-key', second.approvalId],
    ]);
  });

  it('asks for a reason, storing and starting nothing without one', async () => {
    // Prepare
    const s = setup();
    const opened = jest.spyOn(s.store, 'openIncident');
    const put = jest.spyOn(s.store, 'putApproval');

    // Act
    const answer = await onCommand(`contain-key ${LEAKED_KEY}`, ALICE, s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: `\`contain-key\` needs a reason, after its argument.\n${HELP}`,
    });
    expect(opened).not.toHaveBeenCalled();
    expect(put).not.toHaveBeenCalled();
    expect(await s.store.listIncidents()).toEqual([]);
    expect(s.runbooks.started).toEqual([]);
  });
});

describe('/ato twilio-lockdown', () => {
  it('refuses when Twilio is not set up, storing and starting nothing', async () => {
    // Prepare
    const s = setup();
    const put = jest.spyOn(s.store, 'putApproval');

    // Act
    const answer = await onCommand('twilio-lockdown US,CA toll fraud to +882', ALICE, s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: 'Twilio is not set up in this responder (twilio.enabled, twilio.accountSid).',
    });
    expect(put).not.toHaveBeenCalled();
    expect(await s.store.listIncidents()).toEqual([]);
    expect(s.runbooks.started).toEqual([]);
  });

  it('asks for the voice restriction with the SMS restriction decided together, in the twilio-lockdown runbook', async () => {
    // Prepare
    const s = setup({ twilio: { enabled: true, accountSid: TWILIO_ACCOUNT } });

    // Act
    await onCommand('twilio-lockdown US,CA toll fraud to +882', ALICE, s.deps);

    // Assess
    const [started] = s.runbooks.started;
    expect(started?.runbook).toBe('twilio-lockdown');
    const approval = await s.store.getApproval(started?.name ?? '');
    const target = { accountSid: TWILIO_ACCOUNT, allowedCountries: ['US', 'CA'] };
    expect(approval?.action).toMatchObject({ kind: 'twilio.voice.restrict-dialing-countries', target });
    expect(approval?.with?.map((a) => [a.kind, a.target, a.approval, a.mode])).toEqual([
      ['twilio.messaging.restrict-geo-permissions', target, 'required', 'enforce'],
    ]);
    expect(await s.store.findOpenIncident(`twilio-account#${TWILIO_ACCOUNT}`)).toMatchObject({
      accountId: TWILIO_ACCOUNT,
      region: 'global',
      severity: 'high',
      title: `Twilio account ${TWILIO_ACCOUNT} lockdown to US,CA asked by slack:U0000ALICE`,
    });
  });
});

describe('/ato ses-pause', () => {
  it('asks for the pause of SES sending in that region, in the pause-ses runbook', async () => {
    // Prepare
    const s = setup();

    // Act
    await onCommand('ses-pause eu-west-1 bounce burst from the newsletter', ALICE, s.deps);

    // Assess
    const [started] = s.runbooks.started;
    expect(started?.runbook).toBe('pause-ses');
    const approval = await s.store.getApproval(started?.name ?? '');
    expect(approval?.action).toMatchObject({
      kind: 'aws.ses.pause-sending',
      target: { region: 'eu-west-1', configurationSets: [] },
    });
    expect(approval?.with).toBeUndefined();
    expect(approval?.incidentId).toBe(
      (await s.store.findOpenIncident('aws-ses-sending#123456789012/eu-west-1'))?.id,
    );
  });
});

describe('/ato investigate', () => {
  it('starts investigate-key with exactly the key deactivation fields, asking no approval', async () => {
    // Prepare
    const s = setup();
    const put = jest.spyOn(s.store, 'putApproval');
    const incidentId = incidentIdFor(`slack:U0000ALICE:${NOW.toISOString()}`, NOW);

    // Act
    const answer = await onCommand(`investigate ${LEAKED_KEY}`, ALICE, s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: `Investigating ${LEAKED_KEY} in incident ${incidentId} (read-only): the report comes to the incident's thread.`,
    });
    expect(s.runbooks.started).toEqual([
      {
        runbook: 'investigate-key',
        name: `investigate-${stableHash(`${LEAKED_KEY}:U0000ALICE:${NOW.toISOString()}`)}`,
        input: {
          eventId: `slack:U0000ALICE:${NOW.toISOString()}`,
          incidentId,
          accessKeyId: LEAKED_KEY,
          actionId: `${incidentId}/slack-investigate`,
          deactivatedAt: NOW.toISOString(),
        },
      },
    ]);
    expect(put).not.toHaveBeenCalled();
    expect(await s.store.listActionRecords(incidentId)).toEqual([]);
    expect((await s.store.getIncident(incidentId))?.severity).toBe('medium');
  });

  it('investigates in the key’s open incident rather than opening another', async () => {
    // Prepare
    const s = setup();
    await onCommand(`contain-key ${LEAKED_KEY} leaked in a public gist`, ALICE, s.deps);
    s.clock.set(at(2));
    const { incidentId } = containKeyIds(ALICE, NOW);

    // Act
    await onCommand(`investigate ${LEAKED_KEY}`, BOB, s.deps);

    // Assess
    expect(s.runbooks.started.at(-1)?.input.incidentId).toBe(incidentId);
    expect((await s.store.listIncidents()).map((i) => i.id)).toEqual([incidentId]);
  });
});

describe('/ato status and help', () => {
  it('shows a known incident as its message, with the approval it waits for', async () => {
    // Prepare
    const s = setup();
    await onCommand(`contain-key ${LEAKED_KEY} leaked in a public gist`, ALICE, s.deps);
    const { incidentId, approvalId } = containKeyIds(ALICE, NOW);
    const incident = await s.store.getIncident(incidentId);
    const approval = await s.store.getApproval(approvalId);
    if (!incident || !approval) throw new Error('expected the request to be stored');
    const expected = incidentMessage(incident, await s.store.listActionRecords(incidentId), [approval], {
      now: NOW,
    });

    // Act
    const answer = await onCommand(`status ${incidentId}`, BOB, s.deps);

    // Assess
    expect(answer).toEqual({ responseType: 'ephemeral', text: expected.text, blocks: expected.blocks });
    expect(answer.text).toBe(
      `CRITICAL: \`Access key ${LEAKED_KEY} reported leaked by slack:U0000ALICE\` · open · 0 done · 1 waiting for approval`,
    );
  });

  it('says so for an unknown incident', async () => {
    // Act
    const answer = await onCommand('status ato-20261122-0000000', BOB, setup().deps);

    // Assess
    expect(answer).toEqual({ responseType: 'ephemeral', text: 'No incident ato-20261122-0000000.' });
  });

  it.each([
    ['', HELP],
    ['help', HELP],
    ['frobnicate everything', `Unknown command \`frobnicate\`.\n${HELP}`],
  ])('answers "%s" with the help', async (text, expected) => {
    // Act
    const answer = await onCommand(text, ALICE, setup().deps);

    // Assess
    expect(answer).toEqual({ responseType: 'ephemeral', text: expected });
  });
});

describe('a click on Approve or Deny', () => {
  it('tells the clicker to use ato approve while no runbook waits, changing nothing', async () => {
    // Prepare
    const s = setup();
    await onCommand(`contain-key ${LEAKED_KEY} leaked in a public gist`, ALICE, s.deps);
    const { approvalId } = containKeyIds(ALICE, NOW);
    const before = await s.store.getApproval(approvalId);

    // Act
    const answer = await onClick(click(approvalId, BOB), s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: `No runbook waits for this approval yet: \`ato approve ${approvalId}\` decides it.`,
    });
    expect(await s.store.getApproval(approvalId)).toEqual(before);
    expect(s.runbooks.approved).toEqual([]);
  });

  it('refuses someone who is not an approver', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);

    // Act
    const answer = await onClick(click(approvalId, 'U0000MALLORY'), s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: 'You are not one of the approvers (slack.approvers).',
    });
    expect((await s.store.getApproval(approvalId))?.status).toBe('pending');
    expect(s.runbooks.approved).toEqual([]);
  });

  it('lets nobody approve when no approvers are configured', async () => {
    // Prepare
    const s = setup({ slack: { ...SLACK, approvers: [] } });
    const { approvalId } = await askedAndWaiting(s);

    // Act
    const answers = await Promise.all([BOB, CAROL].map((u) => onClick(click(approvalId, u), s.deps)));

    // Assess
    expect(answers.map((a) => a.text)).toEqual([
      'You are not one of the approvers (slack.approvers).',
      'You are not one of the approvers (slack.approvers).',
    ]);
    expect((await s.store.getApproval(approvalId))?.status).toBe('pending');
    expect([s.runbooks.approved, s.runbooks.denied]).toEqual([[], []]);
  });

  it('refuses the person who asked for it (four eyes), even though they are an approver', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);

    // Act
    const answer = await onClick(click(approvalId, ALICE), s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: 'You asked for this: someone else must decide it.',
    });
    expect((await s.store.getApproval(approvalId))?.status).toBe('pending');
    expect(s.runbooks.approved).toEqual([]);
  });

  it('refuses a click after the approval expired, sending nothing to the runbook', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);
    s.clock.set(at(30));

    // Act
    const answers = [
      await onClick(click(approvalId, BOB), s.deps),
      await onClick(click(approvalId, BOB, 'ato.deny'), s.deps),
    ];

    // Assess
    expect(answers).toEqual([
      { responseType: 'ephemeral', text: 'This approval expired; ask for it again.' },
      { responseType: 'ephemeral', text: 'This approval expired; ask for it again.' },
    ]);
    expect((await s.store.getApproval(approvalId))?.status).toBe('pending');
    expect([s.runbooks.approved, s.runbooks.denied]).toEqual([[], []]);
  });

  it('judges expiry by the expiresAt kept when the runbook asked, not by when the plan first asked', async () => {
    // Prepare
    const s = setup();
    // The responder's plan asked 50 minutes ago; its runbook started (and asked in Slack) 5 minutes
    // ago, keeping 30 minutes from then: the buttons are live until 03:25.
    const approval = await planApprovalWaiting(s, {
      reversible: true,
      requestedAt: at(-50),
      expiresAt: at(25),
    });

    // Act
    const answer = await onClick(click(approval.approvalId, BOB), s.deps);

    // Assess
    expect(answer.text).toBe('Approved: the runbook carries it out now.');
    expect(s.runbooks.approved).toEqual([
      { taskToken: TOKEN, decision: { decision: 'approved', by: 'slack:U0000BOB', at: NOW.toISOString() } },
    ]);
  });

  it('decides a reversible action on one approver’s click and answers the runbook’s token', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);

    // Act
    const answer = await onClick(click(approvalId, BOB), s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: 'Approved: the runbook carries it out now.',
      blocks: [
        {
          type: 'section',
          block_id: `ato.approval.${approvalId}`,
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: ':white_check_mark: *Approved* by `slack:U0000BOB`: `aws.iam.deactivate-access-key` on `AKIAIOSFODNN7EXAMPLE`',
          },
        },
      ],
    });
    expect(await s.store.getApproval(approvalId)).toMatchObject({
      status: 'approved',
      decidedBy: 'slack:U0000BOB',
      decidedAt: NOW.toISOString(),
      votes: [BOB],
    });
    expect(s.runbooks.approved).toEqual([
      { taskToken: TOKEN, decision: { decision: 'approved', by: 'slack:U0000BOB', at: NOW.toISOString() } },
    ]);
    expect(s.runbooks.denied).toEqual([]);
  });

  it('reads the approval once per click: the judging reuses what the runbook check read', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);
    const reads = jest.spyOn(s.store, 'getApproval');

    // Act
    await onClick(click(approvalId, BOB), s.deps);

    // Assess
    expect(reads.mock.calls).toEqual([[approvalId]]);
    expect(s.runbooks.approved).toHaveLength(1);
  });

  it('answers a second click as already decided, without answering the token again', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);
    await onClick(click(approvalId, BOB), s.deps);

    // Act
    const again = await onClick(click(approvalId, BOB), s.deps);
    const other = await onClick(click(approvalId, CAROL, 'ato.deny'), s.deps);

    // Assess
    expect([again, other]).toEqual([
      { responseType: 'ephemeral', text: 'Already approved by slack:U0000BOB.' },
      { responseType: 'ephemeral', text: 'Already approved by slack:U0000BOB.' },
    ]);
    expect(s.runbooks.approved).toHaveLength(1);
    expect(s.runbooks.denied).toEqual([]);
  });

  it('lets only one of two simultaneous approvals answer the token', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);

    // Act
    const answers = await Promise.all([BOB, CAROL].map((u) => onClick(click(approvalId, u), s.deps)));

    // Assess
    expect(answers.map((a) => a.text)).toEqual([
      'Approved: the runbook carries it out now.',
      'Someone decided or voted at the same moment: look again.',
    ]);
    expect(s.runbooks.approved.map((a) => a.decision.by)).toEqual(['slack:U0000BOB']);
  });

  it('denies on one approver’s click and fails the runbook’s token with who denied', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);

    // Act
    const answer = await onClick(click(approvalId, BOB, 'ato.deny'), s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: 'Denied: nothing will be done.',
      blocks: [
        {
          type: 'section',
          block_id: `ato.approval.${approvalId}`,
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: ':no_entry_sign: *Denied* by `slack:U0000BOB`: `aws.iam.deactivate-access-key` on `AKIAIOSFODNN7EXAMPLE`; nothing was done',
          },
        },
      ],
    });
    expect(await s.store.getApproval(approvalId)).toMatchObject({
      status: 'denied',
      decidedBy: 'slack:U0000BOB',
    });
    expect(s.runbooks.denied).toEqual([{ taskToken: TOKEN, by: 'slack:U0000BOB' }]);
    expect(s.runbooks.approved).toEqual([]);
  });

  it('counts a first approval of an irreversible action and decides it on a second approver’s', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await planApprovalWaiting(s);

    // Act
    const first = await onClick(click(approvalId, BOB), s.deps);
    const afterFirst = await s.store.getApproval(approvalId);
    const second = await onClick(click(approvalId, CAROL), s.deps);

    // Assess
    expect(first).toEqual({ responseType: 'ephemeral', text: 'Approved by you; 1 more approver(s) needed.' });
    expect(afterFirst).toMatchObject({ status: 'pending', votes: [BOB] });
    expect(second.text).toBe('Approved: the runbook carries it out now.');
    expect(s.runbooks.approved).toEqual([
      {
        taskToken: TOKEN,
        decision: { decision: 'approved', by: 'slack:U0000BOB + slack:U0000CAROL', at: NOW.toISOString() },
      },
    ]);
    expect(await s.store.getApproval(approvalId)).toMatchObject({
      status: 'approved',
      decidedBy: 'slack:U0000BOB + slack:U0000CAROL',
      votes: [BOB, CAROL],
    });
  });

  it('does not count the same approver twice on an irreversible action', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await planApprovalWaiting(s);
    await onClick(click(approvalId, BOB), s.deps);

    // Act
    const again = await onClick(click(approvalId, BOB), s.deps);

    // Assess
    expect(again).toEqual({
      responseType: 'ephemeral',
      text: 'You approved it already; 1 more approver(s) needed.',
    });
    expect(s.runbooks.approved).toEqual([]);
    expect((await s.store.getApproval(approvalId))?.votes).toEqual([BOB]);
  });

  it('says the runbook had already ended when its token is closed', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);
    s.runbooks.closed.add(TOKEN);

    // Act
    const answer = await onClick(click(approvalId, BOB), s.deps);

    // Assess
    expect(answer.text).toBe(
      'Recorded, but the runbook had already ended (it expired or was stopped): nothing will run.',
    );
    expect((await s.store.getApproval(approvalId))?.status).toBe('approved');
    expect(s.runbooks.approved).toEqual([]);
  });

  it('refuses a button that is not the responder’s and an approval that no longer exists', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);

    // Act
    const foreign = await onClick(click(approvalId, BOB, 'someone.else'), s.deps);
    const missing = await onClick(click('apr-00000000000000', BOB), s.deps);

    // Assess
    expect(foreign).toEqual({
      responseType: 'ephemeral',
      text: 'This button is not one of the responder’s.',
    });
    expect(missing).toEqual({ responseType: 'ephemeral', text: 'This approval no longer exists.' });
    expect(s.runbooks.approved).toEqual([]);
  });

  it('answers already decided, with who decided, when the store’s conditional write is lost', async () => {
    // Prepare
    const s = setup();
    const { approvalId } = await askedAndWaiting(s);
    // `ato approve` from a laptop decides it between the click's read and its write.
    const decide = s.store.decideApproval.bind(s.store);
    jest.spyOn(s.store, 'decideApproval').mockImplementationOnce(async (id, status, by, when) => {
      await decide(id, 'approved', 'cli:jane', when);
      return decide(id, status, by, when);
    });

    // Act
    const answer = await onClick(click(approvalId, BOB), s.deps);

    // Assess
    expect(answer).toEqual({
      responseType: 'ephemeral',
      text: 'This approval was already decided, or expired.',
      blocks: [
        {
          type: 'section',
          block_id: `ato.approval.${approvalId}`,
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: '*Already decided*: `aws.iam.deactivate-access-key` on `AKIAIOSFODNN7EXAMPLE` was approved by `cli:jane` at 2026-11-22T03:00:00.000Z; this click changed nothing',
          },
        },
      ],
    });
    expect(s.runbooks.approved).toEqual([]);
  });
});
