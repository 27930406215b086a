/**
 * `ato ses resume --region R [--incident ID] [--execute] [--force --reason TEXT]`: turn SES sending
 * back on where the responder paused it, and put the failover flag back — refused while the SES
 * alarms there are in ALARM or the incident is not resolved, unless forced with a reason.
 */
import { type ResumePlan, planSesResume, sesIncidentIn, watchesSesIn } from '../../core/ses-resume';
import { SES_ALARM_PREFIX } from '../../core/ses-alarms';
import { applyUndo, describeUndoStep } from '../../core/undo';
import { alarmStates, changePorts } from '../aws-ports';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, actorOf, openStore } from '../options';
import { parse } from '../parse';

/** How far back `--region` looks for the incident when none is named. */
const INCIDENTS_SEARCHED = 200;

export async function sesCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'resume') throw new UsageError(`ses needs a subcommand: resume (got ${sub ?? 'nothing'})`);
  return resumeCommand(rest, io);
}

async function resumeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...STORE_OPTIONS,
    region: { type: 'string' },
    incident: { type: 'string' },
    execute: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    reason: { type: 'string' },
    by: { type: 'string' },
  });
  const { region } = values;
  if (!region || positionals.length)
    throw new UsageError('ses resume needs --region REGION and nothing else');
  if (values.force && !values.reason?.trim()) throw new UsageError('--force needs --reason TEXT');
  const { store } = openStore(values, io);
  const incidents = await store.listIncidents(INCIDENTS_SEARCHED);
  const incident = values.incident
    ? await store.getIncident(values.incident)
    : sesIncidentIn(incidents, region);
  if (!incident) {
    io.err(`ato: no SES incident ${values.incident ? values.incident : `for ${region}`}`);
    return EXIT.failure;
  }
  const records = await store.listActionRecords(incident.id);
  const otherOpen = incidents.filter(
    (i) => i.id !== incident.id && watchesSesIn(i) && i.status !== 'resolved',
  );
  const plan = planSesResume({
    region,
    incident,
    records,
    alarmsInAlarm: await alarmStates().alarmsInAlarm(region, SES_ALARM_PREFIX),
    otherOpen,
    ...(values.force ? { force: values.reason } : {}),
  });
  show(plan, incident.id, region, io);
  if (plan.refusals.length) {
    io.err(`ato: not resuming SES in ${region}: ${plan.refusals.join('; ')} (or --force --reason TEXT)`);
    return EXIT.failure;
  }
  if (!values.execute) {
    if (plan.steps.length) io.out('Dry-run: nothing changed; add --execute.');
    return EXIT.ok;
  }
  const reason = values.force ? `resume forced: ${values.reason}` : 'resume';
  const done = await applyUndo(
    incident.id,
    { steps: plan.steps, notes: plan.notes },
    { ...changePorts(), store, clock: { now: () => new Date() }, actor: actorOf(io, values.by), reason },
    records,
  );
  io.out(`Resumed: ${done.length} step(s), recorded on ${incident.id}.`);
  return EXIT.ok;
}

function show(plan: ResumePlan, incidentId: string, region: string, io: CliIo): void {
  io.out(`Resume SES in ${region} (incident ${incidentId})${plan.steps.length ? '' : ': nothing to do'}`);
  for (const step of plan.steps) io.out(`  → ${describeUndoStep(step)}`);
  for (const note of plan.notes) io.out(`  note: ${note}`);
}
