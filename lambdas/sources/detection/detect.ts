/**
 * The CloudTrail ATO rule set and its entry points: `detectCall` for a parsed call (the EventBridge path
 * and the CLI share it), `detectCloudTrailRecord` for a raw record from a log file delivered to S3.
 * A call is shown to the rules that can fire on its event name; it yields one signal per rule that fires.
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

/** Rules by the event names they can fire on, and those that look at every call. */
const BY_EVENT_NAME = new Map<string, DetectionRule[]>();
const ANY_EVENT: DetectionRule[] = [];
for (const rule of DETECTION_RULES) {
  if (!rule.eventNames) ANY_EVENT.push(rule);
  for (const name of rule.eventNames ?? [])
    BY_EVENT_NAME.set(name, [...(BY_EVENT_NAME.get(name) ?? []), rule]);
}

/** The rules that can fire on an event name, in DETECTION_RULES order. */
function rulesFor(eventName: string): readonly DetectionRule[] {
  const named = BY_EVENT_NAME.get(eventName);
  if (!named) return ANY_EVENT;
  if (!ANY_EVENT.length) return named;
  return DETECTION_RULES.filter((rule) => named.includes(rule) || ANY_EVENT.includes(rule));
}

export interface CallPlacement {
  /** The account the call touched (recipientAccountId, else the envelope's account). */
  accountId: string;
  region: string;
  /** When the event was received (the envelope's time): `observedAt` if `eventTime` is unreadable. */
  receivedAt?: string;
}

export function detectCall(call: CloudTrailCall, ctx: RuleContext, where: CallPlacement): DetectionSignal[] {
  const judged: CloudTrailCall = { ...call, recipientAccountId: call.recipientAccountId ?? where.accountId };
  const candidates = rulesFor(call.eventName);
  if (candidates.length === 0) {
    // Most of a trail (Describe*, AssumeRole…) can fire no rule: it only teaches the baseline.
    learnFrom(judged, ctx, { flagged: false });
    return [];
  }
  const observedAt = toIsoTime(call.eventTime) ?? toIsoTime(where.receivedAt);
  const findings = candidates.flatMap((rule) => {
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
