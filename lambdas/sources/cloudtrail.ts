/**
 * CloudTrail management events as EventBridge delivers them ("AWS API Call via CloudTrail"), parsed into
 * a typed `CloudTrailCall` for detection rules. EventBridge sets `source` to the called service
 * (`aws.iam`), not `aws.cloudtrail`, and delivers IAM calls in us-east-1 only. Console sign-ins arrive as
 * "AWS Console Sign In via CloudTrail" with the same record shape.
 * Record shape: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import type { LeakedAccessKeySignal, Normalized } from '../core/signal';
import type { EventBridgeEnvelope, JsonRecord, Parsed } from './eventbridge-envelope';
import { isAccountId, parseEnvelope, recordAt, stringAt, toIsoTime } from './eventbridge-envelope';

export const CLOUDTRAIL_API_CALL = 'AWS API Call via CloudTrail';
export const CLOUDTRAIL_SERVICE_EVENT = 'AWS Service Event via CloudTrail';
export const CLOUDTRAIL_CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';
export const CLOUDTRAIL_DETAIL_TYPES: readonly string[] = [
  CLOUDTRAIL_API_CALL,
  CLOUDTRAIL_SERVICE_EVENT,
  CLOUDTRAIL_CONSOLE_SIGN_IN,
];

export interface SessionIssuer {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  userName?: string;
}

export interface CloudTrailUserIdentity {
  /** Root, IAMUser, AssumedRole, FederatedUser, AWSAccount, AWSService, IdentityCenterUser… absent for some AWS-internal calls. */
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  /** The AWS service that made the call on the principal's behalf, or "AWS Internal". */
  invokedBy?: string;
  sessionIssuer?: SessionIssuer;
}

export interface CloudTrailCall {
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  userIdentity: CloudTrailUserIdentity;
  /** null in the record for calls without parameters; absent here then. */
  requestParameters?: JsonRecord;
  responseElements?: JsonRecord;
  errorCode?: string;
  errorMessage?: string;
  /** The account the event was delivered to: the account whose resources were touched. */
  recipientAccountId?: string;
  eventType?: string;
}

/** A detection rule: undefined when the call is none of its business, otherwise its verdict. */
export type CloudTrailRule = (call: CloudTrailCall, envelope: EventBridgeEnvelope) => Normalized | undefined;

const RULES: readonly CloudTrailRule[] = [awsQuarantinePolicyRule];

export function parseCloudTrailCall(detail: JsonRecord): Parsed<CloudTrailCall> {
  const eventID = stringAt(detail, 'eventID');
  const eventTime = stringAt(detail, 'eventTime');
  const eventSource = stringAt(detail, 'eventSource');
  const eventName = stringAt(detail, 'eventName');
  if (
    eventID === undefined ||
    eventTime === undefined ||
    eventSource === undefined ||
    eventName === undefined
  ) {
    return { ok: false, reason: 'CloudTrail record lacks one of eventID, eventTime, eventSource, eventName' };
  }
  const identity = recordAt(detail, 'userIdentity');
  const issuer = recordAt(identity, 'sessionContext', 'sessionIssuer');
  const call: CloudTrailCall = {
    eventID,
    eventTime,
    eventSource,
    eventName,
    userIdentity: withoutUndefined({
      type: stringAt(identity, 'type'),
      principalId: stringAt(identity, 'principalId'),
      arn: stringAt(identity, 'arn'),
      accountId: stringAt(identity, 'accountId'),
      accessKeyId: stringAt(identity, 'accessKeyId'),
      userName: stringAt(identity, 'userName'),
      invokedBy: stringAt(identity, 'invokedBy'),
      sessionIssuer:
        issuer === undefined
          ? undefined
          : withoutUndefined({
              type: stringAt(issuer, 'type'),
              principalId: stringAt(issuer, 'principalId'),
              arn: stringAt(issuer, 'arn'),
              accountId: stringAt(issuer, 'accountId'),
              userName: stringAt(issuer, 'userName'),
            }),
    }),
  };
  const optional = {
    awsRegion: stringAt(detail, 'awsRegion'),
    sourceIPAddress: stringAt(detail, 'sourceIPAddress'),
    userAgent: stringAt(detail, 'userAgent'),
    requestParameters: recordAt(detail, 'requestParameters'),
    responseElements: recordAt(detail, 'responseElements'),
    errorCode: stringAt(detail, 'errorCode'),
    errorMessage: stringAt(detail, 'errorMessage'),
    recipientAccountId: stringAt(detail, 'recipientAccountId'),
    eventType: stringAt(detail, 'eventType'),
  };
  return { ok: true, value: { ...call, ...withoutUndefined(optional) } };
}

/** The envelope and the call, if `event` is a CloudTrail event delivered by EventBridge. */
export function parseCloudTrailEvent(
  event: unknown,
): Parsed<{ envelope: EventBridgeEnvelope; call: CloudTrailCall }> {
  const parsed = parseEnvelope(event);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  if (!CLOUDTRAIL_DETAIL_TYPES.includes(envelope.detailType)) {
    return {
      ok: false,
      reason: `expected a CloudTrail event, got ${envelope.source} "${envelope.detailType}"`,
    };
  }
  // Only AWS can put events with an `aws.` source on a bus: a custom PutEvents posing as CloudTrail
  // (to make the responder quarantine someone) is refused here.
  if (!envelope.source.startsWith('aws.')) {
    return { ok: false, reason: `CloudTrail events come from an aws.* source, not "${envelope.source}"` };
  }
  const call = parseCloudTrailCall(envelope.detail);
  return call.ok ? { ok: true, value: { envelope, call: call.value } } : call;
}

