/**
 * How the IAM provider makes its calls: every listing read to its last page, a missing entity read
 * as absence rather than failure, and a principal named the same way in every error.
 */
import type { PolicyHolder } from '../../core/action';
import { ProviderError } from '../../core/ports';

export async function collect<Page, Item>(
  pages: AsyncIterable<Page>,
  items: (page: Page) => readonly Item[] | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

/** IAM says NoSuchEntity on the wire; the SDK names the modelled error NoSuchEntityException. */
function isMissing(error: unknown): boolean {
  return (
    error instanceof ProviderError &&
    (error.code === 'NoSuchEntityException' || error.code === 'NoSuchEntity')
  );
}

export async function nullWhenMissing<T>(pending: Promise<T>): Promise<T | null> {
  try {
    return await pending;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/** A user, role or group, named the same way in every error. */
export const principalResource = (principal: PolicyHolder): string => `${principal.type}/${principal.name}`;

/**
 * IAM returns policy documents URL-encoded (RFC 3986). A document that is not valid percent-encoding
 * (an emulator that already decoded it, with a literal `%`) is kept as received rather than lost.
 */
export function decodePolicy(document: string): string {
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

/** Optional dates are left out rather than set to undefined: what is read is stored as is. */
export function isoDate<K extends string>(key: K, date: Date | undefined): Partial<Record<K, string>> {
  return date === undefined ? {} : ({ [key]: date.toISOString() } as Record<K, string>);
}

/** IAM has a User, a Role and a Group variant of each policy call: the one for this holder. */
export function byHolder<T>(
  holder: PolicyHolder,
  calls: { user: (UserName: string) => T; role: (RoleName: string) => T; group: (GroupName: string) => T },
): T {
  if (holder.type === 'user') return calls.user(holder.name);
  return holder.type === 'role' ? calls.role(holder.name) : calls.group(holder.name);
}

/** `User`, `Role` or `Group`, as IAM's operation names spell the holder. */
export const holderKind = (holder: PolicyHolder): 'User' | 'Role' | 'Group' =>
  byHolder(holder, { user: () => 'User', role: () => 'Role', group: () => 'Group' });
