/**
 * The SES alarms the stack creates in every watched region, as data: the stack builds them from this
 * list, and `ato ses resume` finds them again by name. One list, so the two cannot drift apart. Pure.
 *
 * AWS reviews an account at 5% bounces or 0.1% complaints and pauses it at 10% / 0.5%
 * (https://docs.aws.amazon.com/ses/latest/dg/faqs-enforcement.html); the reputation alarms fire below
 * the review. Reputation metrics are fractions (0.05 = 5%) published for the account, and per
 * configuration set where its reputation metrics are enabled (dimension `ses:configuration-set`).
 */
import type { ResponderConfig } from './config';

export type SesAlarmKind = 'bounce-rate' | 'complaint-rate' | 'send-volume' | 'send-anomaly';

/** Every alarm the responder creates starts with this: the event rule matches on it. */
export const SES_ALARM_PREFIX = 'ato-responder-ses-';

/** Five minutes: the shortest period the SES metrics are worth judging at. */
export const SES_ALARM_PERIOD_SECONDS = 300;

export interface SesAlarmSpec {
  name: string;
  kind: SesAlarmKind;
  /** AWS/SES metric name. */
  metricName: 'Reputation.BounceRate' | 'Reputation.ComplaintRate' | 'Send';
  statistic: 'Maximum' | 'Sum';
  /** Static alarms: fire at or above it. Anomaly alarms: the band's width in standard deviations. */
  threshold: number;
  configurationSet?: string;
  description: string;
}

export function sesAlarmName(kind: SesAlarmKind, configurationSet?: string): string {
  return `${SES_ALARM_PREFIX}${kind}${configurationSet ? `-${configurationSet}` : ''}`;
}

const percent = (fraction: number): string => `${+(fraction * 100).toFixed(4)}%`;

function reputationAlarms(ses: ResponderConfig['ses'], configurationSet?: string): SesAlarmSpec[] {
  const scope = configurationSet ? ` of configuration set ${configurationSet}` : '';
  return [
    {
      name: sesAlarmName('bounce-rate', configurationSet),
      kind: 'bounce-rate',
      metricName: 'Reputation.BounceRate',
      statistic: 'Maximum',
      threshold: ses.bounceRateAlarm,
      ...(configurationSet ? { configurationSet } : {}),
      description: `ato-responder: SES bounce rate${scope} at or above ${percent(ses.bounceRateAlarm)} (AWS reviews the account at 5%)`,
    },
    {
      name: sesAlarmName('complaint-rate', configurationSet),
      kind: 'complaint-rate',
      metricName: 'Reputation.ComplaintRate',
      statistic: 'Maximum',
      threshold: ses.complaintRateAlarm,
      ...(configurationSet ? { configurationSet } : {}),
      description: `ato-responder: SES complaint rate${scope} at or above ${percent(ses.complaintRateAlarm)} (AWS reviews the account at 0.1%)`,
    },
  ];
}

/** The alarms of one watched region. */
export function sesAlarmSpecs(ses: ResponderConfig['ses']): SesAlarmSpec[] {
  const specs = [
    ...reputationAlarms(ses),
    ...ses.alarmConfigurationSets.flatMap((set) => reputationAlarms(ses, set)),
  ];
  if (ses.sendsPerFiveMinutes !== undefined) {
    specs.push({
      name: sesAlarmName('send-volume'),
      kind: 'send-volume',
      metricName: 'Send',
      statistic: 'Sum',
      threshold: ses.sendsPerFiveMinutes,
      description: `ato-responder: ${ses.sendsPerFiveMinutes} or more emails sent in 5 minutes`,
    });
  }
  if (ses.sendAnomaly.enabled) {
    specs.push({
      name: sesAlarmName('send-anomaly'),
      kind: 'send-anomaly',
      metricName: 'Send',
      statistic: 'Sum',
      threshold: ses.sendAnomaly.standardDeviations,
      description: `ato-responder: emails sent in 5 minutes above the expected band (${ses.sendAnomaly.standardDeviations} standard deviations)`,
    });
  }
  return specs;
}