export function normalizeCloudTrailEvent(event: unknown): Normalized {
  const parsed = parseCloudTrailEvent(event);
  if (!parsed.ok) return parsed;
  const { envelope, call } = parsed.value;
  for (const rule of RULES) {
    const verdict = rule(call, envelope);
    if (verdict !== undefined) return verdict;
  }
  return { ok: false, reason: `no rule for ${call.eventSource}:${call.eventName}` };
}

/** Drops absent fields, so a parsed call compares and serializes like the record it came from. */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

// --- Rule: AWS quarantined an IAM user because one of its keys was found exposed ---------------------

/**
 * AWS attaches a managed quarantine policy when it finds a user's key in public (V3 since 2024; V2 and the
 * original before it), and once wrote an inline policy instead. Partitions other than aws keep the same names.
 */
const QUARANTINE_POLICY_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/(AWSCompromisedKeyQuarantine(?:V2|V3)?)$/;
const QUARANTINE_INLINE_POLICY =
  /^(AWSExposedCredentialPolicy_DO_NOT_REMOVE|AWSCompromisedKeyQuarantine(?:V2|V3)?)$/;

const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Whether AWS itself made the call, not a customer principal. CloudTrail shows AWS's own actions as
 * `invokedBy: "AWS Internal"` (the identity then has no type or ARN of ours), or as an AWS service
 * principal. The historical inline quarantine was signed with the quarantined user's identity but sent
 * by AWS automation whose user agent starts with "aws-internal/". A `userAgent` of exactly "AWS Internal"
 * proves nothing: CloudTrail writes it for ordinary console actions by customers too.
 */
export function isCalledByAws(call: CloudTrailCall): boolean {
  const { type, invokedBy } = call.userIdentity;
  if (type === 'AWSService') return true;
  if (invokedBy === 'AWS Internal') return true;
  return call.userAgent?.startsWith('aws-internal/') === true;
}

function quarantinePolicyOf(call: CloudTrailCall): string | undefined {
  if (call.eventSource !== 'iam.amazonaws.com') return undefined;
  if (call.eventName === 'AttachUserPolicy') {
    const arn = stringAt(call.requestParameters, 'policyArn');
    return arn !== undefined && QUARANTINE_POLICY_ARN.test(arn) ? arn : undefined;
  }
  if (call.eventName === 'PutUserPolicy') {
    const name = stringAt(call.requestParameters, 'policyName');
    return name !== undefined && QUARANTINE_INLINE_POLICY.test(name) ? name : undefined;
  }
  return undefined;
}

/** AWS putting a user in quarantine means AWS found one of its keys exposed: a leak, not an attack. */
export function awsQuarantinePolicyRule(
  call: CloudTrailCall,
  envelope: EventBridgeEnvelope,
): Normalized | undefined {
  const policy = quarantinePolicyOf(call);
  if (policy === undefined) return undefined;
  const what = `${call.eventSource}:${call.eventName} of ${policy}`;
  if (call.errorCode !== undefined)
    return { ok: false, reason: `${what} failed (${call.errorCode}): nothing was quarantined` };
  if (!isCalledByAws(call)) {
    const caller = call.userIdentity.arn ?? call.userIdentity.type ?? 'an unidentified caller';
    return {
      ok: false,
      reason: `${what} was made by ${caller}, not by AWS: an administrator's action, not an AWS finding`,
    };
  }
  const userName = stringAt(call.requestParameters, 'userName');
  if (userName === undefined || !IAM_USER_NAME.test(userName)) {
    return { ok: false, reason: `${what} names no valid IAM userName` };
  }
  const accountId =
    [call.recipientAccountId, call.userIdentity.accountId].find(isAccountId) ?? envelope.account;
  // The record names the user but not its IAM path: this ARN is exact for the default path "/" only.
  const arn = `arn:aws:iam::${accountId}:user/${userName}`;
  const attached = call.eventName === 'AttachUserPolicy';
  const evidence: Record<string, string> = { eventId: call.eventID, eventName: call.eventName, policy };
  if (call.sourceIPAddress !== undefined) evidence.sourceIPAddress = call.sourceIPAddress;
  if (call.userAgent !== undefined) evidence.userAgent = call.userAgent;
  const signal: LeakedAccessKeySignal = {
    kind: 'leaked-access-key',
    source: 'aws.cloudtrail',
    dedupKey: `aws.cloudtrail#${call.eventID}`,
    subject: { type: 'aws-principal', id: arn },
    accountId,
    region: call.awsRegion ?? envelope.region,
    observedAt: toIsoTime(call.eventTime) ?? envelope.time,
    severity: 'critical',
    title: `AWS found an access key of user ${userName} exposed and quarantined the user (${policy.replace(/^.*\//, '')})`,
    keyType: 'unknown',
    principal: { type: 'user', name: userName, arn },
    reason: attached ? 'AWS_QUARANTINE_POLICY_ATTACHED' : 'AWS_QUARANTINE_INLINE_POLICY_PUT',
    evidence,
  };
  return { ok: true, signals: [signal] };
}
