/* eslint-disable jest/no-export -- a shared suite: each adapter's test file registers it with its own factory */
/**
 * What every IncidentStore must do, written once and run against each adapter. Each test gets a
 * fresh, empty store from the factory: the containment budget is store-wide, so sharing one store
 * between tests would couple them.
 */
import type { IncidentStore } from '../../lambdas/core/ports';
import { ConcurrentUpdateError } from '../../lambdas/core/ports';
import {
  HOUR,
  MINUTE,
  PRINCIPAL_SUBJECT_KEY,
  SUBJECT_KEY,
  T0,
  aPendingApproval,
  anActionRecord,
  anIncident,
  at,
} from './store-fixtures';

export type StoreFactory = () => Promise<IncidentStore>;

export function describeIncidentStoreContract(createStore: StoreFactory): void {
  let store: IncidentStore;

  beforeEach(async () => {
    store = await createStore();
  });

  describe('claimEvent', () => {
    it('claims an event on its first delivery and refuses the redelivery', async () => {
      // Act
      const first = await store.claimEvent('aws.health/evt-0001', T0);
      const second = await store.claimEvent('aws.health/evt-0001', at(5 * MINUTE));

      // Assess
      expect([first, second]).toEqual([true, false]);
    });

    it('frees a leased claim that was never completed once the lease ends (a run killed by a timeout)', async () => {
      // Act
      await store.claimEvent('aws.health/evt-0001', T0, 90);
      const during = await store.claimEvent('aws.health/evt-0001', at(60 * 1000), 90);
      const after = await store.claimEvent('aws.health/evt-0001', at(120 * 1000), 90);

      // Assess
      expect([during, after]).toEqual([false, true]);
    });

    it('holds a completed claim for 48 hours whatever its lease was', async () => {
      // Prepare
      await store.claimEvent('aws.health/evt-0001', T0, 90);

      // Act
      await store.completeEvent('aws.health/evt-0001', at(MINUTE));

      // Assess
      expect(await store.claimEvent('aws.health/evt-0001', at(47 * 60 * MINUTE), 90)).toBe(false);
      expect(await store.claimEvent('aws.health/evt-0001', at(49 * 60 * MINUTE), 90)).toBe(true);
    });

    it('lets exactly one of two concurrent deliveries of one event win', async () => {
      // Act
      const results = await Promise.all([
        store.claimEvent('aws.health/evt-0001', T0),
        store.claimEvent('aws.health/evt-0001', T0),
      ]);

      // Assess
      expect(results.sort()).toEqual([false, true]);
    });

    it('lets exactly one of ten concurrent claims of one event win', async () => {
      // Act
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.claimEvent('aws.health/evt-0001', T0)),
      );

      // Assess
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('claims different events independently, whatever characters their keys hold', async () => {
      // Prepare
      const keys = [
        'aws.health/evt-0001',
        'aws.health/evt-0002',
        '../../etc/passwd',
        'é#%:*?"<>|'.repeat(40),
      ];

      // Act
      const results = await Promise.all(keys.map((key) => store.claimEvent(key, T0)));

      // Assess
      expect(results).toEqual([true, true, true, true]);
    });

    it('still refuses a redelivery 47 hours after the claim', async () => {
      // Prepare
      await store.claimEvent('aws.health/evt-0001', T0);

      // Act
      const claimed = await store.claimEvent('aws.health/evt-0001', at(47 * HOUR));

      // Assess
      expect(claimed).toBe(false);
    });

    it('treats a claim older than 48 hours as free, even before it is deleted', async () => {
      // Prepare
      await store.claimEvent('aws.health/evt-0001', T0);

      // Act
      const claimed = await store.claimEvent('aws.health/evt-0001', at(49 * HOUR));

      // Assess
      expect(claimed).toBe(true);
    });

    it('lets exactly one of two concurrent claims take over an expired claim', async () => {
      // Prepare
      await store.claimEvent('aws.health/evt-0001', T0);

      // Act
      const results = await Promise.all([
        store.claimEvent('aws.health/evt-0001', at(49 * HOUR)),
        store.claimEvent('aws.health/evt-0001', at(49 * HOUR)),
      ]);

      // Assess
      expect(results.sort()).toEqual([false, true]);
    });

    it('frees a released claim for the next delivery', async () => {
      // Prepare
      await store.claimEvent('aws.health/evt-0001', T0);

      // Act
      await store.releaseEvent('aws.health/evt-0001');
      const claimed = await store.claimEvent('aws.health/evt-0001', at(MINUTE));

      // Assess
      expect(claimed).toBe(true);
    });

    it('releases an event that was never claimed without complaint', async () => {
      // Act & Assess
      await expect(store.releaseEvent('aws.health/evt-never')).resolves.toBeUndefined();
    });
  });

  describe('openIncident and findOpenIncident', () => {
    it('creates the incident for a subject that has none, at the next version', async () => {
      // Act
      const opened = await store.openIncident(SUBJECT_KEY, anIncident());

      // Assess
      expect(opened).toEqual({ incident: anIncident({ version: 1 }), created: true });
      expect(await store.findOpenIncident(SUBJECT_KEY)).toEqual(anIncident({ version: 1 }));
    });

    it('returns the open incident to a later caller for the same subject', async () => {
      // Prepare
      await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0001' }));

      // Act
      const opened = await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0002' }));

      // Assess
      expect(opened).toEqual({ incident: anIncident({ id: 'inc-0001', version: 1 }), created: false });
      expect(await store.getIncident('inc-0002')).toBeUndefined();
    });

    it('gives two concurrent openers of one subject the same incident, created by exactly one', async () => {
      // Act
      const results = await Promise.all([
        store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0001' })),
        store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0002' })),
      ]);

      // Assess
      const winner = results.find((result) => result.created);
      expect(results.map((result) => result.created).sort()).toEqual([false, true]);
      expect(results.map((result) => result.incident.id)).toEqual([winner?.incident.id, winner?.incident.id]);
      expect(await store.listIncidents()).toEqual([winner?.incident]);
    });

    it('finds nothing for a subject that never had an incident', async () => {
      // Act
      const found = await store.findOpenIncident(SUBJECT_KEY);

      // Assess
      expect(found).toBeUndefined();
    });

    it('opens a new incident for a subject whose previous incident is resolved', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0001' }));
      await store.saveIncident({ ...incident, status: 'resolved' });

      // Act
      const opened = await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0002' }));

      // Assess
      expect(opened).toEqual({ incident: anIncident({ id: 'inc-0002', version: 1 }), created: true });
    });

    it('forgets a subject once its incident is resolved', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());

      // Act
      await store.saveIncident({ ...incident, status: 'resolved' });

      // Assess
      expect(await store.findOpenIncident(SUBJECT_KEY)).toBeUndefined();
      expect(await store.getIncident(incident.id)).toEqual({ ...incident, status: 'resolved', version: 2 });
    });
  });

  describe('linkSubject', () => {
    it('points a subject key without an incident at the given incident', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());

      // Act
      const linked = await store.linkSubject(PRINCIPAL_SUBJECT_KEY, incident.id);

      // Assess
      expect(linked).toBe(incident.id);
      expect(await store.findOpenIncident(PRINCIPAL_SUBJECT_KEY)).toEqual(incident);
    });

    it('keeps a subject key that already points at another open incident', async () => {
      // Prepare
      await store.openIncident(PRINCIPAL_SUBJECT_KEY, anIncident({ id: 'inc-0001' }));
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0002' }));

      // Act
      const linked = await store.linkSubject(PRINCIPAL_SUBJECT_KEY, incident.id);

      // Assess
      expect(linked).toBe('inc-0001');
    });

    it('links a subject key again to the incident it already points at', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());

      // Act
      const linked = await store.linkSubject(SUBJECT_KEY, incident.id);

      // Assess
      expect(linked).toBe(incident.id);
    });

    it('takes over a subject key whose incident is resolved', async () => {
      // Prepare
      const { incident: old } = await store.openIncident(
        PRINCIPAL_SUBJECT_KEY,
        anIncident({ id: 'inc-0001' }),
      );
      await store.saveIncident({ ...old, status: 'resolved', subjectKeys: [] });
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0002' }));

      // Act
      const linked = await store.linkSubject(PRINCIPAL_SUBJECT_KEY, incident.id);

      // Assess
      expect(linked).toBe('inc-0002');
    });

    it('frees every linked subject key when the incident is resolved', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());
      await store.linkSubject(PRINCIPAL_SUBJECT_KEY, incident.id);

      // Act
      await store.saveIncident({
        ...incident,
        subjectKeys: [SUBJECT_KEY, PRINCIPAL_SUBJECT_KEY],
        status: 'resolved',
      });

      // Assess
      expect(await store.findOpenIncident(SUBJECT_KEY)).toBeUndefined();
      expect(await store.findOpenIncident(PRINCIPAL_SUBJECT_KEY)).toBeUndefined();
    });
  });

  describe('saveIncident and getIncident', () => {
    it('increments the version on every save', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());

      // Act
      const contained = await store.saveIncident({ ...incident, status: 'contained' });
      const escalated = await store.saveIncident({ ...contained, escalations: ['ci-deploy is protected'] });

      // Assess
      expect([contained.version, escalated.version]).toEqual([2, 3]);
      expect(await store.getIncident(incident.id)).toEqual(escalated);
    });

    it('rejects a save from a stale version with a ConcurrentUpdateError', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());
      await store.saveIncident({ ...incident, status: 'contained' });

      // Act
      const save = store.saveIncident({ ...incident, status: 'escalated' });

      // Assess
      await expect(save).rejects.toThrow(ConcurrentUpdateError);
      expect(await store.getIncident(incident.id)).toEqual({ ...incident, status: 'contained', version: 2 });
    });

    it('lets exactly one of two concurrent saves from the same version win', async () => {
      // Prepare
      const { incident } = await store.openIncident(SUBJECT_KEY, anIncident());

      // Act
      const results = await Promise.allSettled([
        store.saveIncident({ ...incident, status: 'contained' }),
        store.saveIncident({ ...incident, status: 'escalated' }),
      ]);

      // Assess
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(results.find((result) => result.status === 'rejected')?.reason).toBeInstanceOf(
        ConcurrentUpdateError,
      );
    });

    it('rejects a save of an incident that was never opened', async () => {
      // Act
      const save = store.saveIncident(anIncident({ version: 1 }));

      // Assess
      await expect(save).rejects.toThrow(ConcurrentUpdateError);
    });

    it('returns undefined for an unknown incident', async () => {
      // Act
      const incident = await store.getIncident('inc-unknown');

      // Assess
      expect(incident).toBeUndefined();
    });
  });

  describe('listIncidents', () => {
    it('lists incidents newest first, up to the limit', async () => {
      // Prepare
      for (const [index, id] of ['inc-0001', 'inc-0002', 'inc-0003'].entries()) {
        const updatedAt = at(index * MINUTE).toISOString();
        await store.openIncident(`aws-access-key#AKIAIOSFODNN7EXAMPL${index}`, anIncident({ id, updatedAt }));
      }

      // Act
      const listed = await store.listIncidents(2);

      // Assess
      expect(listed.map((incident) => incident.id)).toEqual(['inc-0003', 'inc-0002']);
    });

    it('lists every incident when no limit is given', async () => {
      // Prepare
      await store.openIncident(SUBJECT_KEY, anIncident({ id: 'inc-0001' }));
      await store.openIncident(
        PRINCIPAL_SUBJECT_KEY,
        anIncident({ id: 'inc-0002', updatedAt: at(MINUTE).toISOString() }),
      );

      // Act
      const listed = await store.listIncidents();

      // Assess
      expect(listed.map((incident) => incident.id)).toEqual(['inc-0002', 'inc-0001']);
    });
  });

  describe('action records', () => {
    it('returns action records in start order with their before and after state intact', async () => {
      // Prepare
      const deactivate = anActionRecord();
      const snapshot = anActionRecord({
        actionId: 'inc-0001/1-aws.iam.snapshot-principal',
        kind: 'aws.iam.snapshot-principal',
        target: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', principal: { type: 'user', name: 'ci-deploy' } },
        startedAt: at(1000).toISOString(),
        before: undefined,
        after: undefined,
        undo: undefined,
      });
      const policy = anActionRecord({
        actionId: 'inc-0001/2-aws.iam.attach-deny-all',
        kind: 'aws.iam.attach-deny-all',
        startedAt: at(2000).toISOString(),
        before: {
          type: 'inline-policy',
          principal: { type: 'user', name: 'ci-deploy' },
          policyName: 'ato-deny-all',
          document: null,
        },
        after: {
          type: 'inline-policy',
          principal: { type: 'user', name: 'ci-deploy' },
          policyName: 'ato-deny-all',
          document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}',
        },
      });

      // Act
      await store.appendActionRecord(policy);
      await store.appendActionRecord(deactivate);
      await store.appendActionRecord(snapshot);
      const records = await store.listActionRecords('inc-0001');

      // Assess
      expect(records).toEqual([deactivate, snapshot, policy]);
    });

    it('keeps the records of different incidents apart', async () => {
      // Prepare
      const mine = anActionRecord({ incidentId: 'inc-0001' });
      const theirs = anActionRecord({
        incidentId: 'inc-0002',
        actionId: 'inc-0002/0-aws.iam.deactivate-access-key',
      });
      await store.appendActionRecord(mine);
      await store.appendActionRecord(theirs);

      // Act
      const records = await store.listActionRecords('inc-0001');

      // Assess
      expect(records).toEqual([mine]);
    });

    it('returns no records for an incident without any', async () => {
      // Act
      const records = await store.listActionRecords('inc-unknown');

      // Assess
      expect(records).toEqual([]);
    });
  });

  describe('approvals', () => {
    it('returns a stored approval as it was put', async () => {
      // Prepare
      await store.putApproval(aPendingApproval());

      // Act
      const approval = await store.getApproval('apr-0001');

      // Assess
      expect(approval).toEqual(aPendingApproval());
    });

    it('returns undefined for an unknown approval', async () => {
      // Act
      const approval = await store.getApproval('apr-unknown');

      // Assess
      expect(approval).toBeUndefined();
    });

    it('records the first decision and refuses a second one', async () => {
      // Prepare
      await store.putApproval(aPendingApproval());

      // Act
      const first = await store.decideApproval('apr-0001', 'approved', 'alice@example.com', at(MINUTE));
      const second = await store.decideApproval('apr-0001', 'denied', 'bob@example.com', at(2 * MINUTE));

      // Assess
      expect([first, second]).toEqual([true, false]);
      expect(await store.getApproval('apr-0001')).toEqual(
        aPendingApproval({
          status: 'approved',
          decidedBy: 'alice@example.com',
          decidedAt: at(MINUTE).toISOString(),
        }),
      );
    });

    it('lets exactly one of two concurrent decisions win', async () => {
      // Prepare
      await store.putApproval(aPendingApproval());

      // Act
      const results = await Promise.all([
        store.decideApproval('apr-0001', 'approved', 'alice@example.com', at(MINUTE)),
        store.decideApproval('apr-0001', 'denied', 'bob@example.com', at(MINUTE)),
      ]);

      // Assess
      expect(results.sort()).toEqual([false, true]);
    });

    it('decides an asked approval only before it expires; after, it can only be closed as expired', async () => {
      // Prepare: asked in Slack at 0, expiring at 10 minutes
      await store.putApproval(aPendingApproval({ expiresAt: at(10 * MINUTE).toISOString() }));
      await store.putApproval(
        aPendingApproval({ approvalId: 'apr-0002', expiresAt: at(10 * MINUTE).toISOString() }),
      );

      // Act
      const approvedBefore = await store.decideApproval('apr-0001', 'approved', 'slack:U0000BOB', at(MINUTE));
      const approvedAtExpiry = await store.decideApproval(
        'apr-0002',
        'approved',
        'slack:U0000BOB',
        at(10 * MINUTE),
      );
      const deniedAfter = await store.decideApproval('apr-0002', 'denied', 'slack:U0000BOB', at(11 * MINUTE));
      const expired = await store.decideApproval('apr-0002', 'expired', 'timeout', at(11 * MINUTE));
      const expiredTwice = await store.decideApproval('apr-0002', 'expired', 'timeout', at(12 * MINUTE));

      // Assess
      expect([approvedBefore, approvedAtExpiry, deniedAfter, expired, expiredTwice]).toEqual([
        true,
        false,
        false,
        true,
        false,
      ]);
      expect(await store.getApproval('apr-0002')).toMatchObject({
        status: 'expired',
        decidedBy: 'timeout',
        decidedAt: at(11 * MINUTE).toISOString(),
      });
    });

    it('refuses to decide an approval that does not exist', async () => {
      // Act
      const decided = await store.decideApproval('apr-unknown', 'approved', 'alice@example.com', at(MINUTE));

      // Assess
      expect(decided).toBe(false);
    });

    it('counts votes one at a time: the one expected to be next wins, a stale one is refused', async () => {
      // Prepare
      await store.putApproval(aPendingApproval());

      // Act
      const first = await store.recordVote('apr-0001', 'U0000BOB', 0);
      const stale = await store.recordVote('apr-0001', 'U0000CAROL', 0);
      const second = await store.recordVote('apr-0001', 'U0000CAROL', 1);

      // Assess
      expect([first, stale, second]).toEqual([true, false, true]);
      expect((await store.getApproval('apr-0001'))?.votes).toEqual(['U0000BOB', 'U0000CAROL']);
    });

    it('lets one of two concurrent first votes count, and none on a decided or unknown approval', async () => {
      // Prepare
      await store.putApproval(aPendingApproval());
      await store.putApproval(aPendingApproval({ approvalId: 'apr-0002' }));
      await store.decideApproval('apr-0002', 'denied', 'bob@example.com', at(MINUTE));

      // Act
      const concurrent = await Promise.all([
        store.recordVote('apr-0001', 'U0000BOB', 0),
        store.recordVote('apr-0001', 'U0000CAROL', 0),
      ]);
      const decided = await store.recordVote('apr-0002', 'U0000BOB', 0);
      const unknown = await store.recordVote('apr-unknown', 'U0000BOB', 0);

      // Assess
      expect([concurrent.sort(), decided, unknown]).toEqual([[false, true], false, false]);
      expect((await store.getApproval('apr-0001'))?.votes).toHaveLength(1);
    });

    it('does not reset a decided approval when the same request is put again', async () => {
      // Prepare
      await store.putApproval(aPendingApproval());
      await store.decideApproval('apr-0001', 'denied', 'bob@example.com', at(MINUTE));

      // Act
      await store.putApproval(aPendingApproval());

      // Assess
      expect(await store.getApproval('apr-0001')).toEqual(
        aPendingApproval({
          status: 'denied',
          decidedBy: 'bob@example.com',
          decidedAt: at(MINUTE).toISOString(),
        }),
      );
    });
  });

  describe('containment budget', () => {
    it('reserves containments up to the limit and refuses the next one', async () => {
      // Act
      const results: boolean[] = [];
      for (const id of ['inc-0001', 'inc-0002', 'inc-0003']) {
        results.push(await store.reserveContainment(id, T0, 2));
      }

      // Assess
      expect(results).toEqual([true, true, false]);
      expect(await store.containmentsInLastHour(T0)).toBe(2);
    });

    it('spends one unit per holder, however often or concurrently the holder reserves', async () => {
      // Act
      const results = await Promise.all([
        store.reserveContainment('inc-0001', T0, 2),
        store.reserveContainment('inc-0001', T0, 2),
      ]);
      const again = await store.reserveContainment('inc-0001', at(MINUTE), 2);

      // Assess
      expect([...results, again]).toEqual([true, true, true]);
      expect(await store.containmentsInLastHour(at(MINUTE))).toBe(1);
    });

    it('never exceeds the limit when eight reservations race for five places', async () => {
      // Act
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, index) => store.reserveContainment(`inc-000${index}`, T0, 5)),
      );

      // Assess
      expect(results.filter(Boolean)).toHaveLength(5);
      expect(await store.containmentsInLastHour(T0)).toBe(5);
    });

    it('does not count containments older than an hour', async () => {
      // Prepare
      await store.reserveContainment('inc-0001', T0, 1);

      // Act
      const reserved = await store.reserveContainment('inc-0002', at(HOUR + MINUTE), 1);

      // Assess
      expect(reserved).toBe(true);
      expect(await store.containmentsInLastHour(at(HOUR + MINUTE))).toBe(1);
    });

    it('still counts a containment 59 minutes later', async () => {
      // Prepare
      await store.reserveContainment('inc-0001', T0, 1);

      // Act
      const reserved = await store.reserveContainment('inc-0002', at(59 * MINUTE), 1);

      // Assess
      expect(reserved).toBe(false);
    });

    it('counts no containments in a fresh store', async () => {
      // Act
      const count = await store.containmentsInLastHour(T0);

      // Assess
      expect(count).toBe(0);
    });
  });
}
