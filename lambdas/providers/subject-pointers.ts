/**
 * Which incident is open for a subject, decided once for every persistent IncidentStore. A subject
 * key points at one incident; the pointer is changed only by a compare-and-swap against what was
 * read, so the adapter's conditional write (a DynamoDB condition, an exclusive file create) is what
 * settles every race. A pointer at a resolved incident counts as free, so a crash between resolving
 * an incident and releasing its pointers never locks a subject.
 */
import type { Incident } from '../core/incident';
import type { OpenedIncident } from '../core/ports';

/** Each lost race means another writer succeeded, so this bounds the wait under load. */
const MAX_RACE_ATTEMPTS = 10;

/** A subject pointer as read; an adapter adds whatever its compare-and-swap compares against. */
export interface PointerRead {
  /** The incident the subject points at, undefined if it points at none. */
  incidentId: string | undefined;
}

/** The primitive operations a store offers; every one is a single read or a single atomic write. */
export interface SubjectPointerStore<Read extends PointerRead> {
  readPointer(subjectKey: string): Promise<Read>;
  /** Point the subject at an incident if the pointer is still as `read`; false if it changed. */
  writePointer(operation: string, subjectKey: string, incidentId: string, read: Read): Promise<boolean>;
  /** Drop the pointer unless it points at another incident by now. */
  releasePointer(subjectKey: string, incidentId: string): Promise<void>;
  getIncident(incidentId: string): Promise<Incident | undefined>;
  /** Write an incident that must not exist yet; false if its id is taken. */
  createIncident(incident: Incident): Promise<boolean>;
  deleteIncident(incidentId: string): Promise<void>;
}

export async function findOpenIncident<Read extends PointerRead>(
  subjectKey: string,
  store: SubjectPointerStore<Read>,
): Promise<Incident | undefined> {
  return openIncidentAt(await store.readPointer(subjectKey), store);
}

/**
 * The incident is written before the pointer that makes it reachable, so a pointer never leads to
 * a missing incident; the loser of a race deletes its unreachable candidate.
 */
export async function openIncident<Read extends PointerRead>(
  subjectKey: string,
  candidate: Incident,
  store: SubjectPointerStore<Read>,
): Promise<OpenedIncident> {
  const incident: Incident = { ...candidate, version: candidate.version + 1 };
  let candidateWritten = false;
  for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
    const pointer = await store.readPointer(subjectKey);
    const current = await openIncidentAt(pointer, store);
    if (current) {
      if (candidateWritten && current.id !== incident.id) await store.deleteIncident(incident.id);
      return { incident: current, created: false };
    }
    if (!candidateWritten) {
      candidateWritten = await store.createIncident(incident);
      if (!candidateWritten) throw new Error(`openIncident: incident id ${incident.id} is already in use`);
    }
    if (await store.writePointer('openIncident', subjectKey, incident.id, pointer)) {
      return { incident, created: true };
    }
  }
  if (candidateWritten) await store.deleteIncident(incident.id);
  throw new Error(`openIncident: gave up on subject ${subjectKey} after ${MAX_RACE_ATTEMPTS} lost races`);
}

export async function linkSubject<Read extends PointerRead>(
  subjectKey: string,
  incidentId: string,
  store: SubjectPointerStore<Read>,
): Promise<string> {
  for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
    const pointer = await store.readPointer(subjectKey);
    if (pointer.incidentId === incidentId) return incidentId;
    const current = await openIncidentAt(pointer, store);
    if (current) return current.id;
    if (await store.writePointer('linkSubject', subjectKey, incidentId, pointer)) return incidentId;
  }
  throw new Error(`linkSubject: gave up on subject ${subjectKey} after ${MAX_RACE_ATTEMPTS} lost races`);
}

/** Once an incident is resolved, every subject it held is free for the next incident. */
export async function releaseSubjects<Read extends PointerRead>(
  saved: Incident,
  store: SubjectPointerStore<Read>,
): Promise<void> {
  if (saved.status !== 'resolved') return;
  await Promise.all(saved.subjectKeys.map((subjectKey) => store.releasePointer(subjectKey, saved.id)));
}

async function openIncidentAt<Read extends PointerRead>(
  pointer: Read,
  store: SubjectPointerStore<Read>,
): Promise<Incident | undefined> {
  const incident = pointer.incidentId ? await store.getIncident(pointer.incidentId) : undefined;
  return incident?.status === 'resolved' ? undefined : incident;
}
