/**
 * The steps of a runbook's state machine, through the real store, executor and memory IAM: ask for
 * the approval (token kept, buttons shown, never the token), run what was approved once, record a
 * denial, close an approval nobody decided in time; a Slack failure is a warning, never the step's.
 */
import { InMemoryRunbooks } from '../../lambdas/providers/memory/runbooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PendingApproval } from '../../lambdas/core/action';
import { decide } from '../../lambdas/core/approve';
import type { IncidentStore } from '../../lambdas/core/ports';
import { ProviderError } from '../../lambdas/core/ports';
import { respondToSignal } from '../../lambdas/core/respond';
import { type RunbookStepDeps, runbookStep } from '../../lambdas/core/runbook-steps';
import { requestRunbook } from '../../lambdas/core/slack-runbook-request';
import { FileIncidentStore } from '../../lambdas/providers/file-store';
import { InMemorySlack } from '../../lambdas/providers/memory/slack';
import { LEAKED_KEY, NOW, config, leakedKeySignal } from './builders';
import { harness, requestedApprovals } from './harness';

const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAT0kEXAMPLETASKTOKEN';
const CHANNEL = 'C0000ATO';
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function setup(options: { store?: IncidentStore; slackSetUp?: boolean } = {}) {
  const { store, slackSetUp = true } = options;
  const h = harness({
    config: config({
      slack: {
        enabled: true,
        appId: 'A0000APP',
        teamId: 'T0000TEAM',
        channel: CHANNEL,
        approvers: ['U0000ALICE', 'U0000BOB'],
        approvalMinutes: 30,
      },
    }),
  });
  const slack = new InMemorySlack();
  const tasks = new InMemoryRunbooks();
  const warnings: { message: string; error: unknown }[] = [];
  const deps: RunbookStepDeps = {
    ...h.deps,
    ...(store ? { store } : {}),
    runbooks: tasks,
    ...(slackSetUp ? { thread: { slack, channel: CHANNEL } } : {}),
    warn: (message, error) => warnings.push({ message, error }),
  };
  return { ...h, store: deps.store, slack, tasks, warnings, deps };
}

/** `/ato contain-key` by U0000ALICE: the deactivation of the leaked key, waiting for approval. */
async function containKeyRequest(s: ReturnType<typeof setup>): Promise<PendingApproval> {
  const request = await requestRunbook(
    { name: 'contain-key', accessKeyId: LEAKED_KEY, reason: 'leaked in a public gist' },
    'U0000ALICE',
    { store: s.store, clock: s.clock, config: s.deps.config, accountId: '123456789012', region: 'us-east-1' },
  );
  if (!request.ok) throw new Error(request.message);
  return request.approval;
}

const step = (
  name: 'execute' | 'denied' | 'expire',
  approvalId: string,
): Parameters<typeof runbookStep>[0] => ({ step: name, runbook: 'contain-key', approvalId });
const requestApproval = (approvalId: string): Parameters<typeof runbookStep>[0] => ({
  step: 'request-approval',
  runbook: 'contain-key',
  approvalId,
  taskToken: TOKEN,
});

