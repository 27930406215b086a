/**
 * A key the responder deactivated, investigated after the fact, off the containment path: the
 * incident table's stream delivers the deactivation's action record, the investigation reads
 * CloudTrail and IAM, and the result becomes evidence on the incident, pending approvals and one
 * message with the Markdown report.
 *
 * Failure handling follows the stream's: a record that is not a deactivation is logged and skipped
 * (retrying it cannot change it); an AWS failure is thrown, so Lambda retries the record a bounded
 * number of times and then parks it in the investigator's dead-letter queue.
 */
import type { ResponderConfig } from '../config';
import type { Clock, IncidentStore, Notifier } from '../ports';
import { addEscalation, investigationMarker, pendingApprovalFor, summaryEscalation } from './evidence';
import { investigate } from './investigate';
import type { Investigation } from './investigation';
import type { InvestigationPorts, KeyDeactivation } from './ports';
import { renderInvestigationMarkdown } from './report-markdown';
import { approvalRecord } from '../approval-records';

export interface InvestigatorDeps {
  config: ResponderConfig;
  store: IncidentStore;
  notifier: Notifier;
  clock: Clock;
  ports: InvestigationPorts;
  /** When this invocation must stop reading CloudTrail (its remaining time, less a margin). */
  deadline?: Date;
}

export type RecordOutcome =
  | { status: 'skipped'; eventId?: string; reason: string }
  | { status: 'already-investigated'; incidentId: string; accessKeyId: string }
  | {
      status: 'investigated';
      incidentId: string;
      accessKeyId: string;
      approvalIds: string[];
      rogueItems: number;
      gaps: number;
      /** False when the incident was not found: the report and approvals went out all the same. */
      escalated: boolean;
    };

/** Every lookup of the key itself refused: there is nothing to report yet, only a reason to retry. */
export class InvestigationFailedError extends Error {
  constructor(investigation: Investigation) {
    const first = investigation.gaps[0]?.error ?? 'no lookup succeeded';
    super(
      `investigation of ${investigation.accessKeyId}: CloudTrail lookups failed in all ` +
        `${investigation.regions.length} region(s); first: ${first}`,
    );
    this.name = 'InvestigationFailedError';
  }
}

function failedEverywhere(investigation: Investigation): boolean {
  const refused = new Set(
    investigation.gaps.filter((g) => g.accessKeyId === investigation.accessKeyId).map((g) => g.region),
  );
  return (
    investigation.timeline.length === 0 && refused.size > 0 && refused.size >= investigation.regions.length
  );
}

export async function investigateDeactivation(
  deactivation: KeyDeactivation,
  deps: InvestigatorDeps,
): Promise<RecordOutcome> {
  const { incidentId, accessKeyId } = deactivation;
  const marker = investigationMarker(deactivation);
  const before = await deps.store.getIncident(incidentId);
  if (before?.escalations.some((e) => e.startsWith(marker)))
    return { status: 'already-investigated', incidentId, accessKeyId };

  const investigation = await investigate(
    accessKeyId,
    { mode: deps.config.mode, incidentId, ...(deps.deadline ? { deadline: deps.deadline } : {}) },
    deps.ports,
  );
  if (failedEverywhere(investigation)) throw new InvestigationFailedError(investigation);

  const approvals = investigation.proposals.map((action) => pendingApprovalFor(action, deps.clock.now()));
  await Promise.all(approvals.map((approval) => deps.store.putApproval(approval)));
  // In the action log too: what was asked, and where the Slack thread finds the approvals.
  const at = deps.clock.now().toISOString();
  const logged = new Set(
    (await deps.store.listActionRecords(incidentId)).filter((r) => r.approvalId).map((r) => r.approvalId),
  );
  for (const approval of approvals.filter((a) => !logged.has(a.approvalId)))
    await deps.store.appendActionRecord(approvalRecord(approval, 'pending-approval', 'ato-responder', at));
  // Before the escalation: if publishing fails, the retry finds no marker and publishes again.
  await deps.notifier.publish(
    `ato-responder: investigation of ${accessKeyId} (${incidentId}): ${investigation.rogue.length} rogue item(s)`,
    renderInvestigationMarkdown(investigation),
    incidentId,
  );
  const escalated = await addEscalation(
    incidentId,
    summaryEscalation(deactivation, investigation, approvals),
    marker,
    deps,
  );
  return {
    status: 'investigated',
    incidentId,
    accessKeyId,
    approvalIds: approvals.map((a) => a.approvalId),
    rogueItems: investigation.rogue.length,
    gaps: investigation.gaps.length,
    escalated,
  };
}
