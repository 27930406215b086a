/**
 * An action a read-only step proposes for a person to approve (a suspect key to deactivate, a rogue
 * subaccount to suspend): named after the step that found it, so the same finding asked twice is the
 * same approval, and stored as pending. It runs only through `ato approve`.
 */
import type { Action, ActionSpec, PendingApproval } from './action';
import type { ExecuteDeps } from './execute';
import { pendingApprovalFor } from './investigation/evidence';
import type { InventorySnapshot } from './ports';

export async function proposeFollowUp(
  parent: Action,
  /** What makes the follow-up unique under its parent (a key id, a SID). */
  suffix: string,
  spec: ActionSpec,
  options: { reversible: boolean; reason: string },
  deps: Pick<ExecuteDeps, 'clock' | 'store'>,
): Promise<PendingApproval> {
  const action = {
    ...spec,
    id: `${parent.id}/${suffix}`,
    incidentId: parent.incidentId,
    phase: 'containment',
    mode: parent.mode,
    approval: 'required',
    ...options,
  } as Action;
  const approval = pendingApprovalFor(action, deps.clock.now());
  await deps.store.putApproval(approval);
  return approval;
}

/** A change an audit asks a person to approve. */
export interface Proposal {
  /** The words after "To " in the request to a person. */
  what: string;
  /** What makes it unique under the audit (a key id, a SID). */
  suffix: string;
  spec: ActionSpec;
  reversible: boolean;
  reason: string;
}

/** Stores the first `max` proposals as pending approvals; each, with its approval id, for the request to a person. */
export async function proposeAll(
  parent: Action,
  proposals: readonly Proposal[],
  max: number,
  deps: Pick<ExecuteDeps, 'clock' | 'store'>,
): Promise<{ what: string; approvalId: string }[]> {
  const proposed = [];
  for (const p of proposals.slice(0, max)) {
    const approval = await proposeFollowUp(
      parent,
      p.suffix,
      p.spec,
      { reversible: p.reversible, reason: p.reason },
      deps,
    );
    proposed.push({ what: p.what, approvalId: approval.approvalId });
  }
  return proposed;
}

/** The last scheduled audit's snapshot of an account; undefined when none ran or it cannot be read (never fatal to an audit). */
export async function lastSnapshot(
  deps: Pick<ExecuteDeps, 'snapshots'>,
  provider: InventorySnapshot['provider'],
  account: string,
): Promise<InventorySnapshot | undefined> {
  try {
    return await deps.snapshots?.getSnapshot(provider, account);
  } catch {
    return undefined;
  }
}