describe('request-approval', () => {
  it('keeps the token with the pending approval and shows its buttons in the incident’s thread', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);

    // Act
    const result = await runbookStep(requestApproval(approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({ approvalId: approval.approvalId, outcome: 'asked' });
    expect(await s.store.getApproval(approval.approvalId)).toEqual({
      ...approval,
      expiresAt: '2026-11-22T03:30:00.000Z',
      runbook: { name: 'contain-key', taskToken: TOKEN },
    });
    expect(s.slack.messages.map((m) => [m.channel, m.threadTs])).toEqual([[CHANNEL, undefined]]);
    const buttons = (s.slack.messages[0]?.blocks ?? []).flatMap((b) =>
      b.type === 'actions' ? b.elements : [],
    );
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      ['ato.approve', approval.approvalId],
      ['ato.deny', approval.approvalId],
    ]);
    expect(JSON.stringify(s.slack.messages)).not.toContain(TOKEN);
    expect((await s.store.getIncident(approval.incidentId))?.slackThread).toEqual({
      channel: CHANNEL,
      ts: '1700000000.000100',
      signalsTold: 0,
      recordsTold: 1,
    });
    expect(s.warnings).toEqual([]);
  });

  it('gives an approval of the responder’s own plan its expiry from when the runbook asks', async () => {
    // Prepare
    const s = setup();
    const outcome = await respondToSignal(leakedKeySignal(), s.deps);
    const [quarantine] = await requestedApprovals(
      outcome.status === 'handled' ? outcome.incident.escalations : [],
      s.store,
    );
    if (!quarantine) throw new Error('expected the quarantine to wait for approval');
    s.clock.set(at(2));

    // Act
    await runbookStep(requestApproval(quarantine.approvalId), s.deps);

    // Assess
    expect(await s.store.getApproval(quarantine.approvalId)).toEqual({
      ...quarantine,
      expiresAt: '2026-11-22T03:32:00.000Z',
      runbook: { name: 'contain-key', taskToken: TOKEN },
    });
  });

  it('answers the token at once for an approval `ato approve` decided meanwhile, showing no button', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    s.clock.set(at(1));
    await decide(approval.approvalId, 'approved', 'cli:jane', { ...s.deps, actor: 'cli:jane' });
    s.clock.set(at(2));

    // Act
    const result = await runbookStep(requestApproval(approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'already-decided',
      detail: 'approved',
    });
    expect(s.tasks.approved).toEqual([
      { taskToken: TOKEN, decision: { decision: 'approved', by: 'cli:jane', at: at(1).toISOString() } },
    ]);
    expect(s.tasks.denied).toEqual([]);
    expect((await s.store.getApproval(approval.approvalId))?.runbook).toBeUndefined();
    expect(s.slack.messages).toEqual([]);
  });

  it('fails the token at once for an approval `ato approve` denied meanwhile', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await decide(approval.approvalId, 'denied', 'cli:jane', { ...s.deps, actor: 'cli:jane' });

    // Act
    const result = await runbookStep(requestApproval(approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({ approvalId: approval.approvalId, outcome: 'already-decided', detail: 'denied' });
    expect(s.tasks.denied).toEqual([{ taskToken: TOKEN, by: 'cli:jane' }]);
    expect(s.tasks.approved).toEqual([]);
  });

  it('throws for an approval the store does not hold', async () => {
    // Act
    const running = runbookStep(requestApproval('apr-00000000000000'), setup().deps);

    // Assess
    await expect(running).rejects.toThrow('no approval apr-00000000000000');
  });
});

