/**
 * CloudTrail management events as EventBridge delivers them ("AWS API Call via CloudTrail"), parsed into
 * a typed `CloudTrailCall` for detection rules. EventBridge sets `source` to the called service
 * (`aws.iam`), not `aws.cloudtrail`, and delivers IAM calls in us-east-1 only. Console sign-ins arrive as
 * "AWS Console Sign In via CloudTrail" with the same record shape.
 * Record shape: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import type { LeakedAccessKeySignal, Normalized, Signal } from '../core/signal';
import type { CloudTrailCall } from './cloudtrail-call';
import { isCalledByAws, parseCloudTrailCall } from './cloudtrail-call';
import { consoleSignIn } from './console-sign-in';
import { detectCall } from './detection/detect';
import type { RuleContext } from './detection/rule';
import type { EventBridgeEnvelope, Parsed } from './eventbridge-envelope';
import { isAccountId, parseEnvelope, stringAt, toIsoTime } from './eventbridge-envelope';

export { isCalledByAws, parseCloudTrailCall } from './cloudtrail-call';
export type { CloudTrailCall, CloudTrailUserIdentity, SessionIssuer } from './cloudtrail-call';

export const CLOUDTRAIL_API_CALL = 'AWS API Call via CloudTrail';
export const CLOUDTRAIL_SERVICE_EVENT = 'AWS Service Event via CloudTrail';
export const CLOUDTRAIL_CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';
export const CLOUDTRAIL_DETAIL_TYPES: readonly string[] = [
  CLOUDTRAIL_API_CALL,
  CLOUDTRAIL_SERVICE_EVENT,
  CLOUDTRAIL_CONSOLE_SIGN_IN,
];

/** A detection rule: undefined when the call is none of its business, otherwise its verdict. */
export type CloudTrailRule = (call: CloudTrailCall, envelope: EventBridgeEnvelope) => Normalized | undefined;

const RULES: readonly CloudTrailRule[] = [awsQuarantinePolicyRule];

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

/**
 * The signals of one CloudTrail event: AWS's own quarantine always, and the ATO detection rules when a
 * `ctx` is given (without one, only the quarantine rule runs, as the containment path has always done).
 */
export function normalizeCloudTrailEvent(event: unknown, ctx?: RuleContext): Normalized {
  const parsed = parseCloudTrailEvent(event);
  if (!parsed.ok) return parsed;
  const { envelope, call } = parsed.value;
  const verdicts = RULES.map((rule) => rule(call, envelope)).filter((v) => v !== undefined);
  const signals: Signal[] = verdicts.flatMap((verdict) => (verdict.ok ? verdict.signals : []));
  if (ctx !== undefined) {
    const where = {
      accountId: [call.recipientAccountId].find(isAccountId) ?? envelope.account,
      region: call.awsRegion ?? envelope.region,
      receivedAt: envelope.time,
    };
    signals.push(...detectCall(call, ctx, where));
    const signIn = consoleSignIn(call, where);
    if (signIn) signals.push(signIn);
  }
  if (signals.length > 0) return { ok: true, signals };
  const refusal = verdicts.find((verdict) => !verdict.ok);
  return refusal ?? { ok: false, reason: `no rule for ${call.eventSource}:${call.eventName}` };
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
