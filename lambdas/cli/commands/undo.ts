/** `ato undo INCIDENT_ID [--execute]`: put back what the responder changed, from the recorded before-state. */
import { changePorts, iamRestore } from '../aws-ports';
import { sendGridFromEnv } from '../sendgrid-ports';
import { twilioFromEnv } from '../twilio-ports';
import { describeUndoStep, planUndoSesAside } from '../../core/undo';
import { applyUndo } from '../../core/undo-apply';
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
  const plan = planUndoSesAside(records);

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
      iamRestore: iamRestore(),
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
