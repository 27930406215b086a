/**
 * Every ConsoleLogin as a `console-sign-in` signal for the account's sign-in incident, where the
 * credential-stuffing detector reads them together. Shapes: "AWS Management Console sign-in events"
 * in the CloudTrail user guide (`responseElements.ConsoleLogin` Success/Failure; for a user name
 * that does not exist CloudTrail writes HIDDEN_DUE_TO_SECURITY_REASONS, and that still counts: the
 * attacker tried it).
 */
import { oneLine } from '../core/plain-text';
import type { ConsoleSignInSignal } from '../core/signal';
import type { CloudTrailCall } from './cloudtrail-call';
import { parseCloudTrailCall } from './cloudtrail-call';
import { isAccountId, isRecord, stringAt, toIsoTime } from './eventbridge-envelope';

export function consoleSignIn(
  call: CloudTrailCall,
  where: { accountId: string; region: string; receivedAt?: string },
): ConsoleSignInSignal | undefined {
  if (call.eventSource !== 'signin.amazonaws.com' || call.eventName !== 'ConsoleLogin') return undefined;
  const result = stringAt(call.responseElements, 'ConsoleLogin');
  const observedAt = toIsoTime(call.eventTime) ?? toIsoTime(where.receivedAt);
  if ((result !== 'Success' && result !== 'Failure') || !call.sourceIPAddress || !observedAt)
    return undefined;
  const userName =
    call.userIdentity.userName ??
    (call.userIdentity.type === 'Root' ? 'root' : (call.userIdentity.arn ?? 'unknown'));
  const outcome = result === 'Success' ? 'success' : 'failure';
  return {
    kind: 'console-sign-in',
    source: 'aws.cloudtrail',
    dedupKey: `aws.cloudtrail#${call.eventID}#console-sign-in`,
    subject: { type: 'aws-console-sign-ins', id: where.accountId },
    accountId: where.accountId,
    region: where.region,
    observedAt,
    severity: 'low',
    title: oneLine(`console sign-in of ${userName} from ${call.sourceIPAddress}: ${outcome}`),
    outcome,
    userName,
    sourceIp: call.sourceIPAddress,
    principal: { type: 'unknown' },
    reason: 'console-sign-in',
    evidence: { eventId: call.eventID, sourceIPAddress: call.sourceIPAddress },
    keyType: 'unknown',
  };
}

/** The same, for a raw record of a CloudTrail log file (ato detect): placed by its own account and region. */
export function consoleSignInOfRecord(record: unknown): ConsoleSignInSignal | undefined {
  if (!isRecord(record) || stringAt(record, 'eventName') !== 'ConsoleLogin') return undefined;
  const parsed = parseCloudTrailCall(record);
  const accountId = stringAt(record, 'recipientAccountId');
  const region = stringAt(record, 'awsRegion');
  if (!parsed.ok || !isAccountId(accountId) || region === undefined) return undefined;
  return consoleSignIn(parsed.value, { accountId, region });
}
