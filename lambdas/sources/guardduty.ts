/**
 * GuardDuty findings about an access key being used the way intruders use one.
 * Shape: https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html, delivered as
 * https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-guardduty.html; types:
 * https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html
 */
import { ACCESS_KEY_ID, keyTypeOf } from '../core/signal';
import type { LeakedAccessKeySignal, Normalized, PrincipalRef, Severity } from '../core/signal';
import type { EventBridgeEnvelope } from './eventbridge-envelope';
import {
  accountIdAt,
  numberAt,
  parseEnvelopeOf,
  recordAt,
  stringAt,
  toIsoTime,
  valueAt,
} from './eventbridge-envelope';

export const GUARDDUTY_SOURCE = 'aws.guardduty';
export const GUARDDUTY_DETAIL_TYPE = 'GuardDuty Finding';

/**
 * Finding families that mean "this key is in the wrong hands". GuardDuty names a family
 * `ThreatPurpose:ResourceTypeAffected/...`; the IAM finding types page lists these for IAMUser.
 * InitialAccess, Recon and PenTest are IAM families too (PenTest:IAMUser/KaliLinux is a stolen key
 * driven from an attack distribution), so they count as well.
 */
const KEY_MISUSE_FAMILIES = [
  'UnauthorizedAccess:IAMUser/',
  'CredentialAccess:IAMUser/',
  'Persistence:IAMUser/',
  'Discovery:IAMUser/',
  'Impact:IAMUser/',
  'PrivilegeEscalation:IAMUser/',
  'DefenseEvasion:IAMUser/',
  'Exfiltration:IAMUser/',
  'Stealth:IAMUser/',
  'InitialAccess:IAMUser/',
  'Recon:IAMUser/',
  'PenTest:IAMUser/',
];

const ATTACK_SEQUENCE = 'AttackSequence:IAM/CompromisedCredentials';

/**
 * Policy:IAMUser/RootCredentialUsage says the root user was used at all, which owners do legitimately;
 * GuardDuty rates it Low. Misuse by root shows up in the families above with userType Root, so the
 * policy finding alone must not start a containment.
 */
const POLICY_FAMILY = 'Policy:IAMUser/';

/**
 * GuardDuty severity levels ("Severity levels for GuardDuty findings", guardduty_findings.html):
 * Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0 (attack sequences).
 */
export function severityOf(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

export function normalizeGuardDutyFinding(event: unknown): Normalized {
  const parsed = parseEnvelopeOf(event, GUARDDUTY_SOURCE, GUARDDUTY_DETAIL_TYPE);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  const { detail } = envelope;

  const type = stringAt(detail, 'type');
  const findingId = stringAt(detail, 'id');
  if (type === undefined || findingId === undefined) {
    return { ok: false, reason: 'GuardDuty finding has no detail.type or detail.id' };
  }
  // Sample findings (CreateSampleFindings, "[SAMPLE]" titles) carry made-up keys: acting on one would
  // deactivate nothing real at best, and a real key that happens to match at worst.
  const sample = valueAt(detail, 'service', 'additionalInfo', 'sample');
  if (sample === true || sample === 'true') {
    return {
      ok: false,
      reason: `GuardDuty finding ${findingId} (${type}) is a sample finding, not a real detection`,
    };
  }
  const resourceType = stringAt(detail, 'resource', 'resourceType');
  // IAM findings always name resourceType AccessKey; whether an attack sequence does is not
  // documented (samples differ), so for it the key details alone decide, below.
  if (resourceType !== 'AccessKey' && type !== ATTACK_SEQUENCE) {
    return {
      ok: false,
      reason: `GuardDuty ${type} is about resource type ${resourceType ?? '(none)'}, not an access key`,
    };
  }
  if (type.startsWith(POLICY_FAMILY)) {
    return {
      ok: false,
      reason: `GuardDuty ${type} reports that root credentials were used, which alone is not a sign of a leak`,
    };
  }
  if (type !== ATTACK_SEQUENCE && !KEY_MISUSE_FAMILIES.some((family) => type.startsWith(family))) {
    return { ok: false, reason: `GuardDuty ${type} is not an access-key misuse finding` };
  }

  const accessKeyId = stringAt(detail, 'resource', 'accessKeyDetails', 'accessKeyId');
  if (accessKeyId === undefined || !ACCESS_KEY_ID.test(accessKeyId)) {
    return { ok: false, reason: `GuardDuty ${type} finding ${findingId} names no valid access key id` };
  }
  const score = numberAt(detail, 'severity');
  if (score === undefined)
    return { ok: false, reason: `GuardDuty ${type} finding ${findingId} has no numeric severity` };
  // GuardDuty updates a finding in place (count, updatedAt) for repeated activity: each update is new evidence.
  const updatedAt = stringAt(detail, 'updatedAt') ?? stringAt(detail, 'createdAt');
  if (updatedAt === undefined) {
    return {
      ok: false,
      reason: `GuardDuty ${type} finding ${findingId} has neither updatedAt nor createdAt`,
    };
  }
  return { ok: true, signals: [toSignal(envelope, { type, findingId, accessKeyId, score, updatedAt })] };
}

interface FindingFacts {
  type: string;
  findingId: string;
  accessKeyId: string;
  score: number;
  updatedAt: string;
}

function toSignal(envelope: EventBridgeEnvelope, facts: FindingFacts): LeakedAccessKeySignal {
  const { detail } = envelope;
  const { type, findingId, accessKeyId, score, updatedAt } = facts;
  const details = recordAt(detail, 'resource', 'accessKeyDetails');
  const userType = stringAt(details, 'userType');
  const principal = principalOf(userType, stringAt(details, 'userName'));
  const apiCall = recordAt(detail, 'service', 'action', 'awsApiCallAction');
  const sourceIp = stringAt(apiCall, 'remoteIpDetails', 'ipAddressV4');
  const api = stringAt(apiCall, 'api');

  const evidence: Record<string, string> = { findingId, findingType: type };
  if (sourceIp !== undefined) evidence.sourceIp = sourceIp;
  if (api !== undefined) evidence.api = api;
  const what = stringAt(detail, 'title') ?? type;
  return {
    kind: 'leaked-access-key',
    source: 'aws.guardduty',
    dedupKey: ['aws.guardduty', findingId, updatedAt].join('#'),
    subject: { type: 'aws-access-key', id: accessKeyId },
    accountId: accountIdAt(detail, 'accountId') ?? envelope.account,
    region: stringAt(detail, 'region') ?? envelope.region,
    observedAt: toIsoTime(updatedAt) ?? envelope.time,
    severity: severityOf(score),
    title: `GuardDuty flags access key ${accessKeyId}${ownerWords(principal)}: ${what}`,
    accessKeyId,
    // Role sessions (e.g. instance credentials used outside AWS) are ASIA keys: only revocable, not deactivatable.
    keyType: userType === 'AssumedRole' ? 'temporary' : keyTypeOf(accessKeyId),
    principal,
    reason: type,
    evidence,
  };
}

function principalOf(userType: string | undefined, name: string | undefined): PrincipalRef {
  const type =
    userType === 'Root'
      ? 'root'
      : userType === 'AssumedRole'
        ? 'role'
        : userType === 'IAMUser'
          ? 'user'
          : 'unknown';
  return name === undefined || type === 'root' ? { type } : { type, name };
}

function ownerWords(principal: PrincipalRef): string {
  if (principal.type === 'root') return ' of the root user';
  if (principal.name === undefined) return '';
  return principal.type === 'role' ? ` of role ${principal.name}` : ` of user ${principal.name}`;
}
