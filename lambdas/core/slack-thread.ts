/**
 * One Slack thread per incident. The parent message is posted once and updated in place
 * (`incidentMessage`); what happened since the last refresh (signals, action results) goes in as a
 * few aggregated replies (`threadReplies`), never one message per signal. The incident keeps where
 * its thread is and how far it was told, written with the store's version check: two refreshes at
 * once cannot post two parents (the loser takes its own back) nor tell the same signals twice.
 */
import type { ActionRecord, PendingApproval } from './action';
import type { Incident, SlackThread } from './incident';
import { ConcurrentUpdateError, type Clock, type IncidentStore } from './ports';
import { describeRecord } from './report';
import { incidentMessage, threadReplies } from './slack-message';
import type { SlackMessageRef, SlackPort } from './slack-ports';

/** Replies one refresh may post: a burst of thousands of signals is a few lines, not a flood. */
export const MAX_REPLIES_PER_REFRESH = 5;
const ATTEMPTS = 5;

export interface ThreadDeps {
  store: Pick<IncidentStore, 'getIncident' | 'saveIncident' | 'listActionRecords' | 'getApproval'>;
  slack: SlackPort;
  channel: string;
  clock: Clock;
}

export interface ThreadRefresh {
  thread: SlackMessageRef;
  posted: boolean;
  replies: number;
}

/** The approvals the incident's records asked for (each once), as the store holds them now. */
export async function approvalsOf(
  records: ActionRecord[],
  store: Pick<IncidentStore, 'getApproval'>,
): Promise<PendingApproval[]> {
  const ids = [...new Set(records.filter((r) => r.approvalId).map((r) => r.approvalId as string))];
  const found = await Promise.all(ids.map((id) => store.getApproval(id)));
  return found.filter((a): a is PendingApproval => a !== undefined);
}

/** Post or update the incident's parent message, then tell what is new in its thread. */
export async function refreshThread(
  incidentId: string,
  deps: ThreadDeps,
): Promise<ThreadRefresh | undefined> {
  const found = await deps.store.getIncident(incidentId);
  if (!found) return undefined;
  const records = await deps.store.listActionRecords(incidentId);
  const approvals = await approvalsOf(records, deps.store);
  const message = incidentMessage(found, records, approvals, { now: deps.clock.now() });

  let incident = found;
  let posted = false;
  if (incident.slackThread) {
    await deps.slack.update(incident.slackThread, message);
  } else {
    const ref = await deps.slack.post(deps.channel, message);
    incident = await claimThread(incident, ref, records.length, deps);
    posted = incident.slackThread?.ts === ref.ts;
    if (!posted) {
      // Another refresh posted the parent first: ours goes, theirs is brought up to date.
      await deps.slack.delete(ref);
      if (incident.slackThread) await deps.slack.update(incident.slackThread, message);
    }
  }
  const told = await tellNews(incident, records, deps);
  const thread = told.incident.slackThread as SlackThread;
  for (const reply of told.replies) await deps.slack.post(thread.channel, { text: reply }, thread.ts);
  return { thread: { channel: thread.channel, ts: thread.ts }, posted, replies: told.replies.length };
}

/** Keep `ref` as the incident's thread unless another writer kept one first; returns the incident saved. */
async function claimThread(
  incident: Incident,
  ref: SlackMessageRef,
  recordsShown: number,
  deps: ThreadDeps,
): Promise<Incident> {
  let current = incident;
  for (let attempt = 1; ; attempt++) {
    if (current.slackThread) return current;
    try {
      // Signals and records shown in the parent when it was first posted need no reply of their own.
      return await deps.store.saveIncident({
        ...current,
        slackThread: { ...ref, signalsTold: current.signals.length, recordsTold: recordsShown },
      });
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= ATTEMPTS) throw error;
      current = (await deps.store.getIncident(incident.id)) ?? current;
    }
  }
}

/**
 * What the thread has not told yet, as replies, claimed before posting (told once even if the post
 * fails: the parent and `ato report` still hold it all).
 */
async function tellNews(
  incident: Incident,
  records: ActionRecord[],
  deps: ThreadDeps,
): Promise<{ incident: Incident; replies: string[] }> {
  let current = incident;
  for (let attempt = 1; ; attempt++) {
    const thread = current.slackThread as SlackThread;
    const signals = current.signals.slice(thread.signalsTold);
    // A record waiting for approval is in the parent with its buttons; its outcome is news.
    const results = records.slice(thread.recordsTold).filter((r) => r.status !== 'pending-approval');
    if (!signals.length && records.length <= thread.recordsTold) return { incident: current, replies: [] };
    const replies = threadReplies(
      [
        ...signals.map((s) => ({ kind: `signal ${s.kind}`, text: s.title })),
        ...results.map((r) => ({ kind: `${r.kind} ${r.status}`, text: describeRecord(r) })),
      ],
      MAX_REPLIES_PER_REFRESH,
    );
    try {
      const saved = await deps.store.saveIncident({
        ...current,
        slackThread: {
          ...thread,
          signalsTold: current.signals.length,
          recordsTold: Math.max(thread.recordsTold, records.length),
        },
      });
      return { incident: saved, replies };
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= ATTEMPTS) throw error;
      current = (await deps.store.getIncident(incident.id)) ?? current;
    }
  }
}
