/**
 * The races both persistent stores settle the same way, forced here with a scripted store: the
 * contract tests reach them only by chance.
 */
import type { Incident } from '../../lambdas/core/incident';
import { linkSubject, openIncident, releaseSubjects } from '../../lambdas/providers/subject-pointers';
import type { PointerRead, SubjectPointerStore } from '../../lambdas/providers/subject-pointers';
import { PRINCIPAL_SUBJECT_KEY, SUBJECT_KEY, anIncident } from './store-fixtures';

/** An in-memory store whose pointer writes can be made to lose, as if another writer got there first. */
function aScriptedStore() {
  const pointers = new Map<string, string>();
  const incidents = new Map<string, Incident>();
  const script = { losePointerWrites: 0, rival: undefined as Incident | undefined };
  const store: SubjectPointerStore<PointerRead> = {
    readPointer: (subjectKey) => Promise.resolve({ incidentId: pointers.get(subjectKey) }),
    writePointer: (_operation, subjectKey, incidentId, read) => {
      if (script.losePointerWrites > 0) {
        script.losePointerWrites--;
        if (script.rival) {
          incidents.set(script.rival.id, script.rival);
          pointers.set(subjectKey, script.rival.id);
        }
        return Promise.resolve(false);
      }
      if (pointers.get(subjectKey) !== read.incidentId) return Promise.resolve(false);
      pointers.set(subjectKey, incidentId);
      return Promise.resolve(true);
    },
    releasePointer: (subjectKey, incidentId) => {
      if (pointers.get(subjectKey) === incidentId) pointers.delete(subjectKey);
      return Promise.resolve();
    },
    getIncident: (incidentId) => Promise.resolve(incidents.get(incidentId)),
    createIncident: (incident) => {
      if (incidents.has(incident.id)) return Promise.resolve(false);
      incidents.set(incident.id, incident);
      return Promise.resolve(true);
    },
    deleteIncident: (incidentId) => {
      incidents.delete(incidentId);
      return Promise.resolve();
    },
  };
  return { store, pointers, incidents, script };
}

describe('subject pointers', () => {
  it('hands the loser of a pointer race the winner’s incident and deletes its own candidate', async () => {
    // Prepare: another opener points the subject at its incident between our read and our write
    const { store, incidents, script } = aScriptedStore();
    const rival = anIncident({ id: 'inc-0002', version: 1 });
    Object.assign(script, { losePointerWrites: 1, rival });

    // Act
    const opened = await openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0001' }), store);

    // Assess
    expect(opened).toEqual({ incident: rival, created: false });
    expect([...incidents.keys()]).toEqual(['inc-0002']);
  });

  it('gives up after ten lost races and leaves no unreachable candidate behind', async () => {
    // Prepare
    const { store, incidents, script } = aScriptedStore();
    script.losePointerWrites = 10;

    // Act
    const opening = openIncident(SUBJECT_KEY, anIncident(), store);

    // Assess
    await expect(opening).rejects.toThrow(
      `openIncident: gave up on subject ${SUBJECT_KEY} after 10 lost races`,
    );
    expect(incidents.size).toBe(0);
  });

  it('refuses a candidate whose incident id is already taken', async () => {
    // Prepare: an incident with the candidate's id exists, but no subject points at it
    const { store, incidents, pointers } = aScriptedStore();
    incidents.set('inc-0001', anIncident({ version: 1 }));

    // Act
    const opening = openIncident(SUBJECT_KEY, anIncident(), store);

    // Assess
    await expect(opening).rejects.toThrow('openIncident: incident id inc-0001 is already in use');
    expect(pointers.size).toBe(0);
  });

  it('gives up linking a subject after ten lost races', async () => {
    // Prepare
    const { store, script } = aScriptedStore();
    script.losePointerWrites = 10;

    // Act
    const linking = linkSubject(PRINCIPAL_SUBJECT_KEY, 'inc-0001', store);

    // Assess
    await expect(linking).rejects.toThrow(
      `linkSubject: gave up on subject ${PRINCIPAL_SUBJECT_KEY} after 10 lost races`,
    );
  });

  it('keeps the subjects of an incident that is not resolved', async () => {
    // Prepare
    const { store, pointers } = aScriptedStore();
    const { incident } = await openIncident(SUBJECT_KEY, anIncident(), store);

    // Act
    await releaseSubjects({ ...incident, status: 'contained' }, store);

    // Assess
    expect(pointers.get(SUBJECT_KEY)).toBe(incident.id);
  });
});
