/**
 * The SendGrid secret's format: `{"apiKey": "SG.…"}`, or the key alone as the secret string. Pure.
 * Undefined when neither holds a key of SendGrid's shape (the secret as deployed, before an operator
 * puts the key in it).
 */
const KEY = /^SG\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function sendGridApiKey(secret: string): string | undefined {
  const trimmed = secret.trim();
  if (KEY.test(trimmed)) return trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    const key =
      typeof parsed === 'object' && parsed !== null ? (parsed as { apiKey?: unknown }).apiKey : undefined;
    return typeof key === 'string' && KEY.test(key) ? key : undefined;
  } catch {
    return undefined;
  }
}
