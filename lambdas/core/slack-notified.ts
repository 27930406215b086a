/**
 * An incident was notified (the topic's message names it): bring its Slack thread up to date, and
 * start the runbook of each approval it waits for that no runbook waits for yet. Starting is named
 * after the approval, so a second notification of the same approvals starts nothing new.
 */
import type { Clock, IncidentStore } from './ports';
import { runbookFor } from './slack-runbook-request';
import type { RunbookPort, SlackPort } from './slack-ports';
import { approvalsOf, refreshThread } from './slack-thread';

export interface NotifiedDeps {
  store: Pick<IncidentStore, 'getIncident' | 'saveIncident' | 'listActionRecords' | 'getApproval'>;
  slack: SlackPort;
  channel: string;
  clock: Clock;
  runbooks: Pick<RunbookPort, 'start'>;
}

export interface NotifiedOutcome {
  incidentId: string;
  found: boolean;
  /** Approvals whose runbook this started (each asks in the thread once it runs). */
  started: string[];
}

export async function onIncidentNotified(incidentId: string, deps: NotifiedDeps): Promise<NotifiedOutcome> {
  const refreshed = await refreshThread(incidentId, deps);
  if (!refreshed) return { incidentId, found: false, started: [] };
  const records = await deps.store.listActionRecords(incidentId);
  const waiting = (await approvalsOf(records, deps.store)).filter(
    (a) => a.status === 'pending' && !a.runbook,
  );
  const started: string[] = [];
  for (const approval of waiting) {
    const runbook = runbookFor(approval.action.kind);
    if (await deps.runbooks.start(runbook, approval.approvalId, { approvalId: approval.approvalId }))
      started.push(approval.approvalId);
  }
  return { incidentId, found: true, started };
}
