/**
 * CloudTrail `LookupEvents` responses shaped per the CloudTrail API Reference (LookupEvents, Event):
 * each event's summary fields, and its full record as a JSON string in `CloudTrailEvent` (record
 * contents: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * Placeholders only: account 123456789012, AWS's example keys, documentation IP ranges.
 */
import type { Event } from '@aws-sdk/client-cloudtrail';
import type { IAMClient, User } from '@aws-sdk/client-iam';
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import type { AwsClientStub } from 'aws-sdk-client-mock';

export const ACCOUNT = '123456789012';
export const LEAKED_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const SESSION_KEY = 'ASIAIOSFODNN7EXAMPLE';
export const ROGUE_KEY = 'AKIAI44QH8DHBEXAMPLE';

export interface RecordSpec {
  eventId: string;
  eventName: string;
  eventSource?: string;
  eventTime: string;
  region?: string;
  accessKeyId?: string;
  sourceIp?: string;
  userAgent?: string;
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  errorCode?: string;
}

/** A management event record as CloudTrail writes it (eventVersion 1.09) for an IAM user's key. */
export function cloudTrailRecord(spec: RecordSpec): Record<string, unknown> {
  const accessKeyId = spec.accessKeyId ?? LEAKED_KEY;
  const session = accessKeyId.startsWith('ASIA');
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      accountId: ACCOUNT,
      accessKeyId,
      userName: 'alice',
      ...(session
        ? { sessionContext: { attributes: { creationDate: spec.eventTime, mfaAuthenticated: 'false' } } }
        : {}),
    },
    eventTime: spec.eventTime,
    eventSource: spec.eventSource ?? 'iam.amazonaws.com',
    eventName: spec.eventName,
    awsRegion: spec.region ?? 'us-east-1',
    sourceIPAddress: spec.sourceIp ?? '203.0.113.7',
    userAgent: spec.userAgent ?? 'aws-cli/2.15.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64',
    requestParameters: spec.requestParameters ?? null,
    responseElements: spec.responseElements ?? null,
    ...(spec.errorCode ? { errorCode: spec.errorCode, errorMessage: 'not authorized' } : {}),
    requestID: `req-${spec.eventId}`,
    eventID: spec.eventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: 'iam.amazonaws.com',
    },
  };
}

/** One `Events[]` item of a LookupEvents response. */
export function lookupEvent(spec: RecordSpec): Event {
  return {
    EventId: spec.eventId,
    EventName: spec.eventName,
    ReadOnly: 'false',
    AccessKeyId: spec.accessKeyId ?? LEAKED_KEY,
    EventTime: new Date(spec.eventTime),
    EventSource: spec.eventSource ?? 'iam.amazonaws.com',
    Username: 'alice',
    Resources: [],
    CloudTrailEvent: JSON.stringify(cloudTrailRecord(spec)),
  };
}

/** GetSessionToken as CloudTrail records it: the session's key id in responseElements.credentials. */
export function getSessionTokenEvent(eventId: string, eventTime: string, sessionKey = SESSION_KEY): Event {
  return lookupEvent({
    eventId,
    eventName: 'GetSessionToken',
    eventSource: 'sts.amazonaws.com',
    eventTime,
    requestParameters: { durationSeconds: 129600 },
    responseElements: {
      credentials: {
        accessKeyId: sessionKey,
        sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
        expiration: 'Nov 23, 2026, 10:00:00 AM',
      },
    },
  });
}

/**
 * IAM as it stands after the intrusion both investigation tests replay: alice's leaked key
 * (inactive), user eve made by the intruder with an active key of her own, no login profile, no
 * policies. Response shapes per the IAM API reference. Times are ISO strings.
 */
export function answerIamAfterIntrusion(
  iam: AwsClientStub<IAMClient>,
  at: { aliceKeyCreated: string; eveCreated: string; rogueKeyCreated: string },
  users: User[] = [],
): void {
  iam.on(GetAccessKeyLastUsedCommand).resolves({ UserName: 'alice' });
  iam.on(ListAccessKeysCommand, { UserName: 'alice' }).resolves({
    AccessKeyMetadata: [
      {
        UserName: 'alice',
        AccessKeyId: LEAKED_KEY,
        Status: 'Inactive',
        CreateDate: new Date(at.aliceKeyCreated),
      },
    ],
    IsTruncated: false,
  });
  iam.on(ListAccessKeysCommand, { UserName: 'eve' }).resolves({
    AccessKeyMetadata: [
      { UserName: 'eve', AccessKeyId: ROGUE_KEY, Status: 'Active', CreateDate: new Date(at.rogueKeyCreated) },
    ],
    IsTruncated: false,
  });
  iam.on(GetUserCommand, { UserName: 'eve' }).resolves({
    User: {
      UserName: 'eve',
      UserId: 'AIDAEXAMPLEEVE000000',
      Arn: `arn:aws:iam::${ACCOUNT}:user/eve`,
      Path: '/',
      CreateDate: new Date(at.eveCreated),
    },
  });
  iam
    .on(GetLoginProfileCommand)
    .rejects(
      Object.assign(new Error('Login Profile for User eve cannot be found.'), { name: 'NoSuchEntity' }),
    );
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListUsersCommand).resolves({ Users: users, IsTruncated: false });
}
