import { inCidr } from '../../../lambdas/sources/detection/ipv4';

describe('inCidr', () => {
  it.each([
    ['198.51.100.7', '198.51.100.0/24', true],
    ['198.51.101.7', '198.51.100.0/24', false],
    ['203.0.113.50', '203.0.113.48/30', true],
    ['203.0.113.52', '203.0.113.48/30', false],
    ['192.0.2.1', '0.0.0.0/0', true],
    ['192.0.2.1', '192.0.2.1/32', true],
    ['2001:db8::1', '198.51.100.0/24', false],
    ['198.51.100.7', 'not-a-cidr', false],
    ['198.51.100.7', '198.51.100.0/33', false],
  ])('%s in %s is %s', (ip, cidr, expected) => {
    expect(inCidr(ip, cidr)).toBe(expected);
  });
});
