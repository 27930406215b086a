/**
 * One Slack thread per incident, through the real store and the memory Slack: the parent posted once
 * and updated in place, what is new told in a few folded replies (never one per signal), two first
 * refreshes at once leaving one parent; and a notified incident starting the runbook of each
 * approval no runbook waits for yet, once.
 */
import { InMemoryRunbooks } from '../../lambdas/providers/memory/runbooks';
import type { ActionRecord, PendingApproval } from '../../lambdas/core/action';
import { approvalRecord } from '../../lambdas/core/approval-records';
import { summarize } from '../../lambdas/core/correlate';
import type { Incident } from '../../lambdas/core/incident';
import { respondToSignal } from '../../lambdas/core/respond';
import { onIncidentNotified } from '../../lambdas/core/slack-notified';
import type { RunbookName } from '../../lambdas/core/slack-ports';
import { requestRunbook } from '../../lambdas/core/slack-runbook-request';
import { MAX_REPLIES_PER_REFRESH, approvalsOf, refreshThread } from '../../lambdas/core/slack-thread';
import { MemoryIncidentStore } from '../../lambdas/providers/memory/incident-store';
import { InMemorySlack } from '../../lambdas/providers/memory/slack';
import { LEAKED_KEY, NOW, config, detectionSignal, fixedClock, leakedKeySignal } from './builders';
import { harness, requestedApprovals } from './harness';

const CHANNEL = 'C0000ATO';
const slackConfig = config({
  slack: {
    enabled: true,
    appId: 'A0000APP',
    teamId: 'T0000TEAM',
    channel: CHANNEL,
    approvers: ['U0000ALICE', 'U0000BOB'],
    approvalMinutes: 30,
  },
});
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function setup() {
  const h = harness({ config: slackConfig });
  const slack = new InMemorySlack();
  const runbooks = new InMemoryRunbooks();
  const thread = { store: h.store, slack, channel: CHANNEL, clock: h.clock };
  return { ...h, slack, runbooks, thread, notified: { ...thread, runbooks } };
}

/** The leaked key contained by the responder: key deactivated, sessions revoked, quarantine asked. */
async function containedIncident(s: ReturnType<typeof setup>): Promise<Incident> {
  const outcome = await respondToSignal(leakedKeySignal(), s.deps);
  if (outcome.status !== 'handled') throw new Error('expected a handled outcome');
  return outcome.incident;
}

/** `/ato contain-key` by U0000ALICE: an incident holding one request waiting for approval. */
async function requestedIncident(s: ReturnType<typeof setup>): Promise<PendingApproval> {
  const request = await requestRunbook(
    { name: 'contain-key', accessKeyId: LEAKED_KEY, reason: 'leaked in a public gist' },
    'U0000ALICE',
    { store: s.store, clock: s.clock, config: slackConfig, accountId: '123456789012', region: 'us-east-1' },
  );
  if (!request.ok) throw new Error(request.message);
  return request.approval;
}

/** `count` more CloudTrail detections on the incident, as the correlator would add them. */
async function addSignals(s: ReturnType<typeof setup>, incidentId: string, count: number): Promise<void> {
  const incident = await s.store.getIncident(incidentId);
  if (!incident) throw new Error(`no incident ${incidentId}`);
  const signals = Array.from({ length: count }, (_, i) =>
    summarize(
      detectionSignal({
        dedupKey: `aws.cloudtrail#burst-${i}#persistence.create-user`,
        title: `alice created IAM user backup-${i} with key ${LEAKED_KEY}`,
        observedAt: at(1).toISOString(),
      }),
    ),
  );
  await s.store.saveIncident({ ...incident, signals: [...incident.signals, ...signals] });
}

