/**
 * `ato ses resume`: turn SES sending back on in a region, from what the pause recorded — only once
 * the cause is dealt with. Refused while the responder's SES alarms there are still in ALARM or the
 * incident is not resolved, unless a person forces it with a reason (kept in the records). The
 * failover flag goes back too, unless another region's sending is still paused. Pure.
 */
import type { ActionRecord } from './action';
import type { Incident } from './incident';
import { type UndoStep, planUndo } from './undo';

export interface ResumeFacts {
  region: string;
  incident: Incident;
  records: ActionRecord[];
  /** The responder's SES alarms in the region that are in ALARM now. */
  alarmsInAlarm: string[];
  /** SES incidents of other regions that are not resolved (their pause may still hold the flag). */
  otherOpen: Incident[];
  /** A person's reason to resume despite the refusals. */
  force?: string;
}

export interface ResumePlan {
  /** Why not; empty when it may go ahead (or was forced). */
  refusals: string[];
  steps: UndoStep[];
  notes: string[];
}

const RESUMED_KINDS: readonly string[] = ['aws.ses.pause-sending', 'aws.ssm.set-failover-flag'];

/**
 * The newest incident about SES sending in `region`, of any account (incidents come newest first):
 * an SES alarm's own, or the principal's incident an alarm joined.
 */
export function sesIncidentIn(incidents: Incident[], region: string): Incident | undefined {
  return incidents.find((i) => watchesSesIn(i, region));
}

const sesRegionsOf = (incident: Incident): string[] =>
  incident.subjectKeys
    .filter((k) => k.startsWith('aws-ses-sending#'))
    .map((k) => k.slice(k.lastIndexOf('/') + 1));

export function watchesSesIn(incident: Incident, region?: string): boolean {
  return incident.subjectKeys.some(
    (key) => key.startsWith('aws-ses-sending#') && (region === undefined || key.endsWith(`/${region}`)),
  );
}

export function planSesResume(facts: ResumeFacts): ResumePlan {
  const { region, incident } = facts;
  const undo = planUndo(facts.records.filter((r) => RESUMED_KINDS.includes(r.kind)));
  const notes = [...undo.notes];
  const reasons: string[] = [];
  if (incident.status !== 'resolved') {
    reasons.push(
      `incident ${incident.id} is ${incident.status}: find who sent, then close it (ato resolve ${incident.id} --reason …)`,
    );
  }
  if (facts.alarmsInAlarm.length) {
    reasons.push(`still in ALARM in ${region}: ${facts.alarmsInAlarm.join(', ')}`);
  }
  const steps: UndoStep[] = [];
  for (const step of undo.steps) {
    if (step.kind === 'restore-ses-sending' && step.region === region) steps.push(step);
    if (step.kind !== 'restore-parameter') continue;
    const holding = facts.otherOpen.map((i) => `${i.id} (SES ${sesRegionsOf(i).join(', ')})`);
    if (holding.length)
      notes.push(`failover flag ${step.name} left as it is: still open: ${holding.join(', ')}`);
    else steps.push(step);
  }
  if (!steps.some((s) => s.kind === 'restore-ses-sending'))
    notes.push(`nothing the responder paused in ${region} is still paused (already resumed or undone)`);
  if (facts.force !== undefined && reasons.length) {
    return { refusals: [], steps, notes: [...reasons.map((r) => `forced past: ${r}`), ...notes] };
  }
  return { refusals: reasons, steps, notes };
}
