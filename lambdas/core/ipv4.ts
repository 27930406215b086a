/** Dotted-quad IPv4, the only form GeoIP is asked about (CloudTrail also writes IPv6 and service names). */
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

export function isIpv4(ip: string): boolean {
  return IPV4.test(ip);
}

function toNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Is an IPv4 address inside an IPv4 CIDR block (`198.51.100.0/24`)? False for anything else. */
export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (
    !isIpv4(ip) ||
    base === undefined ||
    !isIpv4(base) ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > 32
  ) {
    return false;
  }
  const size = 2 ** (32 - prefix);
  return Math.floor(toNumber(ip) / size) === Math.floor(toNumber(base) / size);
}

/**
 * Does an IP access rule cover this address? SendGrid's allow list holds single addresses, CIDR
 * blocks (`192.168.1.3/32`) and wildcards (`192.*.*.*`): each octet a number or `*`.
 */
export function ruleCovers(rule: string, ip: string): boolean {
  if (!isIpv4(ip)) return false;
  if (rule.includes('/')) return inCidr(ip, rule);
  const parts = rule.split('.');
  const octets = ip.split('.');
  return parts.length === 4 && parts.every((part, i) => part === '*' || part === octets[i]);
}
