/** `ato resolve INCIDENT_ID --reason TEXT [--by NAME]`: a person closes an incident, saying why. */
import { resolveIncident } from '../../core/resolve';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, actorOf, openStore } from '../options';
import { parse } from '../parse';

export async function resolveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...STORE_OPTIONS,
    reason: { type: 'string' },
    by: { type: 'string' },
  });
  const [incidentId, extra] = positionals;
  if (!incidentId || extra) throw new UsageError('resolve needs exactly one INCIDENT_ID');
  const reason = values.reason?.trim();
  if (!reason) throw new UsageError('resolve needs --reason TEXT (what was found and done)');
  const { store } = openStore(values, io);
  const by = actorOf(io, values.by);
  const outcome = await resolveIncident(incidentId, by, reason, {
    store,
    clock: { now: () => new Date() },
  });
  if (!outcome.ok) {
    io.err(`ato: ${outcome.reason}`);
    return EXIT.failure;
  }
  io.out(`${incidentId} resolved by ${by}: ${reason}`);
  return EXIT.ok;
}
