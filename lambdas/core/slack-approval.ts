/**
 * Who may decide an approval from Slack, and when it is decided. Fails closed: only the configured
 * approvers, never the person who asked (four eyes), never after it expired; an irreversible action
 * needs `slack.irreversibleApprovals` distinct approvers, and one denial by an approver ends it.
 * Pure: the store applies the outcome with a conditional write (one winner per decision).
 */
import type { PendingApproval } from './action';
import type { ResponderConfig } from './config';

/** Who approved so far (Slack user ids), kept on the approval while more are needed. */
export interface SlackVotes {
  votes: string[];
}

export type SlackVerdict =
  /** Record the vote; `final` when it decides the approval (the action runs, or is denied). */
  | { ok: true; decision: 'approved' | 'denied'; final: boolean; votes: string[]; needed: number }
  | {
      ok: false;
      answer: 'not-an-approver' | 'own-request' | 'expired' | 'already-decided' | 'already-voted';
      message: string;
    };

/** How many distinct approvers the action needs. */
export function approversNeeded(approval: PendingApproval, config: ResponderConfig['slack']): number {
  return approval.action.reversible ? 1 : config.irreversibleApprovals;
}

/** When an approval asked in Slack expires: `slack.approvalMinutes` after it was asked. */
export function expiresAt(approval: PendingApproval, config: ResponderConfig['slack']): Date {
  // Kept on the approval once a runbook asked for it: the runbook's timeout counts from then.
  if (approval.expiresAt) return new Date(approval.expiresAt);
  return new Date(Date.parse(approval.requestedAt) + config.approvalMinutes * 60_000);
}

export function judgeVote(input: {
  approval: PendingApproval & Partial<SlackVotes>;
  /** The Slack user deciding. */
  userId: string;
  decision: 'approved' | 'denied';
  /** Who asked for it: `slack:U…` for a slash command, `ato-responder` for the responder's own plan. */
  requestedBy: string;
  now: Date;
  config: ResponderConfig['slack'];
}): SlackVerdict {
  const { approval, userId, decision, config } = input;
  if (!config.approvers.includes(userId))
    return {
      ok: false,
      answer: 'not-an-approver',
      message: 'You are not one of the approvers (slack.approvers).',
    };
  if (approval.status !== 'pending')
    return {
      ok: false,
      answer: 'already-decided',
      message: `Already ${approval.status}${approval.decidedBy ? ` by ${approval.decidedBy}` : ''}.`,
    };
  if (input.now.getTime() >= expiresAt(approval, config).getTime())
    return { ok: false, answer: 'expired', message: 'This approval expired; ask for it again.' };
  if (input.requestedBy === `slack:${userId}`)
    return { ok: false, answer: 'own-request', message: 'You asked for this: someone else must decide it.' };
  const votes = approval.votes ?? [];
  const needed = approversNeeded(approval, config);
  if (decision === 'denied') return { ok: true, decision, final: true, votes, needed };
  if (votes.includes(userId))
    return {
      ok: false,
      answer: 'already-voted',
      message: `You approved it already; ${needed - votes.length} more approver(s) needed.`,
    };
  const after = [...votes, userId];
  return { ok: true, decision, final: after.length >= needed, votes: after, needed };
}
