/**
 * The SES alarms of a watched region, as synthesized: one per spec of lambdas/core/ses-alarms.ts, on
 * the AWS/SES metrics the normalizer (lambdas/sources/ses-alarm.ts) reads back from their state
 * changes; and where the main stack puts them.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { ConfigInput } from '../../lambdas/core/config';
import { SES_ALARM_PREFIX } from '../../lambdas/core/ses-alarms';
import { AtoResponderStack } from '../../lib/ato-responder-stack';
import { readResponderConfig } from '../../lib/config-context';
import { SesAlarms } from '../../lib/ses-alarms';
import { config } from '../core/builders';
import { ACCOUNT, buildStack, resourcesOf } from './stack-builder';

type SesInput = NonNullable<ConfigInput['ses']>;

/** The alarms SesAlarms synthesizes in a stack of its own, by AlarmName. */
function alarmsFor(ses: Omit<SesInput, 'regions'> = {}): Record<string, Record<string, unknown>> {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Watched', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  new SesAlarms(stack, 'SesAlarms', { ses: config({ ses: { regions: ['eu-west-1'], ...ses } }).ses });
  const alarms = Object.values(resourcesOf(Template.fromStack(stack), 'AWS::CloudWatch::Alarm'));
  return Object.fromEntries(alarms.map((alarm) => [String(alarm.Properties.AlarmName), alarm.Properties]));
}

/** The SES alarms of a template (the main stack has alarms of its own too). */
function sesAlarmNamesOf(template: Template): string[] {
  return Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'))
    .map((alarm) => String(alarm.Properties.AlarmName))
    .filter((name) => name.startsWith(SES_ALARM_PREFIX));
}

/** What every static alarm shares: one datapoint at or above the threshold fires, silence does not. */
const atOrAboveOnce = {
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  TreatMissingData: 'notBreaching',
  Namespace: 'AWS/SES',
  Period: 300,
};

const everything = { sendsPerFiveMinutes: 1000, alarmConfigurationSets: ['marketing'] };

describe('the SES alarms of a watched region', () => {
  it('are the account bounce and complaint alarms and the send anomaly alarm by default', () => {
    // Act
    const alarms = alarmsFor();

    // Assess
    expect(Object.keys(alarms).sort()).toEqual([
      'ato-responder-ses-bounce-rate',
      'ato-responder-ses-complaint-rate',
      'ato-responder-ses-send-anomaly',
    ]);
  });

  it('add a bounce and a complaint alarm per configuration set, and the volume ceiling when set', () => {
    // Act
    const alarms = alarmsFor(everything);

    // Assess
    expect(Object.keys(alarms).sort()).toEqual([
      'ato-responder-ses-bounce-rate',
      'ato-responder-ses-bounce-rate-marketing',
      'ato-responder-ses-complaint-rate',
      'ato-responder-ses-complaint-rate-marketing',
      'ato-responder-ses-send-anomaly',
      'ato-responder-ses-send-volume',
    ]);
  });

  it("fire on the account's bounce rate at the configured fraction, with no dimension", () => {
    // Act
    const alarm = alarmsFor({ bounceRateAlarm: 0.03 })['ato-responder-ses-bounce-rate'];

    // Assess
    expect(alarm).toEqual({
      ...atOrAboveOnce,
      AlarmName: 'ato-responder-ses-bounce-rate',
      AlarmDescription: 'ato-responder: SES bounce rate at or above 3% (AWS reviews the account at 5%)',
      MetricName: 'Reputation.BounceRate',
      Statistic: 'Maximum',
      Threshold: 0.03,
    });
  });

  it("fire on the account's complaint rate at the configured fraction, with no dimension", () => {
    // Act
    const alarm = alarmsFor()['ato-responder-ses-complaint-rate'];

    // Assess
    expect(alarm).toEqual({
      ...atOrAboveOnce,
      AlarmName: 'ato-responder-ses-complaint-rate',
      AlarmDescription:
        'ato-responder: SES complaint rate at or above 0.05% (AWS reviews the account at 0.1%)',
      MetricName: 'Reputation.ComplaintRate',
      Statistic: 'Maximum',
      Threshold: 0.0005,
    });
  });

  it("fire on a configuration set's own reputation, on its ses:configuration-set dimension", () => {
    // Act
    const alarms = alarmsFor(everything);

    // Assess
    const marketing = [{ Name: 'ses:configuration-set', Value: 'marketing' }];
    expect(alarms['ato-responder-ses-bounce-rate-marketing']).toEqual({
      ...atOrAboveOnce,
      AlarmName: 'ato-responder-ses-bounce-rate-marketing',
      AlarmDescription:
        'ato-responder: SES bounce rate of configuration set marketing at or above 2.5% (AWS reviews the account at 5%)',
      MetricName: 'Reputation.BounceRate',
      Statistic: 'Maximum',
      Threshold: 0.025,
      Dimensions: marketing,
    });
    expect(alarms['ato-responder-ses-complaint-rate-marketing']).toEqual({
      ...atOrAboveOnce,
      AlarmName: 'ato-responder-ses-complaint-rate-marketing',
      AlarmDescription:
        'ato-responder: SES complaint rate of configuration set marketing at or above 0.05% (AWS reviews the account at 0.1%)',
      MetricName: 'Reputation.ComplaintRate',
      Statistic: 'Maximum',
      Threshold: 0.0005,
      Dimensions: marketing,
    });
  });

  it('fire on the emails sent in five minutes reaching the configured ceiling', () => {
    // Act
    const alarm = alarmsFor(everything)['ato-responder-ses-send-volume'];

    // Assess
    expect(alarm).toEqual({
      ...atOrAboveOnce,
      AlarmName: 'ato-responder-ses-send-volume',
      AlarmDescription: 'ato-responder: 1000 or more emails sent in 5 minutes',
      MetricName: 'Send',
      Statistic: 'Sum',
      Threshold: 1000,
    });
  });

  it('have no volume ceiling when sendsPerFiveMinutes is unset', () => {
    // Act
    const alarms = alarmsFor({ alarmConfigurationSets: ['marketing'] });

    // Assess
    expect(Object.keys(alarms)).not.toContain('ato-responder-ses-send-volume');
    expect(Object.values(alarms).filter((alarm) => alarm.MetricName === 'Send')).toEqual([]);
  });

  it('fire on emails sent above the anomaly band of the configured width, never below it', () => {
    // Act
    const alarm = alarmsFor({ sendAnomaly: { standardDeviations: 3 } })['ato-responder-ses-send-anomaly'];

    // Assess
    expect(alarm).toEqual({
      AlarmName: 'ato-responder-ses-send-anomaly',
      AlarmDescription:
        'ato-responder: emails sent in 5 minutes above the expected band (3 standard deviations)',
      ComparisonOperator: 'GreaterThanUpperThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      Metrics: [
        {
          Id: 'expr_1',
          Expression: 'ANOMALY_DETECTION_BAND(m0, 3)',
          Label: 'Anomaly Detection Band',
          ReturnData: true,
        },
        {
          Id: 'm0',
          MetricStat: { Metric: { Namespace: 'AWS/SES', MetricName: 'Send' }, Period: 300, Stat: 'Sum' },
          ReturnData: true,
        },
      ],
      ThresholdMetricId: 'expr_1',
    });
  });

  it('have no anomaly alarm when sendAnomaly is disabled', () => {
    // Act
    const alarms = alarmsFor({ sendAnomaly: { enabled: false } });

    // Assess
    expect(Object.keys(alarms).sort()).toEqual([
      'ato-responder-ses-bounce-rate',
      'ato-responder-ses-complaint-rate',
    ]);
  });

  it('have no action: EventBridge brings their state changes to the responder', () => {
    // Act
    const alarms = Object.values(alarmsFor(everything));

    // Assess
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) {
      expect(alarm).not.toHaveProperty('AlarmActions');
      expect(alarm).not.toHaveProperty('OKActions');
    }
  });
});

