/**
 * Slack's v0 request signature (https://api.slack.com/authentication/verifying-requests-from-slack).
 * The known vector is the one that page walks through: its signing secret, timestamp, slash-command
 * body and resulting signature, byte for byte.
 */
import { createHmac } from 'node:crypto';
import { verifySlackSignature } from '../../lambdas/sources/slack-signature';

const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = '1531420618';
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const SECRET = 'S0000EXAMPLESIGNINGSECRET0000000';
const NOW = new Date('2024-05-01T12:00:00Z');
const TIMESTAMP = String(NOW.getTime() / 1000);
const BODY = Buffer.from(
  'token=T0000EXAMPLETOKEN&team_id=T0000EXAMPLE&user_id=U0000EXAMPLE&command=%2Fato&text=status+INC-1&api_app_id=A0000EXAMPLE',
  'utf8',
);

/** As Slack signs: `v0=` + hex HMAC-SHA256 over `v0:{timestamp}:` followed by the body bytes. */
const signed = (secret: string, timestamp: string, body: Buffer): string =>
  `v0=${createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), body]))
    .digest('hex')}`;

type Request = Parameters<typeof verifySlackSignature>[0];
const verify = (overrides: Partial<Request> = {}): ReturnType<typeof verifySlackSignature> =>
  verifySlackSignature({
    signingSecrets: [SECRET],
    rawBody: BODY,
    signature: signed(SECRET, TIMESTAMP, BODY),
    timestamp: TIMESTAMP,
    now: NOW,
    ...overrides,
  });

