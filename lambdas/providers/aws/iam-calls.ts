/**
 * How the IAM provider makes its calls: every listing read to its last page, a missing entity read
 * as absence rather than failure, and a principal named the same way in every error.
 */
import type { IamPrincipal } from '../../core/action';
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

export const principalResource = (principal: IamPrincipal): string => `${principal.type}/${principal.name}`;
