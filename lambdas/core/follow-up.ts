/**
 * An action a read-only step proposes for a person to approve (a suspect key to deactivate, a rogue
 * subaccount to suspend): named after the step that found it, so the same finding asked twice is the
 * same approval, and stored as pending. It runs only through `ato approve`.
 */
import type { Action, ActionSpec, PendingApproval } from './action';
import type { ExecuteDeps } from './execute';
import { pendingApprovalFor } from './investigation/evidence';

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
