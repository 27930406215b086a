/**
 * CloudWatch alarms on SES sending, as EventBridge delivers their state changes ("CloudWatch Alarm
 * State Change", source aws.cloudwatch, in the alarm's region). Only alarms whose metrics include
 * AWS/SES `Reputation.BounceRate`, `Reputation.ComplaintRate` or `Send` are SES alarms; every other
 * alarm of the account is none of the responder's business. INSUFFICIENT_DATA says nothing.
 * Shape: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html
 */
import type { Normalized, SesAlarmSignal, SesMetric } from '../core/signal';
import { oneLine } from '../core/plain-text';
import { arrayAt, numberAt, parseEnvelopeOf, recordAt, stringAt } from './eventbridge-envelope';

export const CLOUDWATCH_SOURCE = 'aws.cloudwatch';
export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';
export const SES_NAMESPACE = 'AWS/SES';

/** The SES metric names (CloudWatch) the responder's alarms watch. */
export const SES_METRIC_NAMES: Readonly<Record<string, SesMetric>> = {
  'Reputation.BounceRate': 'bounce-rate',
  'Reputation.ComplaintRate': 'complaint-rate',
  Send: 'send-volume',
};

const WHAT: Readonly<Record<SesMetric, string>> = {
  'bounce-rate': 'bounce rate',
  'complaint-rate': 'complaint rate',
  'send-volume': 'sending volume',
};

interface SesMetricStat {
  metric: SesMetric;
  configurationSet?: string;
}

/** An anomaly-detection alarm compares its metric with a band: one of its metrics is that expression. */
function isAnomalyAlarm(detail: unknown): boolean {
  return (arrayAt(detail, 'configuration', 'metrics') ?? []).some((entry) =>
    /^\s*ANOMALY_DETECTION_BAND\s*\(/i.test(stringAt(entry, 'expression') ?? ''),
  );
}

/** The first SES metric among the alarm's metrics (a plain alarm has one, an anomaly alarm two). */
function sesMetricOf(detail: unknown): SesMetricStat | undefined {
  for (const entry of arrayAt(detail, 'configuration', 'metrics') ?? []) {
    const metric = recordAt(entry, 'metricStat', 'metric');
    const name = stringAt(metric, 'name');
    if (stringAt(metric, 'namespace') !== SES_NAMESPACE || name === undefined) continue;
    if (!Object.hasOwn(SES_METRIC_NAMES, name)) continue;
    const configurationSet = stringAt(metric, 'dimensions', 'ses:configuration-set');
    return { metric: SES_METRIC_NAMES[name] as SesMetric, ...(configurationSet ? { configurationSet } : {}) };
  }
  return undefined;
}

/**
 * The newest datapoint CloudWatch judged and the threshold, from `state.reasonData` (a JSON string),
 * when it parses: the event is valid without them.
 */
function reasonFacts(state: unknown): { value?: number; threshold?: number } {
  const raw = stringAt(state, 'reasonData');
  if (raw === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {};
  }
  const points = arrayAt(data, 'recentDatapoints') ?? [];
  const last = points[points.length - 1];
  const threshold = numberAt(data, 'threshold');
  return {
    ...(typeof last === 'number' && Number.isFinite(last) ? { value: last } : {}),
    ...(threshold === undefined ? {} : { threshold }),
  };
}

function shown(metric: SesMetric, value: number | undefined): string {
  if (value === undefined) return '';
  return metric === 'send-volume' ? ` (${value} sent)` : ` (${+(value * 100).toFixed(3)}%)`;
}

export function normalizeSesAlarm(event: unknown): Normalized {
  const parsed = parseEnvelopeOf(event, CLOUDWATCH_SOURCE, ALARM_STATE_CHANGE);
  if (!parsed.ok) return parsed;
  const { detail, account, region, time } = parsed.value;
  const alarmName = stringAt(detail, 'alarmName');
  if (alarmName === undefined) return { ok: false, reason: 'alarm state change without detail.alarmName' };
  const ses = sesMetricOf(detail);
  if (ses === undefined) return { ok: false, reason: `alarm "${oneLine(alarmName)}" watches no SES metric` };
  const state = stringAt(detail, 'state', 'value');
  if (state !== 'ALARM' && state !== 'OK')
    return {
      ok: false,
      reason: `alarm "${oneLine(alarmName)}" went to ${state ?? '(no state)'}: nothing to do`,
    };
  const changedAt = stringAt(detail, 'state', 'timestamp') ?? time;
  const { value, threshold } = reasonFacts(recordAt(detail, 'state'));
  const why = oneLine(stringAt(detail, 'state', 'reason') ?? '');
  const scope = ses.configurationSet ? ` of configuration set ${oneLine(ses.configurationSet)}` : '';
  const what = `SES ${WHAT[ses.metric]}${scope} in ${region}`;
  const detection = isAnomalyAlarm(detail) ? 'anomaly' : 'threshold';
  const crossed = detection === 'anomaly' ? 'rose above its expected band' : 'crossed its alarm threshold';
  const back =
    detection === 'anomaly' ? 'is back inside its expected band' : 'is back under its alarm threshold';
  const signal: SesAlarmSignal = {
    kind: 'ses-alarm',
    source: CLOUDWATCH_SOURCE,
    dedupKey: `${CLOUDWATCH_SOURCE}#${account}#${region}#${alarmName}#${state}#${changedAt}`,
    subject: { type: 'aws-ses-sending', id: `${account}/${region}` },
    accountId: account,
    region,
    observedAt: time,
    // Reputation is what AWS pauses an account for, and a burst its earliest sign: all high.
    severity: state === 'ALARM' ? 'high' : 'low',
    title:
      state === 'ALARM'
        ? `${what} ${crossed}${shown(ses.metric, value)}`
        : `${what} ${back}${shown(ses.metric, value)}`,
    principal: { type: 'unknown' },
    keyType: 'unknown',
    reason: `ses.${ses.metric}.${state.toLowerCase()}`,
    metric: ses.metric,
    state,
    detection,
    alarmName,
    ...(ses.configurationSet ? { configurationSet: ses.configurationSet } : {}),
    evidence: {
      alarmName,
      ...(value === undefined ? {} : { value: String(value) }),
      ...(threshold === undefined ? {} : { threshold: String(threshold) }),
      ...(why ? { reason: why } : {}),
    },
  };
  return { ok: true, signals: [signal] };
}