describe("Slack's v0 request signature", () => {
  it("accepts the documented example: secret, timestamp, body and signature from Slack's page", () => {
    // Prepare
    const request: Request = {
      signingSecrets: [DOC_SECRET],
      rawBody: Buffer.from(DOC_BODY, 'utf8'),
      signature: DOC_SIGNATURE,
      timestamp: DOC_TIMESTAMP,
      now: new Date(Number(DOC_TIMESTAMP) * 1000),
    };

    // Act
    const result = verifySlackSignature(request);

    // Assess
    expect(result).toEqual({ ok: true });
    expect(signed(DOC_SECRET, DOC_TIMESTAMP, request.rawBody)).toBe(DOC_SIGNATURE);
  });

  it('accepts a genuine request', () => {
    // Act
    const result = verify();

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it('accepts a signature in upper-case hex', () => {
    // Prepare
    const signature = `v0=${signed(SECRET, TIMESTAMP, BODY).slice(3).toUpperCase()}`;

    // Act
    const result = verify({ signature });

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it('accepts the second secret during a rotation, having tried the first', () => {
    // Prepare
    const next = 'S0000EXAMPLENEXTSECRET0000000000';

    // Act
    const result = verify({ signingSecrets: [SECRET, next], signature: signed(next, TIMESTAMP, BODY) });

    // Assess
    expect(result).toEqual({ ok: true });
  });

  it('verifies the body as bytes: non-ASCII UTF-8 and invalid UTF-8 signed as received', () => {
    // Prepare: "Zoë ✓" and an emoji, then a byte sequence that is not valid UTF-8 at all.
    const rawBody = Buffer.concat([
      Buffer.from('text=Zo%C3%AB&user_name=Zoë ✓ 🚨&', 'utf8'),
      Buffer.from([0xc3, 0x28, 0xff]),
    ]);

    // Act
    const genuine = verify({ rawBody, signature: signed(SECRET, TIMESTAMP, rawBody) });
    const decodedAndReencoded = verify({
      rawBody: Buffer.from(rawBody.toString('utf8'), 'utf8'),
      signature: signed(SECRET, TIMESTAMP, rawBody),
    });

    // Assess
    expect(genuine).toEqual({ ok: true });
    expect(decodedAndReencoded).toEqual({ ok: false, reason: 'the signature does not match' });
  });

  it('refuses a tampered body', () => {
    // Prepare
    const rawBody = Buffer.from(BODY.toString('utf8').replace('status+INC-1', 'undo+INC-1'), 'utf8');

    // Act
    const result = verify({ rawBody });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'the signature does not match' });
  });

  it('refuses a signature made with another secret', () => {
    // Act
    const result = verify({ signature: signed('S0000EXAMPLEOTHERSECRET000000000', TIMESTAMP, BODY) });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'the signature does not match' });
  });

  it('refuses a signature whose timestamp was changed after signing', () => {
    // Act
    const result = verify({ timestamp: String(Number(TIMESTAMP) + 1) });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'the signature does not match' });
  });

  it.each<[string, string]>([
    ['stale (6 minutes old)', String(Number(TIMESTAMP) - 360)],
    ['from the future (6 minutes ahead)', String(Number(TIMESTAMP) + 360)],
  ])('refuses a correctly signed request whose timestamp is %s', (_, timestamp) => {
    // Act
    const result = verify({ timestamp, signature: signed(SECRET, timestamp, BODY) });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'the timestamp is 360 s from now (over 300 s)' });
  });

  it('accepts a timestamp exactly at the tolerance, and honours a tighter one', () => {
    // Prepare
    const timestamp = String(Number(TIMESTAMP) - 300);
    const signature = signed(SECRET, timestamp, BODY);

    // Act
    const atDefault = verify({ timestamp, signature });
    const tighter = verify({ timestamp, signature, toleranceSeconds: 60 });

    // Assess
    expect(atDefault).toEqual({ ok: true });
    expect(tighter).toEqual({ ok: false, reason: 'the timestamp is 300 s from now (over 60 s)' });
  });

  it.each<[string, Partial<Request>, string]>([
    ['no signature header', { signature: undefined }, 'no X-Slack-Signature'],
    ['an empty signature header', { signature: '' }, 'no X-Slack-Signature'],
    ['no timestamp header', { timestamp: undefined }, 'no X-Slack-Request-Timestamp'],
    ['a non-numeric timestamp', { timestamp: '1714564800.5' }, 'the timestamp is not unix seconds'],
    ['a timestamp in words', { timestamp: 'yesterday' }, 'the timestamp is not unix seconds'],
    ['an invalid clock', { now: new Date(Number.NaN) }, 'no valid clock or tolerance'],
    ['a negative tolerance', { toleranceSeconds: -1 }, 'no valid clock or tolerance'],
    ['no secret at all', { signingSecrets: [] }, 'no signing secret to check with'],
    ['only an empty secret', { signingSecrets: [''] }, 'no signing secret to check with'],
  ])('refuses %s', (_, overrides, reason) => {
    // Act
    const result = verify(overrides);

    // Assess
    expect(result).toEqual({ ok: false, reason });
  });

  it('refuses a signature without the v0= prefix, even when the hex is right', () => {
    // Act
    const bare = verify({ signature: signed(SECRET, TIMESTAMP, BODY).slice(3) });
    const v1 = verify({ signature: `v1=${signed(SECRET, TIMESTAMP, BODY).slice(3)}` });

    // Assess
    expect(bare).toEqual({ ok: false, reason: 'the signature is not a v0 signature' });
    expect(v1).toEqual({ ok: false, reason: 'the signature is not a v0 signature' });
  });

  it.each<[string, string, string]>([
    ['too short', `v0=${'ab'.repeat(31)}`, 'the signature has 62 characters after v0=, not 64'],
    ['too long', `v0=${'ab'.repeat(33)}`, 'the signature has 66 characters after v0=, not 64'],
    ['empty after the prefix', 'v0=', 'the signature has 0 characters after v0=, not 64'],
    ['garbage of the right length', `v0=${'zz'.repeat(32)}`, 'the signature is not hex'],
    ['hex with a trailing newline', `v0=${'ab'.repeat(31)}a\n`, 'the signature is not hex'],
  ])('refuses a signature that is %s', (_, signature, reason) => {
    // Act
    const result = verify({ signature });

    // Assess
    expect(result).toEqual({ ok: false, reason });
  });

  it('refuses a well-formed signature that matches nothing', () => {
    // Act
    const result = verify({ signature: `v0=${'0'.repeat(64)}` });

    // Assess
    expect(result).toEqual({ ok: false, reason: 'the signature does not match' });
  });
});
