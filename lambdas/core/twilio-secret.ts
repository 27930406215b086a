/**
 * The Twilio secret's format (one Secrets Manager secret, JSON):
 * `{"authToken": "…", "apiKeySid": "SK…", "apiKeySecret": "…",
 *   "previousAuthToken": "…", "previousValidUntil": "2026-11-23T00:00:00Z"}`.
 * `authToken` checks webhook signatures; the previous token is accepted until `previousValidUntil`
 * only, so a rotation loses no callback and a leaked old token stops working. API calls use the API
 * key when one is given (it can be revoked alone), else the Account SID and auth token. Pure.
 */

function parsedFields(secret: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(secret);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const fieldsOf = (secret: string): Record<string, unknown> => parsedFields(secret) ?? {};

/** Is the secret the JSON object above (what a rotation can rewrite without losing a field)? */
export const isTwilioSecret = (secret: string): boolean => parsedFields(secret) !== undefined;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** The tokens a signature may be made with now; none when the secret cannot be read as such. */
export function twilioAuthTokens(secret: string, now: Date): string[] {
  const fields = fieldsOf(secret);
  const current = text(fields.authToken);
  const previous = text(fields.previousAuthToken);
  const until = Date.parse(text(fields.previousValidUntil) ?? '');
  return [...(current ? [current] : []), ...(previous && until > now.getTime() ? [previous] : [])];
}

/** Basic-auth credentials for Twilio's REST API, or undefined when the secret holds none. */
export function twilioApiCredentials(
  secret: string,
  accountSid: string,
): { username: string; password: string } | undefined {
  const fields = fieldsOf(secret);
  const keySid = text(fields.apiKeySid);
  const keySecret = text(fields.apiKeySecret);
  if (keySid && keySecret) return { username: keySid, password: keySecret };
  const token = text(fields.authToken);
  return token ? { username: accountSid, password: token } : undefined;
}

/**
 * The secret after a rotation to `newToken`: the old token becomes the previous one, accepted until
 * `previousValidUntil`; every other field (the API key) kept. Undefined when the secret is not the
 * JSON object above: nothing may be rotated then, or the responder would lose its own credentials.
 */
export function withRotatedAuthToken(
  secret: string,
  newToken: string,
  previousValidUntil: Date,
): string | undefined {
  const fields = parsedFields(secret);
  if (!fields) return undefined;
  const old = text(fields.authToken);
  const kept = { ...fields };
  delete kept.previousAuthToken;
  delete kept.previousValidUntil;
  return JSON.stringify({
    ...kept,
    authToken: newToken,
    ...(old ? { previousAuthToken: old, previousValidUntil: previousValidUntil.toISOString() } : {}),
  });
}
