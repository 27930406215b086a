/**
 * Slack's request signature (v0), checked before anything else is done with a request to the Slack
 * endpoint: `X-Slack-Signature` is `v0=` followed by the hex HMAC-SHA256, keyed with the app's
 * signing secret, over `v0:{X-Slack-Request-Timestamp}:{raw body}` — the body's bytes exactly as
 * received, never a re-serialised form.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 *
 * The signed data carries the timestamp, so a captured request is refused once that is more than
 * `toleranceSeconds` from now (either way). node:crypto only; never throws.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SlackVerification = { ok: true } | { ok: false; reason: string };

const DEFAULT_TOLERANCE_SECONDS = 300;
const UNIX_SECONDS = /^\d{1,12}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export function verifySlackSignature(request: {
  /** Two while the secret is being rotated; an empty entry never matches. */
  signingSecrets: readonly string[];
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SlackVerification {
  const { signature, timestamp, now, rawBody } = request;
  const tolerance = request.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!signature) return refuse('no X-Slack-Signature');
  if (!timestamp) return refuse('no X-Slack-Request-Timestamp');
  if (!UNIX_SECONDS.test(timestamp)) return refuse('the timestamp is not unix seconds');
  if (!(tolerance >= 0) || Number.isNaN(now.getTime())) return refuse('no valid clock or tolerance');
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > tolerance)
    return refuse(`the timestamp is ${Math.round(skew)} s from now (over ${tolerance} s)`);

  if (!signature.startsWith('v0=')) return refuse('the signature is not a v0 signature');
  const hex = signature.slice('v0='.length);
  if (hex.length !== 64) return refuse(`the signature has ${hex.length} characters after v0=, not 64`);
  if (!HEX_SHA256.test(hex)) return refuse('the signature is not hex');
  const given = Buffer.from(hex, 'hex');

  const secrets = request.signingSecrets.filter((secret) => secret !== '');
  if (secrets.length === 0) return refuse('no signing secret to check with');
  // Timestamp bytes, then body bytes as received; the body is never decoded to text.
  const data = Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'ascii'), rawBody]);
  let matched = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(data).digest();
    // No early return: every secret is tried whichever matches.
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = true;
  }
  return matched ? { ok: true } : refuse('the signature does not match');
}

const refuse = (reason: string): SlackVerification => ({ ok: false, reason });
