/**
 * SendGrid's Signed Event Webhook, checked before anything else is done with an event batch: ECDSA
 * P-256 with SHA-256 over the `X-Twilio-Email-Event-Webhook-Timestamp` header value immediately
 * followed by the raw request body, exactly the bytes received; the signature is
 * `X-Twilio-Email-Event-Webhook-Signature`, base64 of a DER-encoded (r, s). The verification key is
 * what the console shows and `GET /v3/user/webhooks/event/settings/signed` returns as `public_key`:
 * base64 of a DER SubjectPublicKeyInfo (a PEM of it is accepted too).
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features
 *
 * The signed data carries the timestamp, so a captured batch is refused once that is more than
 * `toleranceSeconds` from now (either way). node:crypto only; never throws.
 */
import { type KeyObject, createPublicKey, verify } from 'node:crypto';

export type SendGridVerification = { ok: true } | { ok: false; reason: string };

const DEFAULT_TOLERANCE_SECONDS = 300;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

export function verifySendGridSignature(request: {
  publicKey: string;
  payload: Buffer | string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SendGridVerification {
  const { signature, timestamp, now } = request;
  const tolerance = request.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!signature) return refuse('no X-Twilio-Email-Event-Webhook-Signature');
  if (!timestamp) return refuse('no X-Twilio-Email-Event-Webhook-Timestamp');
  if (!UNIX_SECONDS.test(timestamp)) return refuse('the timestamp is not unix seconds');
  if (!(tolerance >= 0) || Number.isNaN(now.getTime())) return refuse('no valid clock or tolerance');
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > tolerance)
    return refuse(`the timestamp is ${Math.round(skew)} s from now (over ${tolerance} s)`);

  const key = publicKeyOf(request.publicKey);
  if (typeof key === 'string') return refuse(key);
  const sig = BASE64.test(signature) ? Buffer.from(signature, 'base64') : undefined;
  if (sig === undefined || !isDerEcdsaSignature(sig))
    return refuse('the signature is not a DER ECDSA signature');

  // Timestamp bytes then body bytes; a Buffer body is never decoded to text.
  const body = typeof request.payload === 'string' ? Buffer.from(request.payload, 'utf8') : request.payload;
  const data = Buffer.concat([Buffer.from(timestamp, 'ascii'), body]);
  try {
    return verify('sha256', data, key, sig) ? { ok: true } : refuse('the signature does not match');
  } catch {
    return refuse('the signature could not be checked');
  }
}

/** The key as an EC P-256 KeyObject, or why not. */
function publicKeyOf(text: string): KeyObject | string {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----'))
      key = createPublicKey({ key: trimmed, format: 'pem' });
    else {
      const b64 = trimmed.replace(/\s+/g, '');
      if (!BASE64.test(b64)) return 'the public key is neither base64 DER nor a PEM public key';
      key = createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
    }
  } catch {
    return 'the public key cannot be read';
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    return 'the public key is not an EC P-256 key';
  return key;
}

/** SEQUENCE { INTEGER r, INTEGER s }, short-form lengths (at most 72 bytes for P-256), nothing after. */
function isDerEcdsaSignature(der: Buffer): boolean {
  if (der.length < 8 || der.length > 72 || der[0] !== 0x30 || der[1] !== der.length - 2) return false;
  let at = 2;
  for (let i = 0; i < 2; i++) {
    const length = der[at + 1] ?? 0;
    if (der[at] !== 0x02 || length < 1 || length > 33) return false;
    at += 2 + length;
  }
  return at === der.length;
}

const refuse = (reason: string): SendGridVerification => ({ ok: false, reason });