/** A pending approval of `kind` in the incident, in its action log as asked, optionally already waiting. */
async function pendingApproval(
  store: MemoryIncidentStore,
  incidentId: string,
  spec: Pick<PendingApproval['action'], 'kind' | 'target'>,
  extra: Partial<PendingApproval> = {},
): Promise<PendingApproval> {
  const id = `${incidentId}/9-${spec.kind}`;
  const approval = {
    approvalId: `apr-${spec.kind.replace(/[^a-z]/g, '').slice(0, 20)}`,
    incidentId,
    action: {
      ...spec,
      id,
      incidentId,
      phase: 'containment',
      mode: 'enforce',
      approval: 'required',
      reversible: true,
      reason: 'asked by the plan',
    },
    requestedAt: NOW.toISOString(),
    reason: 'asked by the plan',
    status: 'pending',
    ...extra,
  } as PendingApproval;
  await store.putApproval(approval);
  await store.appendActionRecord(
    approvalRecord(approval, 'pending-approval', 'ato-responder', NOW.toISOString()),
  );
  return approval;
}

describe('refreshThread', () => {
  it('posts one parent on the first refresh and keeps where it is on the incident', async () => {
    // Prepare
    const s = setup();
    const approval = await requestedIncident(s);

    // Act
    const refreshed = await refreshThread(approval.incidentId, s.thread);

    // Assess
    expect(refreshed).toEqual({
      thread: { channel: CHANNEL, ts: '1700000000.000100' },
      posted: true,
      replies: 0,
    });
    expect(s.slack.messages.map((m) => [m.channel, m.ts, m.threadTs, m.deleted])).toEqual([
      [CHANNEL, '1700000000.000100', undefined, undefined],
    ]);
    expect((await s.store.getIncident(approval.incidentId))?.slackThread).toEqual({
      channel: CHANNEL,
      ts: '1700000000.000100',
      signalsTold: 0,
      recordsTold: 1,
    });
  });

  it('posts the parent alone for a contained incident: what the parent shows gets no reply', async () => {
    // Prepare
    const s = setup();
    const incident = await containedIncident(s);

    // Act
    const refreshed = await refreshThread(incident.id, s.thread);

    // Assess
    expect(refreshed?.replies).toBe(0);
    expect(s.slack.visible(CHANNEL)).toHaveLength(1);
  });

  it('updates the parent in place on later refreshes and tells only what is new', async () => {
    // Prepare
    const s = setup();
    const approval = await requestedIncident(s);
    await refreshThread(approval.incidentId, s.thread);
    await addSignals(s, approval.incidentId, 1);
    s.clock.set(at(1));

    // Act
    const refreshed = await refreshThread(approval.incidentId, s.thread);

    // Assess
    expect(refreshed).toEqual({
      thread: { channel: CHANNEL, ts: '1700000000.000100' },
      posted: false,
      replies: 1,
    });
    expect(s.slack.messages.map((m) => [m.ts, m.threadTs ?? null, m.text])).toEqual([
      [
        '1700000000.000100',
        null,
        `CRITICAL: \`Access key ${LEAKED_KEY} reported leaked by slack:U0000ALICE\` · open · 0 done · 1 waiting for approval`,
      ],
      [
        '1700000000.000200',
        '1700000000.000100',
        `\`signal cloudtrail-detection\` \`alice created IAM user backup-0 with key ${LEAKED_KEY}\``,
      ],
    ]);
    expect(JSON.stringify(s.slack.messages[0]?.blocks)).toContain('updated 2026-11-22T03:01:00.000Z');
  });

  it(`folds 1000 new signals into at most ${MAX_REPLIES_PER_REFRESH} replies`, async () => {
    // Prepare
    const s = setup();
    const approval = await requestedIncident(s);
    await refreshThread(approval.incidentId, s.thread);
    await addSignals(s, approval.incidentId, 1000);

    // Act
    const refreshed = await refreshThread(approval.incidentId, s.thread);

    // Assess
    const replies = s.slack.visible(CHANNEL, '1700000000.000100').map((m) => m.text);
    expect(refreshed?.replies).toBe(replies.length);
    expect(replies.length).toBeLessThanOrEqual(MAX_REPLIES_PER_REFRESH);
    expect(replies).toEqual([
      `\`signal cloudtrail-detection\` \`alice created IAM user backup-0 with key ${LEAKED_KEY}\``,
      `\`signal cloudtrail-detection\` \`alice created IAM user backup-1 with key ${LEAKED_KEY}\``,
      `\`signal cloudtrail-detection\` \`alice created IAM user backup-2 with key ${LEAKED_KEY}\``,
      `997 more \`signal cloudtrail-detection\` (e.g. \`alice created IAM user backup-3 with key ${LEAKED_KEY}\`)`,
    ]);
    expect((await s.store.getIncident(approval.incidentId))?.slackThread?.signalsTold).toBe(1000);
  });

  it('posts no reply when nothing is new', async () => {
    // Prepare
    const s = setup();
    const approval = await requestedIncident(s);
    await refreshThread(approval.incidentId, s.thread);
    await addSignals(s, approval.incidentId, 3);
    await refreshThread(approval.incidentId, s.thread);
    const posted = s.slack.messages.length;

    // Act
    const refreshed = await refreshThread(approval.incidentId, s.thread);

    // Assess
    expect(refreshed?.replies).toBe(0);
    expect(s.slack.messages).toHaveLength(posted);
  });

  it('tells a denial recorded after later actions, and tells nothing twice', async () => {
    // Prepare
    const s = setup();
    const approval = await requestedIncident(s);
    await refreshThread(approval.incidentId, s.thread);
    // Two minutes later the responder contains the same key on its own (AWS Health reported it).
    s.clock.set(at(2));
    await respondToSignal(leakedKeySignal({ observedAt: at(2).toISOString() }), s.deps);
    await refreshThread(approval.incidentId, s.thread);
    const told = s.slack.visible(CHANNEL, '1700000000.000100').map((m) => m.text);
    // Then U0000BOB denies the request, which the denied step records.
    s.clock.set(at(5));
    await s.store.decideApproval(approval.approvalId, 'denied', 'slack:U0000BOB', at(5));
    await s.store.appendActionRecord(
      approvalRecord(approval, 'denied', 'slack:U0000BOB', at(5).toISOString()),
    );

    // Act
    await refreshThread(approval.incidentId, s.thread);

    // Assess
    const replies = s.slack.visible(CHANNEL, '1700000000.000100').map((m) => m.text);
    expect(replies.slice(told.length)).toEqual([
      `\`aws.iam.deactivate-access-key denied\` \`denied: aws.iam.deactivate-access-key ${LEAKED_KEY}\``,
    ]);
  });

  it('leaves exactly one parent when two first refreshes race, the loser taking its own back', async () => {
    // Prepare
    const s = setup();
    const approval = await requestedIncident(s);

    // Act
    const results = await Promise.all([
      refreshThread(approval.incidentId, s.thread),
      refreshThread(approval.incidentId, s.thread),
    ]);

    // Assess
    const parents = s.slack.visible(CHANNEL).filter((m) => m.threadTs === undefined);
    expect(parents).toHaveLength(1);
    expect(s.slack.messages.filter((m) => m.deleted)).toHaveLength(1);
    expect((await s.store.getIncident(approval.incidentId))?.slackThread?.ts).toBe(parents[0]?.ts);
    expect(results.map((r) => r?.posted).sort()).toEqual([false, true]);
    expect(results.map((r) => r?.thread)).toEqual([
      { channel: CHANNEL, ts: parents[0]?.ts },
      { channel: CHANNEL, ts: parents[0]?.ts },
    ]);
  });

  it('answers undefined for an unknown incident, posting nothing', async () => {
    // Prepare
    const s = setup();

    // Act
    const refreshed = await refreshThread('ato-20261122-0000000', s.thread);

    // Assess
    expect(refreshed).toBeUndefined();
    expect(s.slack.messages).toEqual([]);
  });
});

