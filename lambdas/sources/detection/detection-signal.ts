/** A rule's finding on one call, as the `DetectionSignal` the correlator stores. */
import { ACCESS_KEY_ID, keyTypeOf } from '../../core/signal';
import { oneLine } from '../../core/plain-text';
import type { DetectionSignal, Subject } from '../../core/signal';
import type { CloudTrailCall } from '../cloudtrail-call';
import { actorName, principalKey, principalOf } from './caller';
import { known } from './call-matching';
import type { DetectionRule, RuleFinding } from './rule';

export interface Placement {
  accountId: string;
  region: string;
  observedAt: string;
}

export function detectionSignal(
  call: CloudTrailCall,
  rule: DetectionRule,
  finding: RuleFinding,
  where: Placement,
  screeningEvidence: Record<string, string>,
): DetectionSignal {
  const key = call.userIdentity.accessKeyId;
  const accessKeyId = key !== undefined && ACCESS_KEY_ID.test(key) ? key : undefined;
  const subject: Subject =
    accessKeyId === undefined
      ? { type: 'aws-principal', id: call.userIdentity.arn ?? principalKey(call) }
      : { type: 'aws-access-key', id: accessKeyId };
  const signal: DetectionSignal = {
    kind: 'cloudtrail-detection',
    source: 'aws.cloudtrail',
    dedupKey: `aws.cloudtrail#${call.eventID}#${rule.id}`,
    subject,
    accountId: where.accountId,
    region: where.region,
    observedAt: where.observedAt,
    // A refused call changed nothing: worth knowing, not worth waking anyone.
    severity: call.errorCode === undefined ? (finding.severity ?? rule.severity) : 'low',
    // Built from request parameters the caller chose: one printable line.
    title: oneLine(`${actorName(call)} ${finding.summary}${originOf(call, accessKeyId, screeningEvidence)}`),
    ruleId: rule.id,
    technique: rule.technique,
    principal: principalOf(call),
    keyType: keyTypeOf(accessKeyId),
    reason: rule.id,
    evidence: {
      ...known({
        eventId: call.eventID,
        eventName: call.eventName,
        sourceIPAddress: call.sourceIPAddress,
        userAgent: call.userAgent,
        errorCode: call.errorCode,
      }),
      ...known(finding.evidence ?? {}),
      ...screeningEvidence,
    },
  };
  return accessKeyId === undefined ? signal : { ...signal, accessKeyId };
}

/** " (key AKIA… from 203.0.113.50; AccessDenied)": which credential, from where, and whether AWS refused. */
function originOf(
  call: CloudTrailCall,
  accessKeyId: string | undefined,
  screening: Record<string, string>,
): string {
  const via = [
    accessKeyId === undefined ? undefined : `key ${accessKeyId}`,
    call.sourceIPAddress === undefined ? undefined : `from ${call.sourceIPAddress}`,
  ].filter((part) => part !== undefined);
  const notes = [
    via.join(' '),
    call.errorCode,
    screening.newOrigin === undefined ? undefined : `automation principal, new ${screening.newOrigin}`,
  ].filter((part) => part !== undefined && part !== '');
  return notes.length === 0 ? '' : ` (${notes.join('; ')})`;
}
