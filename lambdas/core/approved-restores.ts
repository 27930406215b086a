/**
 * The approvals that put things back, asked for with `/ato ses-resume` and `/ato undo` and carried out
 * by their runbooks' Execute step: the same planning and guards as `ato ses resume` and `ato undo`
 * (a resume checks the region's SES alarms and that the incident is resolved; an undo leaves SES to a
 * resume), the same `undone` records. Pure apart from the ports.
 */
import type { ResumeSesSending, UndoIncident } from './action';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import { type IncidentStore, ProviderError } from './ports';
import { SES_ALARM_PREFIX } from './ses-alarms';
import { type SesHistory, planSesResume, watchesSesIn } from './ses-resume';
import { type UndoPlan, type UndoStep, describeUndoStep, planUndoSesAside } from './undo';
import { applyUndo } from './undo-apply';

/** How far back a resume looks for the other incidents that paused SES. */
export const INCIDENTS_SEARCHED = 200;

/** The newest incidents watching SES, with their records (what a resume weighs). */
export async function sesHistories(
  store: Pick<IncidentStore, 'listIncidents' | 'listActionRecords'>,
): Promise<SesHistory[]> {
  const histories: SesHistory[] = [];
  for (const incident of await store.listIncidents(INCIDENTS_SEARCHED)) {
    if (watchesSesIn(incident))
      histories.push({ incident, records: await store.listActionRecords(incident.id) });
  }
  return histories;
}

/** The approved resume of SES sending in `target.region`, for the approval's incident. */
export async function resumeSesSending(
  target: ResumeSesSending['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const { region } = target;
  if (!deps.alarms)
    return {
      status: 'skipped',
      error: `the SES alarms in ${region} cannot be read here, and no resume goes ahead unchecked`,
    };
  const incidentId = run.incident.id;
  const histories = await sesHistories(deps.store);
  const others = histories.filter((h) => h.incident.id !== incidentId);
  const records = await deps.store.listActionRecords(incidentId);
  const plan = planSesResume({
    region,
    target: { incident: run.incident, records },
    others,
    alarmsInAlarm: await deps.alarms.alarmsInAlarm(region, SES_ALARM_PREFIX),
  });
  if (plan.refusals.length)
    return { status: 'refused', error: `not resuming SES in ${region}: ${plan.refusals.join('; ')}` };
  return restore(incidentId, plan, [...records, ...others.flatMap((h) => h.records)], deps, {
    nothing: `nothing to resume in ${region}`,
    undo: `pause again with /ato ses-pause ${region} (or the playbook's next alarm)`,
  });
}

/** Restores that attach or write IAM policies: powers no deployed role holds, only a person's credentials. */
const LAPTOP_ONLY: readonly UndoStep['kind'][] = [
  'reattach-policy',
  'restore-inline-policy',
  'restore-trust-policy',
];

/**
 * What `/ato undo` puts back: `ato undo`'s plan, less the IAM policies an approved removal took away
 * (re-attaching or re-writing a policy is a power the runbooks' role does not hold).
 */
export function planSlackUndo(records: Parameters<typeof planUndoSesAside>[0]): UndoPlan {
  const plan = planUndoSesAside(records);
  const laptop = plan.steps.filter((step) => LAPTOP_ONLY.includes(step.kind));
  return {
    steps: plan.steps.filter((step) => !LAPTOP_ONLY.includes(step.kind)),
    notes: [
      ...plan.notes,
      ...(laptop.length
        ? [
            `${laptop.length === 1 ? '1 IAM policy an approved removal took away comes' : `${laptop.length} IAM policies approved removals took away come`} back only from a laptop (ato undo ID --execute): the runbooks may not attach or write policies`,
          ]
        : []),
    ],
  };
}

/** The approved undo of an incident: what `ato undo ID --execute` would put back, IAM policies aside. */
export async function undoIncident(target: UndoIncident['target'], deps: ExecuteDeps): Promise<Outcome> {
  const records = await deps.store.listActionRecords(target.incidentId);
  return restore(target.incidentId, planSlackUndo(records), records, deps, {
    nothing: 'nothing to undo',
    undo: 'each step put back has its own undone record; redo them by hand if needed',
  });
}

async function restore(
  incidentId: string,
  plan: UndoPlan,
  records: Parameters<typeof applyUndo>[3],
  deps: ExecuteDeps,
  words: { nothing: string; undo: string },
): Promise<Outcome> {
  if (!plan.steps.length) return { status: 'skipped', error: [words.nothing, ...plan.notes].join('; ') };
  const approval = deps.approvedBy ? `approved by ${deps.approvedBy}` : 'approved';
  let done: Awaited<ReturnType<typeof applyUndo>>;
  try {
    done = await applyUndo(incidentId, plan, { ...deps, reason: approval }, records);
  } catch (error) {
    // A provider's failure is the executor's to record; a port missing here is this step's.
    if (error instanceof ProviderError) throw error;
    return {
      status: 'failed',
      error: `stopped part-way (the steps put back have their undone records): ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return {
    status: 'done',
    after: {
      type: 'restored',
      steps: plan.steps.map(describeUndoStep),
      ...(plan.notes.length ? { notes: plan.notes } : {}),
    },
    undo: words.undo,
    ...(done.length < plan.steps.length
      ? { error: `${plan.steps.length - done.length} step(s) had no done record to put back` }
      : {}),
  };
}
