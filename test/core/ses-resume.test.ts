/** Planning `ato ses resume` from the records of a pause, and closing an incident by hand. */
import type { ActionRecord } from '../../lambdas/core/action';
import { resolveIncident } from '../../lambdas/core/resolve';
import { type SesHistory, planSesResume, sesIncidentIn } from '../../lambdas/core/ses-resume';
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

const pause = (incidentId: string, region: string, sets: string[] = []): ActionRecord =>
  anActionRecord({
    actionId: `${incidentId}/1-pause-${region}`,
    incidentId,
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
/** The flag's record: `previous` undefined for one that found the flag already raised (no before-state). */
const flag = (incidentId: string, previous?: string | null): ActionRecord =>
  anActionRecord({
    actionId: `${incidentId}/2-flag`,
    incidentId,
    kind: 'aws.ssm.set-failover-flag',
    target: { parameterName: FLAG, value: 'backup' },
    after: { type: 'ssm-parameter', name: FLAG, value: 'backup' },
    ...(previous === undefined
      ? { before: undefined }
      : { before: { type: 'ssm-parameter', name: FLAG, value: previous } }),
  });
const undone = (record: ActionRecord): ActionRecord => ({ ...record, status: 'undone' });
const history = (incident: ReturnType<typeof sesIncident>, ...records: ActionRecord[]): SesHistory => ({
  incident,
  records,
});

describe('planSesResume', () => {
  it('turns on exactly the configuration sets that were paused, then puts the flag back to its old value', () => {
    // Act
    const plan = planSesResume({
      region: 'eu-west-1',
      target: history(
        sesIncident('inc-ses', 'eu-west-1'),
        anActionRecord(),
        pause('inc-ses', 'eu-west-1', ['marketing']),
        flag('inc-ses', 'primary'),
      ),
      others: [],
      alarmsInAlarm: [],
    });

    // Assess: the key deactivation of the same incident is no business of a resume; SES comes back first.
    expect(plan).toEqual({
      refusals: [],
      steps: [
        {
          actionId: 'inc-ses/1-pause-eu-west-1',
          kind: 'restore-ses-sending',
          region: 'eu-west-1',
          sending: [{ configurationSet: 'marketing', enabled: true }],
        },
        { actionId: 'inc-ses/2-flag', kind: 'restore-parameter', name: FLAG, value: 'primary' },
      ],
      notes: [],
    });
  });

  it("keeps the flag raised while another incident's pause stands, resolved or not, and lowers it once that is undone", () => {
    // Prepare
    const target = history(
      sesIncident('inc-us', 'us-east-1'),
      pause('inc-us', 'us-east-1'),
      flag('inc-us', null),
    );
    const euPause = pause('inc-eu', 'eu-west-1');
    const facts = { region: 'us-east-1', target, alarmsInAlarm: [] };

    // Act
    const [standing, resumedThere] = [
      planSesResume({
        ...facts,
        others: [history(sesIncident('inc-eu', 'eu-west-1', 'resolved'), euPause, flag('inc-eu'))],
      }),
      planSesResume({
        ...facts,
        others: [history(sesIncident('inc-eu', 'eu-west-1'), euPause, undone(euPause))],
      }),
    ];

    // Assess
    expect([standing.steps.map((s) => s.kind), standing.notes]).toEqual([
      ['restore-ses-sending'],
      ['the failover flag stays raised: SES sending is still paused in eu-west-1 (inc-eu)'],
    ]);
    expect(resumedThere.steps.map((s) => s.kind)).toEqual(['restore-ses-sending', 'restore-parameter']);
  });

  it('lowers, at the last resume, the flag another incident raised, from that incident’s record', () => {
    // Prepare: eu-west-1 raised the flag and was resumed first (flag kept); us-east-1 only found it raised.
    const euPause = pause('inc-eu', 'eu-west-1');
    const eu = history(
      sesIncident('inc-eu', 'eu-west-1'),
      euPause,
      flag('inc-eu', 'primary'),
      undone(euPause),
    );

    // Act
    const plan = planSesResume({
      region: 'us-east-1',
      target: history(sesIncident('inc-us', 'us-east-1'), pause('inc-us', 'us-east-1'), flag('inc-us')),
      others: [eu],
      alarmsInAlarm: [],
    });

    // Assess
    expect(plan.steps).toEqual([
      {
        actionId: 'inc-us/1-pause-us-east-1',
        kind: 'restore-ses-sending',
        region: 'us-east-1',
        sending: [{ enabled: true }],
      },
      { actionId: 'inc-eu/2-flag', kind: 'restore-parameter', name: FLAG, value: 'primary' },
    ]);
  });

  it('turns the refusals into notes when forced with a reason', () => {
    // Prepare
    const facts = {
      region: 'us-east-1',
      target: history(sesIncident('inc-ses', 'us-east-1', 'contained'), pause('inc-ses', 'us-east-1')),
      others: [],
      alarmsInAlarm: ['ato-responder-ses-complaint-rate'],
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

  it('refuses on an alarm alone, for a resolved incident', () => {
    // Act
    const plan = planSesResume({
      region: 'us-east-1',
      target: history(sesIncident('inc-ses', 'us-east-1'), pause('inc-ses', 'us-east-1')),
      others: [],
      alarmsInAlarm: ['ato-responder-ses-bounce-rate'],
    });

    // Assess
    expect(plan.refusals).toEqual(['still in ALARM in us-east-1: ato-responder-ses-bounce-rate']);
  });
});

describe('sesIncidentIn', () => {
  it('picks the newest incident with a pause standing in the region over a newer one without', () => {
    // Prepare: a person's resume elsewhere made a CloudTrail detection: a newer incident, nothing paused.
    const histories = [
      history(sesIncident('inc-detection', 'us-east-1', 'contained')),
      history(sesIncident('inc-paused', 'us-east-1'), pause('inc-paused', 'us-east-1')),
      history(sesIncident('inc-old', 'us-east-1'), pause('inc-old', 'us-east-1')),
    ];

    // Act
    const found = [sesIncidentIn(histories, 'us-east-1')?.incident.id, sesIncidentIn(histories, 'eu-west-1')];

    // Assess
    expect(found).toEqual(['inc-paused', undefined]);
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
