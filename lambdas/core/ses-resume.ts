/**
 * `ato ses resume`: turn SES sending back on in a region, from what the pause recorded — only once
 * the cause is dealt with. Refused while the responder's SES alarms there are still in ALARM or the
 * incident is not resolved, unless a person forces it with a reason (kept in the records). Sending
 * comes back first; the failover flag goes back after it, and only when no pause remains anywhere
 * (another region's, or another incident's), from the record that actually raised it. Pure.
 */
import type { ActionRecord } from './action';
import type { Incident } from './incident';
import { type UndoStep, planUndo } from './undo';

/** An incident watching SES, with its records: what resume reads across incidents. */
export interface SesHistory {
  incident: Incident;
  records: ActionRecord[];
}

export interface ResumeFacts {
  region: string;
  /** The incident whose pause is resumed, and every other SES incident recently recorded. */
  target: SesHistory;
  others: SesHistory[];
  /** The responder's SES alarms in the region that are in ALARM now. */
  alarmsInAlarm: string[];
  /** A person's reason to resume despite the refusals. */
  force?: string;
}

export interface ResumePlan {
  /** Why not; empty when it may go ahead (or was forced). */
  refusals: string[];
  /** SES steps first, then the flag's: a failed re-enable leaves applications on the backup. */
  steps: UndoStep[];
  notes: string[];
}

/** The pauses of `records` that are done and not undone, by region. */
export function standingPauses(records: ActionRecord[]): { region: string; actionId: string }[] {
  const undone = new Set(records.filter((r) => r.status === 'undone').map((r) => r.actionId));
  return records.flatMap((r) =>
    r.kind === 'aws.ses.pause-sending' &&
    r.status === 'done' &&
    !undone.has(r.actionId) &&
    'region' in r.target
      ? [{ region: r.target.region, actionId: r.actionId }]
      : [],
  );
}

/**
 * The incident to resume in `region` (incidents come newest first): the newest one with a standing
 * pause there; else the newest one watching SES there (to say there is nothing to do).
 */
export function sesIncidentIn(histories: SesHistory[], region: string): SesHistory | undefined {
  return (
    histories.find((h) => standingPauses(h.records).some((p) => p.region === region)) ??
    histories.find((h) => watchesSesIn(h.incident, region))
  );
}

export function watchesSesIn(incident: Incident, region?: string): boolean {
  return incident.subjectKeys.some(
    (key) => key.startsWith('aws-ses-sending#') && (region === undefined || key.endsWith(`/${region}`)),
  );
}

export function planSesResume(facts: ResumeFacts): ResumePlan {
  const { region, target } = facts;
  const { incident } = target;
  const reasons: string[] = [];
  if (incident.status !== 'resolved') {
    reasons.push(
      `incident ${incident.id} is ${incident.status}: find who sent, then close it (ato resolve ${incident.id} --reason …)`,
    );
  }
  if (facts.alarmsInAlarm.length) {
    reasons.push(`still in ALARM in ${region}: ${facts.alarmsInAlarm.join(', ')}`);
  }

  const pauses = planUndo(target.records.filter((r) => r.kind === 'aws.ses.pause-sending'));
  const steps: UndoStep[] = pauses.steps.filter(
    (s) => s.kind === 'restore-ses-sending' && s.region === region,
  );
  const notes = [...pauses.notes.filter((n) => n.includes(` in ${region} `))];
  if (!steps.length)
    notes.push(`nothing the responder paused in ${region} is still paused (already resumed or undone)`);

  // Every pause that would still stand after this one: other regions of this incident, any other incident's.
  const resumed = new Set(steps.map((s) => s.actionId));
  const standing = [target, ...facts.others].flatMap((h) =>
    standingPauses(h.records)
      .filter((p) => !resumed.has(p.actionId) && p.region !== region)
      .map((p) => `${p.region} (${h.incident.id})`),
  );
  const flags = planUndo(
    [target, ...facts.others].flatMap((h) => h.records.filter((r) => r.kind === 'aws.ssm.set-failover-flag')),
  ).steps.filter((s) => s.kind === 'restore-parameter');
  if (flags.length && standing.length) {
    notes.push(`the failover flag stays raised: SES sending is still paused in ${standing.join(', ')}`);
  } else {
    steps.push(...flags);
  }

  if (facts.force !== undefined && reasons.length) {
    return { refusals: [], steps, notes: [...reasons.map((r) => `forced past: ${r}`), ...notes] };
  }
  return { refusals: reasons, steps, notes };
}
