/**
 * The Twilio secret's format (one Secrets Manager secret, JSON):
 * `{"authToken": "…", "apiKeySid": "SK…", "apiKeySecret": "…",
 *   "previousAuthToken": "…", "previousValidUntil": "2026-11-23T00:00:00Z"}`.
 * `authToken` checks webhook signatures; the previous token is accepted until `previousValidUntil`
 * only, so a rotation loses no callback and a leaked old token stops working. API calls use the API
 * key when one is given (it can be revoked alone), else the Account SID and auth token. Pure.
 */

function fieldsOf(secret: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(secret);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

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
