/**
 * AWS Health RISK events: AWS telling the account that an access key was found exposed (typically on a
 * public GitHub repository), is suspected of being used by someone else, or was quarantined.
 * Shape: https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html
 */
import { ACCESS_KEY_ID, keyTypeOf } from '../core/signal';
import type { LeakedAccessKeySignal, Normalized, PrincipalRef, Severity } from '../core/signal';
import type { EventBridgeEnvelope, JsonRecord } from './eventbridge-envelope';
import { accountIdAt, arrayAt, parseEnvelopeOf, stringAt, toIsoTime } from './eventbridge-envelope';

export const HEALTH_SOURCE = 'aws.health';
export const HEALTH_DETAIL_TYPE = 'AWS Health Event';

interface RiskCode {
  severity: Severity;
  /** Completes "AWS … access key AKIA… of user alice …". */
  verb: (key: string, owner: string) => string;
}

const RISK_CODES: Readonly<Record<string, RiskCode>> = {
  AWS_RISK_CREDENTIALS_EXPOSED: {
    severity: 'critical',
    verb: (key, owner) => `AWS reports access key ${key}${owner} exposed publicly`,
  },
  AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED: {
    severity: 'high',
    verb: (key, owner) => `AWS suspects access key ${key}${owner} was exposed publicly`,
  },
  AWS_RISK_CREDENTIALS_COMPROMISED: {
    severity: 'critical',
    verb: (key, owner) => `AWS reports access key ${key}${owner} compromised: someone else is using it`,
  },
  AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED: {
    severity: 'high',
    verb: (key, owner) => `AWS suspects access key ${key}${owner} is being used by someone else`,
  },
  AWS_RISK_IAM_QUARANTINE: {
    severity: 'critical',
    verb: (key, owner) => `AWS quarantined access key ${key}${owner} after finding it exposed`,
  },
};

export function normalizeHealthEvent(event: unknown): Normalized {
  const parsed = parseEnvelopeOf(event, HEALTH_SOURCE, HEALTH_DETAIL_TYPE);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  const { detail } = envelope;

  const code = stringAt(detail, 'eventTypeCode');
  if (code === undefined) return { ok: false, reason: 'aws.health event has no detail.eventTypeCode' };
  const service = stringAt(detail, 'service');
  const risk = Object.hasOwn(RISK_CODES, code) ? RISK_CODES[code] : undefined;
  if (risk === undefined || service !== 'RISK') {
    return { ok: false, reason: `aws.health event type ${code} is not a credential-risk event` };
  }
  const category = stringAt(detail, 'eventTypeCategory');
  if (category !== 'issue') {
    return { ok: false, reason: `aws.health ${code} event has category ${category ?? '(none)'}, not issue` };
  }
  const eventArn = stringAt(detail, 'eventArn');
  if (eventArn === undefined) return { ok: false, reason: `aws.health ${code} event has no detail.eventArn` };
  // A closed event is AWS saying the risk was dealt with; acting on it could undo the owner's recovery.
  if (stringAt(detail, 'statusCode') === 'closed') {
    return { ok: false, reason: `aws.health ${code} event ${eventArn} is closed: AWS considers it resolved` };
  }

  const keys = affectedKeys(envelope);
  if (keys.length === 0) {
    return { ok: false, reason: `aws.health ${code} event ${eventArn} names no access key id` };
  }
  return { ok: true, signals: keys.map((key) => toSignal(envelope, code, risk, eventArn, key)) };
}

/**
 * Key ids from affectedEntities, resources and eventMetadata.publicKey, once each: the same key is
 * usually in all three, and only ids that look like access keys count (an entity can be an account id).
 */
function affectedKeys(envelope: EventBridgeEnvelope): string[] {
  const { detail } = envelope;
  const entities = stringsAtEach(detail, 'affectedEntities', 'entityValue');
  const candidates = [
    ...entities,
    ...envelope.resources,
    stringAt(detail, 'eventMetadata', 'publicKey') ?? '',
  ];
  return [...new Set(candidates.filter((candidate) => ACCESS_KEY_ID.test(candidate)))];
}

function stringsAtEach(detail: JsonRecord, arrayField: string, field: string): string[] {
  const items = arrayAt(detail, arrayField) ?? [];
  return items.map((item) => stringAt(item, field)).filter((value): value is string => value !== undefined);
}

/**
 * The region the event is about, not the one it was delivered to, so that both deliveries of a global
 * event yield the same signal. IAM's "global" is served from us-east-1 (where CloudTrail records IAM
 * calls); a region name is what downstream clients need.
 */
function regionOf(envelope: EventBridgeEnvelope, eventArn: string): string {
  const eventRegion = stringAt(envelope.detail, 'eventRegion');
  if (eventRegion !== 'global') return eventRegion ?? envelope.region;
  return eventArn.startsWith('arn:aws:') ? 'us-east-1' : envelope.region;
}

function toSignal(
  envelope: EventBridgeEnvelope,
  code: string,
  risk: RiskCode,
  eventArn: string,
  accessKeyId: string,
): LeakedAccessKeySignal {
  const { detail } = envelope;
  const userName = stringAt(detail, 'eventMetadata', 'userName');
  const principal: PrincipalRef =
    userName === undefined ? { type: 'unknown' } : { type: 'user', name: userName };
  // With an organizational view the envelope account is the management account, not the key's owner.
  const accountId = accountIdAt(detail, 'affectedAccount') ?? envelope.account;
  const communicationId = stringAt(detail, 'communicationId');
  const evidence: Record<string, string> = { eventArn, eventTypeCode: code };
  if (communicationId !== undefined) evidence.communicationId = communicationId;
  return {
    kind: 'leaked-access-key',
    source: 'aws.health',
    // IAM Health events are global and reach every region's bus with a fresh envelope id: only
    // eventArn + communicationId identify the event (and the key, since one event names several).
    dedupKey: ['aws.health', accountId, eventArn, communicationId ?? 'no-communication-id', accessKeyId].join(
      '#',
    ),
    subject: { type: 'aws-access-key', id: accessKeyId },
    accountId,
    region: regionOf(envelope, eventArn),
    observedAt: toIsoTime(stringAt(detail, 'startTime')) ?? envelope.time,
    severity: risk.severity,
    title: risk.verb(accessKeyId, userName === undefined ? '' : ` of user ${userName}`),
    accessKeyId,
    keyType: keyTypeOf(accessKeyId),
    principal,
    reason: code,
    evidence,
  };
}
