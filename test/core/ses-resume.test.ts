/** Planning `ato ses resume` from the records of a pause, and closing an incident by hand. */
import type { ActionRecord } from '../../lambdas/core/action';
import { resolveIncident } from '../../lambdas/core/resolve';
import { planSesResume, sesIncidentIn } from '../../lambdas/core/ses-resume';
import { MemoryIncidentStore } from '../../lambdas/providers/memory/incident-store';
import { anActionRecord, anIncident } from '../providers/store-fixtures';

const FLAG = '/ato-responder/email/provider';
const sesIncident = (id: string, region: string, status: 'contained' | 'resolved' = 'resolved') =>
  anIncident({
    id,
    status,
    subject: { type: 'aws-ses-sending', id: `123456789012/${region}` },
    subjectKeys: [`aws-ses-sending#123456789012/${region}`],
  });

const pause = (region: string, sets: string[] = []): ActionRecord =>
  anActionRecord({
    actionId: `inc-ses/1-pause-${region}`,
    incidentId: 'inc-ses',
    kind: 'aws.ses.pause-sending',
    target: { region, configurationSets: sets },
    before: {
      type: 'ses-sending',
      region,
      sending: sets.length
        ? sets.map((configurationSet) => ({ configurationSet, enabled: true }))
        : [{ enabled: true }],
      observed: true,
    },
  });
const flag = (previous: string | null): ActionRecord =>
  anActionRecord({
    actionId: 'inc-ses/2-flag',
    incidentId: 'inc-ses',
    kind: 'aws.ssm.set-failover-flag',
    target: { parameterName: FLAG, value: 'backup' },
    before: { type: 'ssm-parameter', name: FLAG, value: previous },
  });

describe('planSesResume', () => {
  it('turns on exactly the configuration sets that were paused and puts the flag back to its old value', () => {
    // Act
    const plan = planSesResume({
      region: 'eu-west-1',
      incident: sesIncident('inc-ses', 'eu-west-1'),
      records: [anActionRecord(), pause('eu-west-1', ['marketing']), flag('primary')],
      alarmsInAlarm: [],
      otherOpen: [],
    });

    // Assess: the key deactivation of the same incident is no business of a resume.
    expect(plan).toEqual({
      refusals: [],
      steps: [
        { actionId: 'inc-ses/2-flag', kind: 'restore-parameter', name: FLAG, value: 'primary' },
        {
          actionId: 'inc-ses/1-pause-eu-west-1',
          kind: 'restore-ses-sending',
          region: 'eu-west-1',
          sending: [{ configurationSet: 'marketing', enabled: true }],
        },
      ],
      notes: [],
    });
  });

  it("leaves the flag raised while another region's SES incident is still open", () => {
    // Act
    const plan = planSesResume({
      region: 'us-east-1',
      incident: sesIncident('inc-ses', 'us-east-1'),
      records: [pause('us-east-1'), flag(null)],
      alarmsInAlarm: [],
      otherOpen: [sesIncident('inc-eu', 'eu-west-1', 'contained')],
    });

    // Assess
    expect([plan.steps.map((s) => s.kind), plan.notes]).toEqual([
      ['restore-ses-sending'],
      [`failover flag ${FLAG} left as it is: still open: inc-eu (SES eu-west-1)`],
    ]);
  });

  it('turns the refusals into notes when forced with a reason', () => {
    // Prepare
    const facts = {
      region: 'us-east-1',
      incident: sesIncident('inc-ses', 'us-east-1', 'contained'),
      records: [pause('us-east-1')],
      alarmsInAlarm: ['ato-responder-ses-complaint-rate'],
      otherOpen: [],
    };

    // Act
    const [refused, forced] = [
      planSesResume(facts),
      planSesResume({ ...facts, force: 'receipts must go out' }),
    ];

    // Assess
    expect(refused.refusals).toEqual([
      'incident inc-ses is contained: find who sent, then close it (ato resolve inc-ses --reason …)',
      'still in ALARM in us-east-1: ato-responder-ses-complaint-rate',
    ]);
    expect([forced.refusals, forced.notes, forced.steps.length]).toEqual([
      [],
      refused.refusals.map((r) => `forced past: ${r}`),
      1,
    ]);
  });

  it('finds the newest SES incident of the region and none of another', () => {
    // Prepare
    const incidents = [
      anIncident(),
      sesIncident('inc-new', 'us-east-1'),
      sesIncident('inc-old', 'us-east-1'),
    ];

    // Act
    const found = [sesIncidentIn(incidents, 'us-east-1')?.id, sesIncidentIn(incidents, 'eu-west-1')];

    // Assess
    expect(found).toEqual(['inc-new', undefined]);
  });
});

describe('resolveIncident', () => {
  it('closes the incident with who, when and why, and refuses to close it twice', async () => {
    // Prepare
    const store = new MemoryIncidentStore();
    await store.openIncident(
      'aws-ses-sending#123456789012/us-east-1',
      sesIncident('inc-ses', 'us-east-1', 'contained'),
    );
    const deps = { store, clock: { now: () => new Date('2026-11-22T09:00:00Z') } };

    // Act
    const first = await resolveIncident('inc-ses', 'cli:jane', 'mailer key deleted', deps);
    const second = await resolveIncident('inc-ses', 'cli:jane', 'again', deps);

    // Assess
    expect(first.ok && [first.incident.status, first.incident.resolution]).toEqual([
      'resolved',
      { by: 'cli:jane', at: '2026-11-22T09:00:00.000Z', reason: 'mailer key deleted' },
    ]);
    expect(second).toEqual({ ok: false, reason: 'incident inc-ses is already resolved' });
    expect(await store.findOpenIncident('aws-ses-sending#123456789012/us-east-1')).toBeUndefined();
  });
});