describe('execute', () => {
  it('carries out the approved deactivation through the executor, as approved by the clicker', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await s.store.decideApproval(approval.approvalId, 'approved', 'slack:U0000BOB', at(1));
    s.clock.set(at(1));

    // Act
    const result = await runbookStep(step('execute', approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'carried-out',
      records: [{ kind: 'aws.iam.deactivate-access-key', status: 'done' }],
    });
    expect(s.iam.calls).toEqual([
      { operation: 'GetAccessKeyLastUsed', params: { AccessKeyId: LEAKED_KEY } },
      {
        operation: 'UpdateAccessKey',
        params: { UserName: 'alice', AccessKeyId: LEAKED_KEY, Status: 'Inactive' },
      },
    ]);
    expect(s.iam.user('alice')?.accessKeys[0]).toEqual({ accessKeyId: LEAKED_KEY, status: 'Inactive' });
    expect((await s.store.listActionRecords(approval.incidentId)).at(-1)).toMatchObject({
      kind: 'aws.iam.deactivate-access-key',
      target: { accessKeyId: LEAKED_KEY, userName: 'alice' },
      status: 'done',
      actor: 'ato-responder',
      approvedBy: 'slack:U0000BOB',
      approvalId: approval.approvalId,
    });
    expect((await s.store.getIncident(approval.incidentId))?.status).toBe('contained');
  });

  it('does nothing when run a second time (a retried invocation)', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await s.store.decideApproval(approval.approvalId, 'approved', 'slack:U0000BOB', at(1));
    await runbookStep(step('execute', approval.approvalId), s.deps);
    const calls = s.iam.calls.length;
    const records = (await s.store.listActionRecords(approval.incidentId)).length;

    // Act
    const again = await runbookStep(step('execute', approval.approvalId), s.deps);

    // Assess
    expect(again).toEqual({
      approvalId: approval.approvalId,
      outcome: 'not-carried-out',
      detail: `approval ${approval.approvalId} was already carried out`,
    });
    expect(s.iam.calls).toHaveLength(calls);
    expect(await s.store.listActionRecords(approval.incidentId)).toHaveLength(records);
  });

  it('does nothing for an approval `ato approve` already carried out', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await decide(approval.approvalId, 'approved', 'cli:jane', { ...s.deps, actor: 'cli:jane' });
    const calls = s.iam.calls.length;

    // Act
    const result = await runbookStep(step('execute', approval.approvalId), s.deps);

    // Assess
    expect(result.outcome).toBe('not-carried-out');
    expect(s.iam.calls).toHaveLength(calls);
  });

  it('carries out nothing for an approval still pending', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);

    // Act
    const result = await runbookStep(step('execute', approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'not-carried-out',
      detail: `approval ${approval.approvalId} is pending, not approved`,
    });
    expect(s.iam.calls).toEqual([]);
    expect(s.iam.user('alice')?.accessKeys[0]).toEqual({ accessKeyId: LEAKED_KEY, status: 'Active' });
  });

  it('asks again with a fresh approval when the approved action failed', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await s.store.decideApproval(approval.approvalId, 'approved', 'slack:U0000BOB', at(1));
    s.iam.failNext(
      'UpdateAccessKey',
      new ProviderError('UpdateAccessKey', `user/alice`, 'ServiceFailure', 'try later', false),
      1,
    );

    // Act
    const result = await runbookStep(step('execute', approval.approvalId), s.deps);

    // Assess
    expect(result).toMatchObject({
      approvalId: approval.approvalId,
      outcome: 'carried-out',
      records: [{ kind: 'aws.iam.deactivate-access-key', status: 'failed' }],
    });
    const retryId = /asked again as (apr-\w+)$/.exec(result.detail ?? '')?.[1] ?? '';
    expect(await s.store.getApproval(retryId)).toMatchObject({
      status: 'pending',
      requestedBy: 'slack:U0000ALICE',
      action: { kind: 'aws.iam.deactivate-access-key' },
    });
  });
});

describe('denied', () => {
  it('records the denial in the action log, with who denied and that nothing was done', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await s.store.decideApproval(approval.approvalId, 'denied', 'slack:U0000BOB', at(3));
    s.clock.set(at(4));

    // Act
    const result = await runbookStep(step('denied', approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'denied',
      detail: 'by slack:U0000BOB',
    });
    expect(await s.store.listActionRecords(approval.incidentId)).toEqual([
      expect.objectContaining({ status: 'pending-approval', actor: 'slack:U0000ALICE' }),
      {
        actionId: approval.action.id,
        incidentId: approval.incidentId,
        kind: 'aws.iam.deactivate-access-key',
        target: { accessKeyId: LEAKED_KEY },
        mode: 'enforce',
        approval: 'required',
        status: 'denied',
        actor: 'slack:U0000BOB',
        approvedBy: 'slack:U0000BOB',
        approvalId: approval.approvalId,
        reason: 'slack:U0000ALICE: leaked in a public gist',
        // Its own entry after the request's, not one stamped with the request's time.
        startedAt: at(3).toISOString(),
        finishedAt: at(3).toISOString(),
        undo: 'nothing was done',
      },
    ]);
    expect(s.iam.calls).toEqual([]);
  });

  describe('in the file store as in memory (one store contract)', () => {
    let directory: string;

    beforeAll(async () => {
      directory = await mkdtemp(join(tmpdir(), 'ato-runbook-steps-'));
    });

    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    it('keeps who asked beside who denied: two entries, neither overwriting the other', async () => {
      // Prepare
      const s = setup({ store: new FileIncidentStore(directory) });
      const approval = await containKeyRequest(s);
      await s.store.decideApproval(approval.approvalId, 'denied', 'slack:U0000BOB', at(3));

      // Act
      await runbookStep(step('denied', approval.approvalId), s.deps);

      // Assess
      expect((await s.store.listActionRecords(approval.incidentId)).map((r) => [r.status, r.actor])).toEqual([
        ['pending-approval', 'slack:U0000ALICE'],
        ['denied', 'slack:U0000BOB'],
      ]);
    });
  });
});

