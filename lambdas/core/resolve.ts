/**
 * Closing an incident by hand (`ato resolve`): a person says the cause is found and dealt with.
 * Its subject keys are freed, so new activity opens a new incident; the reason is kept.
 */
import type { Incident } from './incident';
import type { Clock, IncidentStore } from './ports';

export type ResolveOutcome = { ok: true; incident: Incident } | { ok: false; reason: string };

export async function resolveIncident(
  incidentId: string,
  by: string,
  reason: string,
  deps: { store: IncidentStore; clock: Clock },
): Promise<ResolveOutcome> {
  const incident = await deps.store.getIncident(incidentId);
  if (!incident) return { ok: false, reason: `no incident ${incidentId}` };
  if (incident.status === 'resolved')
    return { ok: false, reason: `incident ${incidentId} is already resolved` };
  const at = deps.clock.now().toISOString();
  const saved = await deps.store.saveIncident({
    ...incident,
    status: 'resolved',
    updatedAt: at,
    resolution: { by, at, reason },
  });
  return { ok: true, incident: saved };
}
