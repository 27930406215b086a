/** A person decides a pending approval; an approved action runs through the same executor. */
import type { Action, ActionRecord, PendingApproval } from './action';
import type { ExecuteDeps } from './execute';
import { executePlan } from './execute';
import { approvalIdFor } from './ids';
import { saveMerged } from './respond';
import type { Incident } from './incident';

export type ApprovalOutcome =
  | {
      ok: true;
      incident: Incident;
      records: ActionRecord[];
      /** When the approved action failed: a fresh approval to try again once the cause is fixed. */
      retryApprovalId?: string;
    }
  | { ok: false; reason: string };

export async function decide(
  approvalId: string,
  decision: 'approved' | 'denied',
  by: string,
  deps: Omit<ExecuteDeps, 'approvedBy' | 'approvalId'>,
): Promise<ApprovalOutcome> {
  const approval = await deps.store.getApproval(approvalId);
  if (!approval) return { ok: false, reason: `no approval ${approvalId}` };
  if (approval.status !== 'pending') {
    return {
      ok: false,
      reason: `approval ${approvalId} was already ${approval.status} by ${approval.decidedBy ?? 'someone'}`,
    };
  }
  const incident = await deps.store.getIncident(approval.incidentId);
  if (!incident)
    return { ok: false, reason: `incident ${approval.incidentId} of approval ${approvalId} not found` };
  if (!(await deps.store.decideApproval(approvalId, decision, by, deps.clock.now()))) {
    return { ok: false, reason: `approval ${approvalId} was decided by someone else meanwhile, or expired` };
  }
  if (decision === 'denied') return { ok: true, incident, records: [] };
  return runDecided({ ...approval, status: 'approved', decidedBy: by }, incident, deps);
}

/**
 * Run an approval that was decided `approved` elsewhere (a Slack click, whose runbook then runs this
 * step): the same executor as `decide`. Refuses one that is not approved.
 */
export async function runApproved(
  approvalId: string,
  deps: Omit<ExecuteDeps, 'approvedBy' | 'approvalId'>,
): Promise<ApprovalOutcome> {
  const approval = await deps.store.getApproval(approvalId);
  if (!approval) return { ok: false, reason: `no approval ${approvalId}` };
  if (approval.status !== 'approved')
    return { ok: false, reason: `approval ${approvalId} is ${approval.status}, not approved` };
  const incident = await deps.store.getIncident(approval.incidentId);
  if (!incident)
    return { ok: false, reason: `incident ${approval.incidentId} of approval ${approvalId} not found` };
  // A step run twice (a retried invocation) must not act twice.
  const ran = (await deps.store.listActionRecords(incident.id)).some(
    (r) => r.approvalId === approvalId && r.status !== 'pending-approval',
  );
  if (ran) return { ok: false, reason: `approval ${approvalId} was already carried out` };
  return runDecided(approval, incident, deps);
}

async function runDecided(
  approval: PendingApproval,
  incident: Incident,
  deps: Omit<ExecuteDeps, 'approvedBy' | 'approvalId'>,
): Promise<ApprovalOutcome> {
  const { approvalId } = approval;
  const by = approval.decidedBy ?? 'unknown';
  // Sessions minted between the request and the approval must be revoked too.
  const action =
    approval.action.kind === 'aws.iam.revoke-older-sessions'
      ? {
          ...approval.action,
          target: { ...approval.action.target, issuedBefore: deps.clock.now().toISOString() },
        }
      : approval.action;
  const plan = {
    incidentId: incident.id,
    actions: [action, ...followers(action), ...(approval.with ?? [])],
    skipped: [],
    escalations: [],
    budgetHeld: false,
  };
  const result = await executePlan(plan, incident, { ...deps, approvedBy: by, approvalId });
  // Putting back is not a new turn of the incident: a resolved one stays resolved (another region's
  // resume asks for that).
  if (action.kind === 'aws.ses.resume-sending' || action.kind === 'ato.incident.undo')
    result.incident.status = incident.status;
  const failed = result.records.find((r) => r.status === 'failed' || r.status === 'refused');
  let retryApprovalId: string | undefined;
  if (failed) {
    // The decision is spent, the need is not: queue the same action again rather than lose it.
    const now = deps.clock.now();
    retryApprovalId = approvalIdFor(`${approval.action.id}@${now.toISOString()}`);
    // A fresh request: nobody has voted on it, and no runbook waits for it yet.
    await deps.store.putApproval({
      approvalId: retryApprovalId,
      incidentId: approval.incidentId,
      action: approval.action,
      ...(approval.with ? { with: approval.with } : {}),
      ...(approval.requestedBy ? { requestedBy: approval.requestedBy } : {}),
      requestedAt: now.toISOString(),
      reason: `${approval.reason} (again: approval ${approvalId} failed: ${failed.error ?? failed.status})`,
      status: 'pending',
    });
    result.incident.escalations.push(
      `Approved ${approval.action.kind} failed (${failed.error ?? failed.status}); to try again: ato approve ${retryApprovalId}.`,
    );
  }
  const saved = await saveMerged(result.incident, deps);
  return {
    ok: true,
    incident: saved,
    records: result.records,
    ...(retryApprovalId ? { retryApprovalId } : {}),
  };
}

/** What an approved action brings along: an SES pause, the failover flag it was planned with. */
function followers(action: Action): Action[] {
  if (action.kind !== 'aws.ses.pause-sending' || !action.target.failoverFlag) return [];
  return [
    {
      id: `${action.id}/failover-flag`,
      incidentId: action.incidentId,
      kind: 'aws.ssm.set-failover-flag',
      target: action.target.failoverFlag,
      phase: 'containment',
      mode: action.mode,
      approval: 'required',
      reversible: true,
      reason: `raised with the approved pause of SES sending in ${action.target.region}`,
    },
  ];
}
