/** `ato undo INCIDENT_ID [--execute]`: put back what the responder changed, from the recorded before-state. */
import { changePorts } from '../aws-ports';
import { sendGridFromEnv } from '../sendgrid-ports';
import { twilioFromEnv } from '../twilio-ports';
import { type UndoStep, applyUndo, describeUndoStep, planUndo } from '../../core/undo';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, actorOf, loadIncident, openStore } from '../options';
import { parse } from '../parse';

export async function undoCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...STORE_OPTIONS,
    execute: { type: 'boolean', default: false },
    by: { type: 'string' },
  });
  const [incidentId, extra] = positionals;
  if (!incidentId || extra) throw new UsageError('undo needs exactly one INCIDENT_ID');
  const { store } = openStore(values, io);
  const loaded = await loadIncident(store, incidentId, io);
  if (!loaded) return EXIT.failure;
  const { records } = loaded;
  const all = planUndo(records);
  // SES sending comes back only through `ato ses resume`, which checks the alarms and the incident.
  const isSes = (step: UndoStep): boolean =>
    step.kind === 'restore-ses-sending' || step.kind === 'restore-parameter';
  const held = all.steps.some(isSes);
  const plan = {
    steps: all.steps.filter((step) => !isSes(step)),
    notes: [
      ...all.notes.filter((n) => !n.includes('SES sending')),
      ...(held
        ? [
            'SES sending and the failover flag are not undone here: ato ses resume --region … (it checks the alarms)',
          ]
        : []),
    ],
  };

  if (values.json && !values.execute) {
    io.out(JSON.stringify({ incidentId, steps: plan.steps, notes: plan.notes }, null, 2));
    return EXIT.ok;
  }
  io.out(`Undo for ${incidentId}${plan.steps.length ? '' : ': nothing to undo'}`);
  for (const step of plan.steps) io.out(`  → ${describeUndoStep(step)}`);
  for (const note of plan.notes) io.out(`  note: ${note}`);
  if (!values.execute) {
    if (plan.steps.length) io.out('Dry-run: nothing changed; add --execute.');
    return EXIT.ok;
  }
  const done = await applyUndo(
    incidentId,
    plan,
    {
      ...changePorts(),
      ...twilioFromEnv(io.env),
      ...sendGridFromEnv(io.env),
      store,
      clock: { now: () => new Date() },
      actor: actorOf(io, values.by),
    },
    records,
  );
  io.out(`Undone: ${done.length} step(s), recorded.`);
  return EXIT.ok;
}