describe('the main stack', () => {
  it("creates the SES alarms when its own region's sending is watched", () => {
    // Act
    const stack = buildStack({ ses: { regions: ['eu-west-1', 'us-east-1'] } });

    // Assess
    expect(Object.keys(stack.sesAlarms?.alarms ?? {}).sort()).toEqual([
      'ato-responder-ses-bounce-rate',
      'ato-responder-ses-complaint-rate',
      'ato-responder-ses-send-anomaly',
    ]);
    expect(sesAlarmNamesOf(Template.fromStack(stack)).sort()).toEqual([
      'ato-responder-ses-bounce-rate',
      'ato-responder-ses-complaint-rate',
      'ato-responder-ses-send-anomaly',
    ]);
  });

  it('leaves the SES alarms of other regions to their forwarders', () => {
    // Act
    const stack = buildStack({ ses: { regions: ['eu-west-1'] } });

    // Assess
    expect(stack.sesAlarms).toBeUndefined();
    expect(sesAlarmNamesOf(Template.fromStack(stack))).toEqual([]);
  });

  it('creates no SES alarm when SES is not watched', () => {
    // Act
    const stack = buildStack();

    // Assess
    expect(stack.sesAlarms).toBeUndefined();
    expect(sesAlarmNamesOf(Template.fromStack(stack))).toEqual([]);
  });

  it('goes by its own region when it has one', () => {
    // Act
    const stack = buildStack({ ses: { regions: ['eu-west-1'] } }, { region: 'eu-west-1' });

    // Assess
    expect(stack.sesAlarms).toBeDefined();
  });

  it('counts as us-east-1 with no environment, as bin/app.ts does', () => {
    // Act
    const stack = buildStack({ ses: { regions: ['us-east-1'] } }, { region: null });

    // Assess
    expect(stack.sesAlarms).toBeDefined();
  });

  it('goes by the responderRegion it is given with no environment', () => {
    // Prepare
    const app = new App({
      builtinCloudFormationValidation: false,
      context: {
        'ato-responder': { ses: { regions: ['us-east-1'] } },
        'aws:cdk:bundling-stacks': [],
      },
    });

    // Act
    const stack = new AtoResponderStack(app, 'AtoResponder', {
      config: readResponderConfig(app),
      responderRegion: 'eu-west-1',
    });

    // Assess: us-east-1 is watched, but the stack deploys to eu-west-1.
    expect(stack.sesAlarms).toBeUndefined();
  });
});
