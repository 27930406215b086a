/**
 * Session keys issued with a key. A leaked long-term key is often used once, to mint temporary
 * credentials (`ASIA…`) that the intruder then works with: those calls carry the session key's id,
 * not the leaked one, and a lookup by the leaked key alone misses them.
 */
import type { TrailEvent } from './ports';
import { textAt } from './record-fields';

/**
 * STS calls a key can make that return new credentials in `responseElements.credentials`
 * (AssumeRoleWithSAML / WithWebIdentity are made without a key, so they never show up here).
 */
const ISSUING_CALLS = new Set(['GetSessionToken', 'GetFederationToken', 'AssumeRole']);

const SESSION_KEY_ID = /^ASIA[A-Z0-9]{12,124}$/;

/** The session key id an event issued, if it is a successful STS call that issued one. */
export function sessionKeyIssuedBy(event: TrailEvent): string | undefined {
  if (event.eventSource !== 'sts.amazonaws.com' || !ISSUING_CALLS.has(event.eventName)) return undefined;
  if (event.errorCode !== undefined) return undefined;
  const id = textAt(event.responseElements, 'credentials', 'accessKeyId');
  return id !== undefined && SESSION_KEY_ID.test(id) ? id : undefined;
}
