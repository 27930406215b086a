/** `ato report INCIDENT_ID` and `ato incidents`: what the store recorded, for people and auditors. */
import { renderIncidentReport } from '../../core/report';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, loadIncident, openStore } from '../options';
import { parse } from '../parse';

export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, STORE_OPTIONS);
  const [incidentId, extra] = positionals;
  if (!incidentId || extra) throw new UsageError('report needs exactly one INCIDENT_ID');
  const { store } = openStore(values, io);
  const loaded = await loadIncident(store, incidentId, io);
  if (!loaded) return EXIT.failure;
  const { incident, records } = loaded;
  io.out(
    values.json ? JSON.stringify({ incident, records }, null, 2) : renderIncidentReport(incident, records),
  );
  return EXIT.ok;
}

export async function incidentsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, STORE_OPTIONS);
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const { store, where } = openStore(values, io);
  const incidents = await store.listIncidents(50);
  if (values.json) {
    io.out(JSON.stringify(incidents, null, 2));
    return EXIT.ok;
  }
  if (!incidents.length) io.out(`No incidents in ${where}.`);
  for (const i of incidents)
    io.out(`${i.id}  ${i.status.padEnd(9)}  ${i.severity.padEnd(8)}  ${i.updatedAt}  ${i.title}`);
  return EXIT.ok;
}
