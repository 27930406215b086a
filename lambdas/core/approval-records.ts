/**
 * The action log's entries for an approval that did not run: asked (waiting for a person), denied by
 * one, or expired with nobody deciding. Who, when, what it was about, and that nothing was done.
 */
import type { ActionRecord, PendingApproval } from './action';

export function approvalRecord(
  approval: PendingApproval,
  status: 'pending-approval' | 'denied' | 'expired',
  actor: string,
  at: string,
): ActionRecord {
  const { action } = approval;
  return {
    actionId: action.id,
    incidentId: approval.incidentId,
    kind: action.kind,
    target: action.target,
    mode: action.mode,
    approval: 'required',
    status,
    actor,
    ...(status === 'denied' ? { approvedBy: actor } : {}),
    approvalId: approval.approvalId,
    reason: approval.reason,
    // A decision is its own entry, after the request's (they share the action id).
    startedAt: status === 'pending-approval' ? approval.requestedAt : at,
    finishedAt: at,
    undo:
      status === 'pending-approval'
        ? `nothing to undo until approved (${approval.approvalId})`
        : 'nothing was done',
  };
}
