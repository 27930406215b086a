/** Dotted-quad IPv4, the only form GeoIP is asked about (CloudTrail also writes IPv6 and service names). */
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

export function isIpv4(ip: string): boolean {
  return IPV4.test(ip);
}
