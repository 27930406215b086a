/**
 * SendGrid's Signed Event Webhook
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features):
 * a P-256 key pair made here signs timestamp + body as SendGrid does. The known vector is the one
 * SendGrid's Node helper library tests its EventWebhook with (sendgrid-nodejs,
 * packages/eventwebhook/src/eventwebhook.spec.js).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { verifySendGridSignature } from '../../lambdas/sources/sendgrid-signature';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PUBLIC_KEY = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const NOW = new Date('2024-05-01T12:00:00Z');
const TIMESTAMP = String(NOW.getTime() / 1000);
const BODY =
  '[{"email":"someone@example.com","timestamp":1714564800,"event":"delivered","sg_event_id":"rWVYmVk90MjZJ9iohOBa3w==","sg_message_id":"14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0","response":"250 OK"}]\r\n';

/** As SendGrid signs: ECDSA P-256, SHA-256, DER, base64, over the timestamp followed by the body bytes. */
const signed = (timestamp: string, body: Buffer | string): string =>
  sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('base64');

type Request = Parameters<typeof verifySendGridSignature>[0];
const verify = (overrides: Partial<Request> = {}): ReturnType<typeof verifySendGridSignature> =>
  verifySendGridSignature({
    publicKey: PUBLIC_KEY,
    payload: BODY,
    signature: signed(TIMESTAMP, BODY),
    timestamp: TIMESTAMP,
    now: NOW,
    ...overrides,
  });

describe("SendGrid's Signed Event Webhook", () => {
  it('accepts the genuine request', () => {
    expect(verify()).toEqual({ ok: true });
  });

  it("accepts the helper library's known vector (base64 DER key as the console shows it)", () => {
    const result = verifySendGridSignature({
      publicKey:
        'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
      payload: '{"category":"example_payload","event":"test_event","message_id":"message_id"}',
      signature:
        'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
      timestamp: '1588788367',
      now: new Date(1588788367 * 1000),
    });

    expect(result).toEqual({ ok: true });
  });

  it('accepts the key as PEM', () => {
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();

    expect(verify({ publicKey: pem })).toEqual({ ok: true });
  });

  it('verifies the body as bytes: non-ASCII UTF-8 signed as received, passed as a Buffer', () => {
    // Prepare: "Zoë ✓" and an emoji, plus a byte sequence that is not valid UTF-8 at all.
    const bytes = Buffer.concat([
      Buffer.from('[{"category":"Zoë ✓ 📧","event":"open"}]', 'utf8'),
      Buffer.from([0xff]),
    ]);
    const signature = signed(TIMESTAMP, bytes);

    // Act
    const asBuffer = verify({ payload: bytes, signature });
    const throughText = verify({ payload: bytes.toString('utf8'), signature });

    // Assess: decoding then re-encoding replaced the stray byte, and the signature no longer matches.
    expect(asBuffer).toEqual({ ok: true });
    expect(throughText).toEqual({ ok: false, reason: 'the signature does not match' });
  });

  it('accepts a timestamp at the edge of the tolerance, and a tolerance given', () => {
    const old = String(Number(TIMESTAMP) - 300);

    expect(verify({ timestamp: old, signature: signed(old, BODY) })).toEqual({ ok: true });
    const stale = String(Number(TIMESTAMP) - 600);
    expect(verify({ timestamp: stale, signature: signed(stale, BODY), toleranceSeconds: 900 })).toEqual({
      ok: true,
    });
  });

  it.each<[string, () => Partial<Request>, string]>([
    ['a tampered body', () => ({ payload: BODY.replace('delivered', 'bounce') }), 'does not match'],
    ['a tampered timestamp', () => ({ timestamp: String(Number(TIMESTAMP) + 1) }), 'does not match'],
    [
      'another key',
      () => ({
        publicKey: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
          .publicKey.export({ format: 'der', type: 'spki' })
          .toString('base64'),
      }),
      'does not match',
    ],
    ['a missing signature', () => ({ signature: undefined }), 'no X-Twilio-Email-Event-Webhook-Signature'],
    ['an empty signature', () => ({ signature: '' }), 'no X-Twilio-Email-Event-Webhook-Signature'],
    ['a missing timestamp', () => ({ timestamp: undefined }), 'no X-Twilio-Email-Event-Webhook-Timestamp'],
    ['a non-numeric timestamp', () => ({ timestamp: 'timestamp' }), 'not unix seconds'],
    ['a timestamp in milliseconds', () => ({ timestamp: String(NOW.getTime()) }), 'not unix seconds'],
    [
      'a stale timestamp (6 min old)',
      () => ({
        timestamp: String(Number(TIMESTAMP) - 360),
        signature: signed(String(Number(TIMESTAMP) - 360), BODY),
      }),
      'the timestamp is 360 s from now (over 300 s)',
    ],
    [
      'a future timestamp (6 min ahead)',
      () => ({
        timestamp: String(Number(TIMESTAMP) + 360),
        signature: signed(String(Number(TIMESTAMP) + 360), BODY),
      }),
      'the timestamp is 360 s from now (over 300 s)',
    ],
    [
      'a garbage base64 signature',
      () => ({ signature: Buffer.from('not a signature').toString('base64') }),
      'not a DER',
    ],
    ['a signature that is not base64', () => ({ signature: 'MEUC!!!' }), 'not a DER'],
    [
      'a truncated signature',
      () => ({
        signature: Buffer.from(signed(TIMESTAMP, BODY), 'base64').subarray(0, 40).toString('base64'),
      }),
      'not a DER',
    ],
    ['an unreadable key', () => ({ publicKey: 'MFkwEwYHKoZIzj0CAQYI' }), 'cannot be read'],
    ['a key that is not base64', () => ({ publicKey: 'not a key!' }), 'neither base64 DER nor a PEM'],
    ['an empty key', () => ({ publicKey: '' }), 'neither base64 DER nor a PEM'],
    [
      'an RSA key',
      () => ({
        publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .publicKey.export({ format: 'der', type: 'spki' })
          .toString('base64'),
      }),
      'not an EC P-256 key',
    ],
    [
      'an EC key on another curve (P-384)',
      () => ({
        publicKey: generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
          .publicKey.export({ format: 'pem', type: 'spki' })
          .toString(),
      }),
      'not an EC P-256 key',
    ],
    ['an invalid clock', () => ({ now: new Date(Number.NaN) }), 'no valid clock'],
  ])('refuses %s', (_case, overrides, reason) => {
    const result = verify(overrides());

    expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) as string });
  });

  it('never throws, whatever it is given', () => {
    const odd = [
      { publicKey: '-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----' },
      { signature: 'MAYCAQACAQA=' }, // SEQUENCE { INTEGER 0, INTEGER 0 }: well-formed, never valid
      { payload: Buffer.alloc(0) },
      { toleranceSeconds: -1 },
    ];

    for (const overrides of odd) expect(verify(overrides).ok).toBe(false);
  });
});
