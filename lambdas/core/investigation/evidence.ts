/**
 * What an investigation leaves on its incident: one escalation line a person reads in the
 * incident (`ato report`, the next notification), and a pending approval per proposed removal.
 * It is not an ActionRecord: an investigation reads, it acts on nothing, so there is no
 * before/after to audit or undo.
 */
import type { Action, PendingApproval } from '../action';
import { approvalIdFor } from '../ids';
import type { Count, Investigation } from './investigation';
import type { Clock, IncidentStore } from '../ports';
import { ConcurrentUpdateError } from '../ports';
import type { KeyDeactivation } from './ports';

/** Each list in the escalation line names this many, then says how many more the report has. */
const LISTED = 5;
/** A lost race means another writer saved meanwhile (the responder finishing its run): re-read, re-add. */
const MAX_SAVE_ATTEMPTS = 5;

/**
 * Names one investigation among the incident's escalations: the key, and when it was deactivated
 * (a key re-enabled and deactivated again is investigated again). A redelivered stream record
 * finds it and stops before the 15-minute lookup runs a second time.
 */
export function investigationMarker(deactivation: KeyDeactivation): string {
  return `Investigation of ${deactivation.accessKeyId} (deactivated ${deactivation.deactivatedAt}):`;
}

/** Same derivation as the executor's approvals: the same proposal asks under the same id, again and again. */
export function pendingApprovalFor(action: Action, requestedAt: Date): PendingApproval {
  return {
    approvalId: approvalIdFor(action.id),
    incidentId: action.incidentId,
    action,
    requestedAt: requestedAt.toISOString(),
    reason: action.reason,
    status: 'pending',
  };
}

function listed(items: readonly (Count & { country?: string })[]): string {
  if (items.length === 0) return 'none';
  const shown = items
    .slice(0, LISTED)
    .map((c) => `${c.name}${c.country ? ` (${c.country})` : ''} ×${c.count}`)
    .join(', ');
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}

function approvalsText(approvals: readonly PendingApproval[]): string {
  if (approvals.length === 0) return 'no removal to approve';
  const ids = approvals.slice(0, LISTED).map((a) => a.approvalId);
  const more = approvals.length > LISTED ? ` and ${approvals.length - LISTED} more` : '';
  return `${approvals.length} removal(s) awaiting approval (ato approve ${ids.join(', ')}${more})`;
}

/** The summary as one line: services, regions, source IPs and what was left behind. */
export function summaryEscalation(
  deactivation: KeyDeactivation,
  investigation: Investigation,
  approvals: readonly PendingApproval[],
): string {
  const { summary } = investigation;
  const gaps = investigation.gaps.length
    ? `; ${investigation.gaps.length} lookup(s) failed, the timeline has gaps`
    : '';
  return (
    `${investigationMarker(deactivation)} ${summary.events} event(s), ${summary.failed} failed` +
    `; services: ${listed(summary.services)}` +
    `; regions: ${listed(summary.regions)}` +
    `; source IPs: ${listed(summary.sourceIps)}` +
    `; rogue items: ${investigation.rogue.length}; ${approvalsText(approvals)}${gaps}.`
  );
}

/**
 * Add the line to the incident unless it holds this investigation already. False when the
 * incident is gone or already has it.
 */
export async function addEscalation(
  incidentId: string,
  line: string,
  marker: string,
  deps: { store: IncidentStore; clock: Clock },
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const incident = await deps.store.getIncident(incidentId);
    if (!incident || incident.escalations.some((e) => e.startsWith(marker))) return false;
    try {
      await deps.store.saveIncident({
        ...incident,
        escalations: [...incident.escalations, line],
        updatedAt: deps.clock.now().toISOString(),
      });
      return true;
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_SAVE_ATTEMPTS) throw error;
    }
  }
}
