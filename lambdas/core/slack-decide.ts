/**
 * A click on an approval's button in Slack, judged and counted: a refusal to tell the clicker
 * (not an approver, their own request, expired, already decided); a vote recorded while more
 * approvers are needed; or the decision, with who made it, for the executor (`decide`). Counting is
 * a conditional write: two approvers clicking at once cannot both be the one that was missing.
 */
import type { PendingApproval } from './action';
import type { ResponderConfig } from './config';
import type { Clock, IncidentStore } from './ports';
import { judgeVote } from './slack-approval';

export type SlackClickOutcome =
  | { outcome: 'refused'; message: string }
  | { outcome: 'voted'; message: string; votes: string[]; needed: number }
  | { outcome: 'decide'; decision: 'approved' | 'denied'; by: string; approval: PendingApproval };

export async function clickFromSlack(
  input: {
    approvalId: string;
    userId: string;
    decision: 'approved' | 'denied';
    /** The approval as the caller just read it (one store read per click); read here when absent. */
    read?: PendingApproval | undefined;
  },
  deps: { store: Pick<IncidentStore, 'getApproval' | 'recordVote'>; clock: Clock; config: ResponderConfig },
): Promise<SlackClickOutcome> {
  const approval = 'read' in input ? input.read : await deps.store.getApproval(input.approvalId);
  if (!approval) return { outcome: 'refused', message: 'This approval no longer exists.' };
  const verdict = judgeVote({
    approval,
    userId: input.userId,
    decision: input.decision,
    requestedBy: approval.requestedBy ?? 'ato-responder',
    now: deps.clock.now(),
    config: deps.config.slack,
  });
  if (!verdict.ok) return { outcome: 'refused', message: verdict.message };
  if (verdict.decision === 'denied')
    return { outcome: 'decide', decision: 'denied', by: `slack:${input.userId}`, approval };
  const before = approval.votes?.length ?? 0;
  if (!(await deps.store.recordVote(input.approvalId, input.userId, before)))
    return { outcome: 'refused', message: 'Someone decided or voted at the same moment: look again.' };
  if (!verdict.final)
    return {
      outcome: 'voted',
      message: `Approved by you; ${verdict.needed - verdict.votes.length} more approver(s) needed.`,
      votes: verdict.votes,
      needed: verdict.needed,
    };
  return {
    outcome: 'decide',
    decision: 'approved',
    by: verdict.votes.map((v) => `slack:${v}`).join(' + '),
    approval,
  };
}
