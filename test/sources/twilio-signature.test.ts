/**
 * Twilio's request signature (https://www.twilio.com/docs/usage/webhooks/webhooks-security). The known
 * vector is the one Twilio's helper libraries test their validators with: token `12345`, URL
 * `https://mycompany.com/myapp.php?foo=1&bar=2`, a repeated parameter with a duplicated value.
 */
import type { FormParams } from '../../lambdas/core/ports';
import { twilioSignature, verifyTwilioSignature } from '../../lambdas/sources/twilio-signature';

const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS: FormParams = [
  ['Sid', 'CA123'],
  ['SidAccount', 'AC123'],
  ['Digits', '5678'],
  ['Digits', '1234'],
  ['Digits', '1234'],
];
const SIGNATURE = 'IK+Dwps556ElfBT0I3Rgjkr1wJU=';

const verify = (overrides: Partial<Parameters<typeof verifyTwilioSignature>[0]> = {}): boolean =>
  verifyTwilioSignature({
    url: URL,
    params: PARAMS,
    signature: SIGNATURE,
    authTokens: [TOKEN],
    ...overrides,
  });

describe("Twilio's request signature", () => {
  it("reproduces the helper libraries' vector: names sorted, a repeated value counted once", () => {
    expect(twilioSignature(URL, PARAMS, TOKEN)).toBe(SIGNATURE);
  });

  it('does not depend on the order the parameters came in', () => {
    expect(twilioSignature(URL, [...PARAMS].reverse(), TOKEN)).toBe(SIGNATURE);
  });

  it('accepts the genuine request', () => {
    expect(verify()).toBe(true);
  });

  it.each<[string, Partial<Parameters<typeof verifyTwilioSignature>[0]>]>([
    ['a tampered parameter', { params: [...PARAMS.slice(0, 2), ['Digits', '9999']] }],
    ['an added parameter', { params: [...PARAMS, ['To', 'x']] }],
    ['another URL', { url: 'https://mycompany.com/myapp.php?foo=1&bar=3' }],
    ['http instead of https', { url: 'http://mycompany.com/myapp.php?foo=1&bar=2' }],
    ['the wrong token', { authTokens: ['54321'] }],
    ['no token at all', { authTokens: [] }],
    ['an empty token', { authTokens: [''] }],
    ['a missing signature', { signature: undefined }],
    ['an empty signature', { signature: '' }],
    ['a signature of another length', { signature: `${SIGNATURE}A` }],
  ])('refuses %s', (_case, overrides) => {
    expect(verify(overrides)).toBe(false);
  });

  it('accepts the previous token too while both are given (a rotation)', () => {
    expect(verify({ authTokens: ['new-token', TOKEN] })).toBe(true);
  });

  it('accepts the URL signed with or without the default port', () => {
    // Prepare
    const signedWithPort = twilioSignature('https://mycompany.com:443/myapp.php?foo=1&bar=2', PARAMS, TOKEN);

    // Act
    const verdicts = [
      verify({ signature: signedWithPort }),
      verify({ url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2' }),
      verify({ url: 'https://mycompany.com:8443/myapp.php?foo=1&bar=2' }),
    ];

    // Assess: a non-default port is part of the URL, never dropped.
    expect(verdicts).toEqual([true, true, false]);
  });
});
