/** A person decides a pending approval; an approved action runs through the same executor. */
import type { ActionRecord } from './action';
import type { ExecuteDeps } from './execute';
import { executePlan } from './execute';
import { saveMerged } from './respond';
import type { Incident } from './incident';

export type ApprovalOutcome =
  { ok: true; incident: Incident; records: ActionRecord[] } | { ok: false; reason: string };

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
    return { ok: false, reason: `approval ${approvalId} was decided by someone else meanwhile` };
  }
  if (decision === 'denied') return { ok: true, incident, records: [] };
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
    actions: [action],
    skipped: [],
    escalations: [],
    budgetHeld: false,
  };
  const result = await executePlan(plan, incident, { ...deps, approvedBy: by, approvalId });
  const saved = await saveMerged(result.incident, deps);
  return { ok: true, incident: saved, records: result.records };
}