describe('expire', () => {
  it('closes an approval nobody decided as expired, and records it', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    s.clock.set(at(30));

    // Act
    const result = await runbookStep(step('expire', approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'expired',
      detail: 'nobody decided in time',
    });
    expect(await s.store.getApproval(approval.approvalId)).toMatchObject({
      status: 'expired',
      decidedBy: 'timeout',
      decidedAt: at(30).toISOString(),
    });
    expect((await s.store.listActionRecords(approval.incidentId)).map((r) => [r.status, r.actor])).toEqual([
      ['pending-approval', 'slack:U0000ALICE'],
      ['expired', 'timeout'],
    ]);
    expect((await s.store.listActionRecords(approval.incidentId))[1]).toMatchObject({
      startedAt: at(30).toISOString(),
      finishedAt: at(30).toISOString(),
      undo: 'nothing was done',
    });
  });

  it('changes nothing for an approval decided meanwhile', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await s.store.decideApproval(approval.approvalId, 'approved', 'slack:U0000BOB', at(29));
    const before = await s.store.getApproval(approval.approvalId);
    s.clock.set(at(30));

    // Act
    const result = await runbookStep(step('expire', approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'expired',
      detail: 'already approved',
    });
    expect(await s.store.getApproval(approval.approvalId)).toEqual(before);
    expect((await s.store.listActionRecords(approval.incidentId)).map((r) => r.status)).toEqual([
      'pending-approval',
    ]);
  });
});

describe('a Slack failure during a step', () => {
  it('is reported through warn, and the step still keeps the token and answers', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    s.slack.failNext('internal_error');

    // Act
    const result = await runbookStep(requestApproval(approval.approvalId), s.deps);

    // Assess
    expect(result).toEqual({ approvalId: approval.approvalId, outcome: 'asked' });
    expect((await s.store.getApproval(approval.approvalId))?.runbook).toEqual({
      name: 'contain-key',
      taskToken: TOKEN,
    });
    expect(s.warnings.map((w) => [w.message, w.error instanceof ProviderError && w.error.message])).toEqual([
      [
        `Slack thread of incident ${approval.incidentId} not refreshed`,
        `chat.postMessage on ${CHANNEL} failed: internal_error: Slack answered ok: false`,
      ],
    ]);
    expect(s.slack.messages).toEqual([]);
  });

  it('does not undo or repeat a carried-out action', async () => {
    // Prepare
    const s = setup();
    const approval = await containKeyRequest(s);
    await s.store.decideApproval(approval.approvalId, 'approved', 'slack:U0000BOB', at(1));
    s.slack.failNext('ratelimited');

    // Act
    const result = await runbookStep(step('execute', approval.approvalId), s.deps);

    // Assess
    expect(result.outcome).toBe('carried-out');
    expect(s.warnings.map((w) => w.message)).toEqual([
      `Slack thread of incident ${approval.incidentId} not refreshed`,
    ]);
    expect(s.iam.user('alice')?.accessKeys[0]).toEqual({ accessKeyId: LEAKED_KEY, status: 'Inactive' });
  });

  it('posts nothing and warns of nothing when Slack is not set up', async () => {
    // Prepare
    const s = setup({ slackSetUp: false });
    const approval = await containKeyRequest(s);

    // Act
    const result = await runbookStep(requestApproval(approval.approvalId), s.deps);

    // Assess
    expect(result.outcome).toBe('asked');
    expect(s.slack.messages).toEqual([]);
    expect(s.warnings).toEqual([]);
  });
});
