/**
 * The steps of a runbook's state machine (lib/runbooks.ts), one Lambda for all: ask for the approval
 * (keep the task token with it, show the buttons), run what was approved (the same executor as
 * `ato approve`), record a denial, close an approval nobody decided in time. Each step ends by
 * refreshing the incident's Slack thread; a Slack failure there never undoes or repeats the step.
 */
import type { PendingApproval } from './action';
import { approvalRecord } from './approval-records';
import { runApproved } from './approve';
import type { ExecuteDeps } from './execute';
import type { ApprovalDecision, RunbookPort, RunbookStepInput } from './slack-ports';
import { refreshThread, type ThreadDeps } from './slack-thread';

export interface RunbookStepDeps extends Omit<ExecuteDeps, 'approvedBy' | 'approvalId'> {
  runbooks: Pick<RunbookPort, 'approve' | 'deny'>;
  /** Absent when Slack is not set up: the steps still run and record; nothing is posted. */
  thread?: Omit<ThreadDeps, 'store' | 'clock'>;
  /** A Slack failure is logged, never thrown: the step's work is done and recorded. */
  warn: (message: string, error: unknown) => void;
}

/** The task output: what the step did, for the execution's history (never a token). */
export interface StepResult {
  approvalId: string;
  outcome: 'asked' | 'already-decided' | 'carried-out' | 'not-carried-out' | 'denied' | 'expired';
  detail?: string;
  records?: { kind: string; status: string; error?: string }[];
}

export async function runbookStep(input: RunbookStepInput, deps: RunbookStepDeps): Promise<StepResult> {
  const approval = await deps.store.getApproval(input.approvalId);
  if (!approval) throw new Error(`no approval ${input.approvalId}`);
  switch (input.step) {
    case 'request-approval':
      return requestApproval(approval, input.runbook, input.taskToken, deps);
    case 'execute': {
      const outcome = await runApproved(approval.approvalId, deps);
      await refresh(approval, deps);
      if (!outcome.ok)
        return { approvalId: approval.approvalId, outcome: 'not-carried-out', detail: outcome.reason };
      return {
        approvalId: approval.approvalId,
        outcome: 'carried-out',
        records: outcome.records.map((r) => ({
          kind: r.kind,
          status: r.status,
          ...(r.error ? { error: r.error } : {}),
        })),
        ...(outcome.retryApprovalId ? { detail: `failed; asked again as ${outcome.retryApprovalId}` } : {}),
      };
    }
    case 'denied':
      await recordClosed(approval, 'denied', approval.decidedBy ?? 'unknown', deps);
      await refresh(approval, deps);
      return {
        approvalId: approval.approvalId,
        outcome: 'denied',
        detail: `by ${approval.decidedBy ?? '?'}`,
      };
    case 'expire': {
      const now = deps.clock.now();
      const closed = await deps.store.decideApproval(approval.approvalId, 'expired', 'timeout', now);
      if (closed) await recordClosed(approval, 'expired', 'timeout', deps);
      await refresh(approval, deps);
      return {
        approvalId: approval.approvalId,
        outcome: 'expired',
        detail: closed ? 'nobody decided in time' : `already ${approval.status}`,
      };
    }
  }
}

/**
 * Keep the token with the approval and show the buttons. An approval decided meanwhile (`ato approve`
 * from a laptop) answers its own token at once: the runbook goes on without waiting an hour.
 */
async function requestApproval(
  approval: PendingApproval,
  runbook: string,
  taskToken: string,
  deps: RunbookStepDeps,
): Promise<StepResult> {
  if (approval.status !== 'pending') {
    const by = approval.decidedBy ?? 'someone';
    const decision: ApprovalDecision = {
      decision: 'approved',
      by,
      at: approval.decidedAt ?? deps.clock.now().toISOString(),
    };
    // The execute step finds an approval carried out by `ato approve` already done, and does nothing.
    if (approval.status === 'approved') await deps.runbooks.approve(taskToken, decision);
    else await deps.runbooks.deny(taskToken, by);
    return { approvalId: approval.approvalId, outcome: 'already-decided', detail: approval.status };
  }
  const now = deps.clock.now();
  const minutes = deps.config.slack.approvalMinutes;
  await deps.store.putApproval({
    ...approval,
    expiresAt: approval.expiresAt ?? new Date(now.getTime() + minutes * 60_000).toISOString(),
    runbook: { name: runbook, taskToken },
  });
  await refresh(approval, deps);
  return { approvalId: approval.approvalId, outcome: 'asked' };
}

/** A denial or an expiry in the incident's action log: who, when, what it was about. */
async function recordClosed(
  approval: PendingApproval,
  status: 'denied' | 'expired',
  by: string,
  deps: RunbookStepDeps,
): Promise<void> {
  const at = approval.decidedAt ?? deps.clock.now().toISOString();
  await deps.store.appendActionRecord(approvalRecord(approval, status, by, at));
}

async function refresh(approval: PendingApproval, deps: RunbookStepDeps): Promise<void> {
  if (!deps.thread) return;
  try {
    await refreshThread(approval.incidentId, { ...deps.thread, store: deps.store, clock: deps.clock });
  } catch (error) {
    deps.warn(`Slack thread of incident ${approval.incidentId} not refreshed`, error);
  }
}
