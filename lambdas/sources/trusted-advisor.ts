/**
 * Trusted Advisor's "Exposed Access Keys" check: AWS found a key in a public place, or billing looks
 * like a stolen key. Trusted Advisor publishes to EventBridge in us-east-1 only.
 * Shape: https://docs.aws.amazon.com/awssupport/latest/user/cloudwatch-events-ta.html
 */
import { ACCESS_KEY_ID, keyTypeOf } from '../core/signal';
import type { LeakedAccessKeySignal, Normalized, PrincipalRef, Severity } from '../core/signal';
import type { EventBridgeEnvelope, JsonRecord } from './eventbridge-envelope';
import { parseEnvelopeOf, recordAt, stringAt } from './eventbridge-envelope';

export const TRUSTED_ADVISOR_SOURCE = 'aws.trustedadvisor';
export const TRUSTED_ADVISOR_DETAIL_TYPE = 'Trusted Advisor Check Item Refresh Notification';
export const EXPOSED_ACCESS_KEYS_CHECK = 'Exposed Access Keys';

// Red (ERROR) is how the check reports a key AWS found exposed or suspects of fraud; yellow is advisory.
const SEVERITY_BY_STATUS: Readonly<Record<string, Severity>> = { ERROR: 'critical', WARN: 'high' };

/** Check-item fields as the check's table names them (the console shows the same column titles). */
const FIELD = {
  accessKeyId: 'Access Key ID',
  userName: 'User Name (IAM or Root)',
  fraudType: 'Fraud Type',
  caseId: 'Case ID',
  timeUpdated: 'Time Updated',
  location: 'Location',
  deadline: 'Deadline',
  usage: 'Usage (USD per Day)',
} as const;

export function normalizeTrustedAdvisorEvent(event: unknown): Normalized {
  const parsed = parseEnvelopeOf(event, TRUSTED_ADVISOR_SOURCE, TRUSTED_ADVISOR_DETAIL_TYPE);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  const { detail } = envelope;

  const checkName = stringAt(detail, 'check-name');
  if (checkName !== EXPOSED_ACCESS_KEYS_CHECK) {
    return {
      ok: false,
      reason: `Trusted Advisor check "${checkName ?? '(unnamed)'}" is not the ${EXPOSED_ACCESS_KEYS_CHECK} check`,
    };
  }
  const status = stringAt(detail, 'status');
  if (status === 'OK') {
    return {
      ok: false,
      reason: `Trusted Advisor ${EXPOSED_ACCESS_KEYS_CHECK} item is OK: no exposed key reported`,
    };
  }
  const severity =
    status !== undefined && Object.hasOwn(SEVERITY_BY_STATUS, status)
      ? SEVERITY_BY_STATUS[status]
      : undefined;
  if (severity === undefined) {
    return {
      ok: false,
      reason: `Trusted Advisor ${EXPOSED_ACCESS_KEYS_CHECK} item has unknown status ${status ?? '(none)'}`,
    };
  }
  const item = recordAt(detail, 'check-item-detail');
  const accessKeyId = stringAt(item, FIELD.accessKeyId);
  if (item === undefined || accessKeyId === undefined || !ACCESS_KEY_ID.test(accessKeyId)) {
    return {
      ok: false,
      reason: `Trusted Advisor ${EXPOSED_ACCESS_KEYS_CHECK} item names no valid "${FIELD.accessKeyId}"`,
    };
  }
  return { ok: true, signals: [toSignal(envelope, item, { accessKeyId, status: status ?? '', severity })] };
}

function toSignal(
  envelope: EventBridgeEnvelope,
  item: JsonRecord,
  facts: { accessKeyId: string; status: string; severity: Severity },
): LeakedAccessKeySignal {
  const { accessKeyId, status, severity } = facts;
  const principal = principalOf(stringAt(item, FIELD.userName));
  const caseId = stringAt(item, FIELD.caseId);
  const timeUpdated = stringAt(item, FIELD.timeUpdated);
  const fraudType = stringAt(item, FIELD.fraudType);
  const evidence: Record<string, string> = { checkName: EXPOSED_ACCESS_KEYS_CHECK, status };
  const optional = {
    caseId,
    fraudType,
    location: stringAt(item, FIELD.location),
    deadline: stringAt(item, FIELD.deadline),
  };
  for (const [name, value] of Object.entries(optional)) if (value !== undefined) evidence[name] = value;
  const usage = stringAt(item, FIELD.usage);
  if (usage !== undefined) evidence.usageUsdPerDay = usage;
  if (timeUpdated !== undefined) evidence.timeUpdated = timeUpdated;

  const owner =
    principal.type === 'root'
      ? ' of the root user'
      : principal.name === undefined
        ? ''
        : ` of user ${principal.name}`;
  return {
    kind: 'leaked-access-key',
    source: 'aws.trustedadvisor',
    // The check re-publishes the same item on every refresh; case + update time identify one report.
    dedupKey: [
      'aws.trustedadvisor',
      envelope.account,
      accessKeyId,
      caseId ?? 'no-case',
      timeUpdated ?? envelope.time,
    ].join('#'),
    subject: { type: 'aws-access-key', id: accessKeyId },
    accountId: envelope.account,
    region: envelope.region,
    observedAt: epochMillisToIso(timeUpdated) ?? envelope.time,
    severity,
    title: `Trusted Advisor flags access key ${accessKeyId}${owner} as ${fraudType ?? 'exposed'}`,
    accessKeyId,
    keyType: keyTypeOf(accessKeyId),
    principal,
    reason: `TRUSTED_ADVISOR_EXPOSED_ACCESS_KEY_${status}`,
    evidence,
  };
}

/** The column holds either an IAM user name or the root user, spelled in more than one way. */
function principalOf(userName: string | undefined): PrincipalRef {
  if (userName === undefined) return { type: 'unknown' };
  if (/^<?root>?$/i.test(userName.trim())) return { type: 'root' };
  return { type: 'user', name: userName };
}

/** "Time Updated" is epoch milliseconds as a string ("1515787659296"). */
function epochMillisToIso(text: string | undefined): string | undefined {
  if (text === undefined || !/^\d{10,15}$/.test(text)) return undefined;
  const date = new Date(Number(text));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
