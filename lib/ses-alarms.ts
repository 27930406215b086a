/**
 * The SES alarms of one watched region (config `ses.regions`), created in the stack's own region —
 * SES publishes its metrics, and CloudWatch its alarm state changes, only there — and the
 * EventBridge pattern that carries those state changes to the responder. The list itself (names,
 * thresholds, descriptions) is lambdas/core/ses-alarms.ts, shared with `ato ses resume`.
 *
 * No alarm has an action: the responder hears of it through EventBridge ("CloudWatch Alarm State
 * Change"), in this region or forwarded from it by EventForwarderStack.
 */
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  AnomalyDetectionAlarm,
  ComparisonOperator,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { EventPattern } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import {
  SES_ALARM_PERIOD_SECONDS,
  SES_ALARM_PREFIX,
  type SesAlarmSpec,
  sesAlarmSpecs,
} from '../lambdas/core/ses-alarms';

/**
 * The state changes of the alarms below, wherever they happen. INSUFFICIENT_DATA says nothing about
 * sending and is left out. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
export const sesAlarmStateChanges: EventPattern = {
  source: ['aws.cloudwatch'],
  detailType: ['CloudWatch Alarm State Change'],
  detail: { alarmName: [{ prefix: SES_ALARM_PREFIX }], state: { value: ['ALARM', 'OK'] } },
};

export interface SesAlarmsProps {
  readonly ses: ResponderConfig['ses'];
}

/** No mail sent publishes no datapoint: nothing is wrong, so silence never alarms. */
const judgedLikeThis = {
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  treatMissingData: TreatMissingData.NOT_BREACHING,
} as const;

export class SesAlarms extends Construct {
  /** By alarm name (sesAlarmName). */
  readonly alarms: Record<string, Alarm> = {};

  constructor(scope: Construct, id: string, props: SesAlarmsProps) {
    super(scope, id);
    for (const spec of sesAlarmSpecs(props.ses)) {
      this.alarms[spec.name] =
        spec.kind === 'send-anomaly' ? this.anomalyAlarm(spec) : this.staticAlarm(spec);
    }
  }

  private metricOf(spec: SesAlarmSpec): Metric {
    return new Metric({
      namespace: 'AWS/SES',
      metricName: spec.metricName,
      statistic: spec.statistic,
      period: Duration.seconds(SES_ALARM_PERIOD_SECONDS),
      ...(spec.configurationSet ? { dimensionsMap: { 'ses:configuration-set': spec.configurationSet } } : {}),
    });
  }

  private staticAlarm(spec: SesAlarmSpec): Alarm {
    return new Alarm(this, this.idOf(spec), {
      ...judgedLikeThis,
      alarmName: spec.name,
      alarmDescription: spec.description,
      metric: this.metricOf(spec),
      threshold: spec.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
  }

  /** Only a burst matters: sending less than usual is no sign of a takeover. */
  private anomalyAlarm(spec: SesAlarmSpec): Alarm {
    return new AnomalyDetectionAlarm(this, this.idOf(spec), {
      ...judgedLikeThis,
      alarmName: spec.name,
      alarmDescription: spec.description,
      metric: this.metricOf(spec),
      stdDevs: spec.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
    });
  }

  private idOf(spec: SesAlarmSpec): string {
    return spec.name.slice(SES_ALARM_PREFIX.length);
  }
}
