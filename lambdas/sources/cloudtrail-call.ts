/**
 * One CloudTrail record, parsed into a typed `CloudTrailCall`: the same shape whether it came in an
 * EventBridge envelope ("AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail") or from a
 * log file delivered to S3 (`{"Records":[…]}`).
 * Record shape: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import type { TrailEvent } from '../core/investigation/ports';
import type { JsonRecord, Parsed } from './eventbridge-envelope';
import { recordAt, stringAt } from './eventbridge-envelope';

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

/** The core's view of a record (what an investigation reads), with everything the rules read too. */
export interface CloudTrailCall extends TrailEvent {
  userIdentity: CloudTrailUserIdentity;
  /** null in the record for calls without parameters; absent here then. */
  requestParameters?: JsonRecord;
  responseElements?: JsonRecord;
  /** Sign-in events say here whether MFA was used (`MFAUsed: "Yes" | "No"`). */
  additionalEventData?: JsonRecord;
  errorMessage?: string;
  /** The account the event was delivered to: the account whose resources were touched. */
  recipientAccountId?: string;
  eventType?: string;
}

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
    additionalEventData: recordAt(detail, 'additionalEventData'),
    errorCode: stringAt(detail, 'errorCode'),
    errorMessage: stringAt(detail, 'errorMessage'),
    recipientAccountId: stringAt(detail, 'recipientAccountId'),
    eventType: stringAt(detail, 'eventType'),
  };
  return { ok: true, value: Object.assign(call, withoutUndefined(optional)) };
}

/**
 * Whether AWS itself made the call, not a customer principal. CloudTrail shows AWS's own actions as
 * `invokedBy: "AWS Internal"` (the identity then has no type or ARN of ours), or as an AWS service
 * principal. The user agent proves nothing — the caller chooses it: "AWS Internal" is also written for
 * customers' console actions, and an "aws-internal/…" agent (seen on the historical inline quarantine,
 * signed with the user's own identity) can be sent by anyone, so it would let an intruder silence every
 * rule, or pass off a quarantine of someone else as AWS's.
 */
export function isCalledByAws(call: CloudTrailCall): boolean {
  const { type, invokedBy } = call.userIdentity;
  if (type === 'AWSService') return true;
  return invokedBy === 'AWS Internal';
}

/** Drops absent fields, so a parsed call compares and serializes like the record it came from. */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  // A plain loop: this runs for every record of a multi-GB trail (ato detect).
  const out: Partial<Record<keyof T, unknown>> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
