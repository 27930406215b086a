/**
 * The Slack app's secret: `{"signingSecret": "…", "botToken": "xoxb-…"}`, and during a rotation of
 * the signing secret also `"previousSigningSecret"`. Pure. A secret as deployed (random, not JSON of
 * that shape) yields no signing secret: every request is then refused, none is read.
 */
export interface SlackSecret {
  /** The current signing secret first; two while it is being rotated. */
  signingSecrets: string[];
  botToken?: string;
}

const SIGNING_SECRET = /^[0-9a-f]{32}$/i;
const BOT_TOKEN = /^xoxb-[A-Za-z0-9-]{10,250}$/;

export function slackSecretOf(secret: string): SlackSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    return { signingSecrets: [] };
  }
  if (typeof parsed !== 'object' || parsed === null) return { signingSecrets: [] };
  const fields = parsed as Record<string, unknown>;
  const signing = [fields.signingSecret, fields.previousSigningSecret].filter(
    (s): s is string => typeof s === 'string' && SIGNING_SECRET.test(s),
  );
  const token = fields.botToken;
  return {
    signingSecrets: signing,
    ...(typeof token === 'string' && BOT_TOKEN.test(token) ? { botToken: token } : {}),
  };
}
