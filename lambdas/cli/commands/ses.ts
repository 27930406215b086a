/**
 * `ato ses resume --region R [--incident ID] [--execute] [--force --reason TEXT]`: turn SES sending
 * back on where the responder paused it, and put the failover flag back — refused while the SES
 * alarms there are in ALARM or the incident is not resolved, unless forced with a reason.
 */
import type { IncidentStore } from '../../core/ports';
import { sesHistories } from '../../core/approved-restores';
import { type ResumePlan, type SesHistory, planSesResume, sesIncidentIn } from '../../core/ses-resume';
import { SES_ALARM_PREFIX } from '../../core/ses-alarms';
import { describeUndoStep } from '../../core/undo';
import { applyUndo } from '../../core/undo-apply';
import { alarmStates, changePorts } from '../aws-ports';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, actorOf, openStore } from '../options';
import { parse } from '../parse';

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
  const histories = await sesHistories(store);
  const target = values.incident
    ? await namedHistory(values.incident, histories, store)
    : sesIncidentIn(histories, region);
  if (!target) {
    io.err(`ato: no SES incident ${values.incident ? values.incident : `for ${region}`}`);
    return EXIT.failure;
  }
  const { incident, records } = target;
  const plan = planSesResume({
    region,
    target,
    others: histories.filter((h) => h.incident.id !== incident.id),
    alarmsInAlarm: await alarmStates().alarmsInAlarm(region, SES_ALARM_PREFIX),
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
    [...records, ...histories.flatMap((h) => h.records)],
  );
  io.out(`Resumed: ${done.length} step(s), recorded on ${incident.id}.`);
  return EXIT.ok;
}

function show(plan: ResumePlan, incidentId: string, region: string, io: CliIo): void {
  io.out(`Resume SES in ${region} (incident ${incidentId})${plan.steps.length ? '' : ': nothing to do'}`);
  for (const step of plan.steps) io.out(`  → ${describeUndoStep(step)}`);
  for (const note of plan.notes) io.out(`  note: ${note}`);
}

/** `--incident ID`: from the listing when it is there, else read on its own (an older incident). */
async function namedHistory(
  incidentId: string,
  histories: SesHistory[],
  store: IncidentStore,
): Promise<SesHistory | undefined> {
  const listed = histories.find((h) => h.incident.id === incidentId);
  if (listed) return listed;
  const incident = await store.getIncident(incidentId);
  return incident ? { incident, records: await store.listActionRecords(incidentId) } : undefined;
}
