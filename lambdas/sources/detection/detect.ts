/**
 * The CloudTrail ATO rule set and its entry points: `detectCall` for a parsed call (the EventBridge path
 * and the CLI share it), `detectCloudTrailRecord` for a raw record from a log file delivered to S3.
 * Every rule sees every call; a call yields one signal per rule that fires on it.
 */
import type { DetectionSignal } from '../../core/signal';
import type { CloudTrailCall } from '../cloudtrail-call';
import { parseCloudTrailCall } from '../cloudtrail-call';
import { isAccountId, isRecord, stringAt, toIsoTime } from '../eventbridge-envelope';
import { learnFrom } from './baseline';
import { CONSOLE_RULES } from './console';
import { CREDENTIALS_RULES } from './credentials';
import { DEFENSE_EVASION_RULES } from './defense-evasion';
import { detectionSignal } from './detection-signal';
import { screen } from './exclusions';
import { PERSISTENCE_RULES } from './persistence';
import type { DetectionRule, RuleContext } from './rule';
import { SES_ABUSE_RULES } from './ses-abuse';

export const DETECTION_RULES: readonly DetectionRule[] = [
  ...PERSISTENCE_RULES,
  ...CREDENTIALS_RULES,
  ...DEFENSE_EVASION_RULES,
  ...SES_ABUSE_RULES,
  ...CONSOLE_RULES,
];

export interface CallPlacement {
  /** The account the call touched (recipientAccountId, else the envelope's account). */
  accountId: string;
  region: string;
  /** When the event was received (the envelope's time): `observedAt` if `eventTime` is unreadable. */
  receivedAt?: string;
}

export function detectCall(call: CloudTrailCall, ctx: RuleContext, where: CallPlacement): DetectionSignal[] {
  const judged: CloudTrailCall = { ...call, recipientAccountId: call.recipientAccountId ?? where.accountId };
  const observedAt = toIsoTime(call.eventTime) ?? toIsoTime(where.receivedAt);
  const findings = DETECTION_RULES.flatMap((rule) => {
    const finding = rule.match(judged, ctx);
    return finding === undefined ? [] : [{ rule, finding }];
  });
  const screening = screen(judged, ctx);
  learnFrom(judged, ctx, { flagged: findings.length > 0 });
  if (!screening.judge || observedAt === undefined) return [];
  const placement = { accountId: where.accountId, region: where.region, observedAt };
  return findings.map(({ rule, finding }) =>
    detectionSignal(judged, rule, finding, placement, screening.evidence),
  );
}

/**
 * One record of a CloudTrail log file (`{"Records":[…]}`), placed by its own `recipientAccountId` and
 * `awsRegion`. Never throws: a record that is not a call, or names no account or region, yields nothing.
 */
export function detectCloudTrailRecord(record: unknown, ctx: RuleContext): DetectionSignal[] {
  if (!isRecord(record)) return [];
  const parsed = parseCloudTrailCall(record);
  const accountId = stringAt(record, 'recipientAccountId');
  const region = stringAt(record, 'awsRegion');
  if (!parsed.ok || !isAccountId(accountId) || region === undefined) return [];
  return detectCall(parsed.value, ctx, { accountId, region });
}