describe('approvalsOf', () => {
  it('gives each approval the records asked for once, as the store holds it now', async () => {
    // Prepare
    const store = new MemoryIncidentStore();
    const approval = await pendingApproval(store, 'ato-20261122-1nhfqcb', {
      kind: 'aws.iam.attach-deny-all',
      target: { accessKeyId: LEAKED_KEY },
    });
    await store.decideApproval(approval.approvalId, 'denied', 'slack:U0000BOB', NOW);
    const records: ActionRecord[] = [
      ...(await store.listActionRecords('ato-20261122-1nhfqcb')),
      approvalRecord(approval, 'denied', 'slack:U0000BOB', NOW.toISOString()),
      approvalRecord({ ...approval, approvalId: 'apr-gone' }, 'pending-approval', 'x', NOW.toISOString()),
    ];

    // Act
    const approvals = await approvalsOf(records, store);

    // Assess
    expect(approvals).toEqual([
      { ...approval, status: 'denied', decidedBy: 'slack:U0000BOB', decidedAt: NOW.toISOString() },
    ]);
  });
});

describe('onIncidentNotified', () => {
  it('starts the runbook of each pending approval no runbook waits for, the right one per kind', async () => {
    // Prepare
    const s = setup();
    const incident = await containedIncident(s);
    const [quarantine] = await requestedApprovals(incident.escalations, s.store);
    const pause = await pendingApproval(s.store, incident.id, {
      kind: 'aws.ses.pause-sending',
      target: { region: 'eu-west-1', configurationSets: [] },
    });
    const removal = await pendingApproval(s.store, incident.id, {
      kind: 'aws.iam.delete-user',
      target: { userName: 'support-backup' },
    });
    const lockdown = await pendingApproval(s.store, incident.id, {
      kind: 'twilio.voice.restrict-dialing-countries',
      target: { accountSid: `AC${'a'.repeat(32)}`, allowedCountries: ['US'] },
    });
    const ips = await pendingApproval(s.store, incident.id, {
      kind: 'sendgrid.access.restrict-ips',
      target: { allowedIps: ['192.0.2.0/24'], keepIps: [] },
    });
    await pendingApproval(
      s.store,
      incident.id,
      { kind: 'aws.iam.delete-login-profile', target: { userName: 'support-backup' } },
      { runbook: { name: 'remove-rogue-principals', taskToken: 'AQCEAAAAKgEXAMPLE' } },
    );
    await pendingApproval(
      s.store,
      incident.id,
      { kind: 'aws.iam.detach-policy', target: { holder: { type: 'user', name: 'x' }, policyName: 'p' } },
      { status: 'denied', decidedBy: 'slack:U0000BOB' },
    );

    // Act
    const outcome = await onIncidentNotified(incident.id, s.notified);

    // Assess
    const asked: [RunbookName, string][] = [
      ['contain-key', quarantine?.approvalId ?? '?'],
      ['pause-ses', pause.approvalId],
      ['remove-rogue-principals', removal.approvalId],
      ['twilio-lockdown', lockdown.approvalId],
      ['sendgrid-lockdown', ips.approvalId],
    ];
    const expected = asked.map(([runbook, name]) => ({ runbook, name, input: { approvalId: name } }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(outcome.found).toBe(true);
    expect(outcome.started.slice().sort()).toEqual(expected.map((e) => e.name).sort());
    expect(s.runbooks.started.slice().sort(byName)).toEqual(expected.sort(byName));
    expect(s.slack.visible(CHANNEL).filter((m) => m.threadTs === undefined)).toHaveLength(1);
  });

  it('starts nothing new on a second notification of the same approvals', async () => {
    // Prepare
    const s = setup();
    const incident = await containedIncident(s);
    const first = await onIncidentNotified(incident.id, s.notified);

    // Act
    const second = await onIncidentNotified(incident.id, s.notified);

    // Assess
    expect(first.started).toHaveLength(1);
    expect(second).toEqual({ incidentId: incident.id, found: true, started: [] });
    expect(s.runbooks.started).toHaveLength(1);
    expect(s.slack.visible(CHANNEL).filter((m) => m.threadTs === undefined)).toHaveLength(1);
  });

  it('says an unknown incident was not found, starting and posting nothing', async () => {
    // Prepare
    const s = setup();
    const store = new MemoryIncidentStore();

    // Act
    const outcome = await onIncidentNotified('ato-20261122-0000000', {
      ...s.notified,
      store,
      clock: fixedClock(),
    });

    // Assess
    expect(outcome).toEqual({ incidentId: 'ato-20261122-0000000', found: false, started: [] });
    expect(s.runbooks.started).toEqual([]);
    expect(s.slack.messages).toEqual([]);
  });
});
