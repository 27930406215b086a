/**
 * One entry point for every AWS event the responder subscribes to: picks the source's normalizer from
 * the envelope's `source` and `detail-type`. Never throws; an event nobody handles comes back with why.
 */
import type { Normalized } from '../core/signal';
import { CLOUDTRAIL_DETAIL_TYPES, normalizeCloudTrailEvent } from './cloudtrail';
import type { RuleContext } from './detection/rule';
import { parseEnvelope } from './eventbridge-envelope';
import { GUARDDUTY_SOURCE, normalizeGuardDutyFinding } from './guardduty';
import { HEALTH_SOURCE, normalizeHealthEvent } from './health';
import { CLOUDWATCH_SOURCE, normalizeSesAlarm } from './ses-alarm';
import { TRUSTED_ADVISOR_SOURCE, normalizeTrustedAdvisorEvent } from './trusted-advisor';

export type Normalizer = (event: unknown) => Normalized;

const BY_SOURCE: Readonly<Record<string, Normalizer>> = {
  [HEALTH_SOURCE]: normalizeHealthEvent,
  [GUARDDUTY_SOURCE]: normalizeGuardDutyFinding,
  [TRUSTED_ADVISOR_SOURCE]: normalizeTrustedAdvisorEvent,
  [CLOUDWATCH_SOURCE]: normalizeSesAlarm,
};

/** With a `ctx`, CloudTrail events also go through the ATO detection rules; without, only AWS's quarantine counts. */
export function normalize(event: unknown, ctx?: RuleContext): Normalized {
  const parsed = parseEnvelope(event);
  if (!parsed.ok) return parsed;
  const { source, detailType } = parsed.value;
  // CloudTrail events carry the called service as source (aws.iam, aws.signin…): dispatch on detail-type.
  if (CLOUDTRAIL_DETAIL_TYPES.includes(detailType)) return normalizeCloudTrailEvent(event, ctx);
  const normalizer = Object.hasOwn(BY_SOURCE, source) ? BY_SOURCE[source] : undefined;
  if (normalizer === undefined)
    return { ok: false, reason: `no normalizer for ${source} "${detailType}" events` };
  return normalizer(event);
}

export { normalizeCloudTrailEvent, parseCloudTrailCall, parseCloudTrailEvent } from './cloudtrail';
export type { CloudTrailCall, CloudTrailRule, CloudTrailUserIdentity } from './cloudtrail';
// Not `ruleContext`: it carries the GeoIP database; import it from './detection' where it is needed.
export { DETECTION_RULES, detectCall, detectCloudTrailRecord } from './detection/detect';
export { MemoryActivityBaseline } from './detection/baseline';
export type { ActivityBaseline, DetectionRule, RuleContext } from './detection/rule';
export { normalizeGuardDutyFinding } from './guardduty';
export { normalizeHealthEvent } from './health';
export { normalizeSesAlarm } from './ses-alarm';
export { normalizeTrustedAdvisorEvent } from './trusted-advisor';
