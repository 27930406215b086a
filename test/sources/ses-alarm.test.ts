/**
 * SES alarms' state changes as EventBridge delivers them. Fixture: test/fixtures/cloudwatch, shaped as
 * the CloudWatch user guide's "Alarm events and EventBridge" sample
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html).
 */
import { normalize } from '../../lambdas/sources';
import { normalizeSesAlarm } from '../../lambdas/sources/ses-alarm';
import type { Json } from './fixtures';
import { fixtureWith, loadFixture } from './fixtures';

const BOUNCE = 'cloudwatch/ses-bounce-rate-alarm.json';
const METRIC = ['detail', 'configuration', 'metrics', 0, 'metricStat', 'metric'];

describe('SES alarm state changes', () => {
  it('turns a bounce-rate alarm into an ses-alarm signal for the account and region', () => {
    // Act
    const normalized = normalize(loadFixture(BOUNCE));

    // Assess
    expect(normalized).toEqual({
      ok: true,
      signals: [
        {
          kind: 'ses-alarm',
          source: 'aws.cloudwatch',
          dedupKey:
            'aws.cloudwatch#123456789012#us-east-1#ato-responder-ses-bounce-rate#ALARM#2026-11-22T03:10:40.989+0000',
          subject: { type: 'aws-ses-sending', id: '123456789012/us-east-1' },
          accountId: '123456789012',
          region: 'us-east-1',
          observedAt: '2026-11-22T03:10:40.000Z',
          severity: 'high',
          title: 'SES bounce rate in us-east-1 crossed its alarm threshold (6.12%)',
          principal: { type: 'unknown' },
          keyType: 'unknown',
          reason: 'ses.bounce-rate.alarm',
          metric: 'bounce-rate',
          state: 'ALARM',
          detection: 'threshold',
          alarmName: 'ato-responder-ses-bounce-rate',
          evidence: {
            alarmName: 'ato-responder-ses-bounce-rate',
            value: '0.0612',
            threshold: '0.025',
            reason:
              'Threshold Crossed: 1 out of the last 1 datapoints [0.0612 (22/11/26 03:05:00)] was greater than or equal to the threshold (0.025) (minimum 1 datapoint for OK -> ALARM transition).',
          },
        },
      ],
    });
  });

  it.each([
    [
      'Reputation.ComplaintRate',
      'complaint-rate',
      'SES complaint rate in us-east-1 crossed its alarm threshold (6.12%)',
    ],
    ['Send', 'send-volume', 'SES sending volume in us-east-1 crossed its alarm threshold (0.0612 sent)'],
  ])('names the %s metric', (name, metric, title) => {
    // Act
    const normalized = normalizeSesAlarm(fixtureWith(BOUNCE, [...METRIC, 'name'], name));

    // Assess
    expect(
      normalized.ok && normalized.signals.map((s) => [s.kind === 'ses-alarm' && s.metric, s.title]),
    ).toEqual([[metric, title]]);
  });

  it('makes a recovery (OK) a low signal about the same sending', () => {
    // Act
    const normalized = normalizeSesAlarm(fixtureWith(BOUNCE, ['detail', 'state', 'value'], 'OK'));

    // Assess
    const [signal] = normalized.ok ? normalized.signals : [];
    expect([signal?.severity, signal?.title, signal?.reason, signal?.subject.id]).toEqual([
      'low',
      'SES bounce rate in us-east-1 is back under its alarm threshold (6.12%)',
      'ses.bounce-rate.ok',
      '123456789012/us-east-1',
    ]);
  });

  it('names the configuration set an alarm watches', () => {
    // Act
    const normalized = normalizeSesAlarm(
      fixtureWith(BOUNCE, [...METRIC, 'dimensions'], { 'ses:configuration-set': 'marketing' }),
    );

    // Assess
    const [signal] = normalized.ok ? normalized.signals : [];
    expect(signal?.kind === 'ses-alarm' && [signal.configurationSet, signal.title]).toEqual([
      'marketing',
      'SES bounce rate of configuration set marketing in us-east-1 crossed its alarm threshold (6.12%)',
    ]);
  });

  it.each<[string, Json, string]>([
    [
      'an alarm on another namespace',
      fixtureWith(BOUNCE, [...METRIC, 'namespace'], 'AWS/EC2'),
      'alarm "ato-responder-ses-bounce-rate" watches no SES metric',
    ],
    [
      'an SES metric the responder does not watch',
      fixtureWith(BOUNCE, [...METRIC, 'name'], 'Delivery'),
      'alarm "ato-responder-ses-bounce-rate" watches no SES metric',
    ],
    [
      'INSUFFICIENT_DATA',
      fixtureWith(BOUNCE, ['detail', 'state', 'value'], 'INSUFFICIENT_DATA'),
      'alarm "ato-responder-ses-bounce-rate" went to INSUFFICIENT_DATA: nothing to do',
    ],
    [
      'no alarm name',
      fixtureWith(BOUNCE, ['detail', 'alarmName'], undefined),
      'alarm state change without detail.alarmName',
    ],
  ])('ignores %s, saying why', (_case, event, reason) => {
    expect(normalize(event)).toEqual({ ok: false, reason });
  });

  it('tells an anomaly-detection alarm on the sending volume from a fixed threshold', () => {
    // Act
    const normalized = normalize(loadFixture('cloudwatch/ses-send-anomaly-alarm.json'));

    // Assess
    const [signal] = normalized.ok ? normalized.signals : [];
    expect(
      signal?.kind === 'ses-alarm' && [signal.metric, signal.detection, signal.title, signal.evidence.value],
    ).toEqual([
      'send-volume',
      'anomaly',
      'SES sending volume in us-east-1 rose above its expected band (18412 sent)',
      '18412',
    ]);
  });

  it('says an anomaly alarm is back inside its band on OK', () => {
    // Act
    const normalized = normalizeSesAlarm(
      fixtureWith('cloudwatch/ses-send-anomaly-alarm.json', ['detail', 'state', 'value'], 'OK'),
    );

    // Assess
    const [signal] = normalized.ok ? normalized.signals : [];
    expect(signal?.title).toBe(
      'SES sending volume in us-east-1 is back inside its expected band (18412 sent)',
    );
  });

  it('keeps a signal when reasonData is not JSON, without value or threshold', () => {
    // Act
    const normalized = normalizeSesAlarm(fixtureWith(BOUNCE, ['detail', 'state', 'reasonData'], '{not json'));

    // Assess
    const [signal] = normalized.ok ? normalized.signals : [];
    expect([signal?.title, signal?.evidence.value, signal?.evidence.threshold]).toEqual([
      'SES bounce rate in us-east-1 crossed its alarm threshold',
      undefined,
      undefined,
    ]);
  });
});
