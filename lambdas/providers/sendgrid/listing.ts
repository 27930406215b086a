/**
 * SendGrid's listings: items under `result` (or `results`, or the answer itself being the array), and
 * offset pages of at most 500 (subusers, teammates) read until one comes back short — never more
 * than 100 pages, so a server that never ends a listing cannot loop us.
 */
import type { SendGridHttp } from './sendgrid-http';

export type Item = Record<string, unknown>;

/** SendGrid's largest page for subusers and teammates. */
export const PAGE = 500;
const MAX_PAGES = 100;

/** The objects of a listing: the answer itself when it is an array, else the first array under `keys`. */
export function itemsOf(answer: unknown, ...keys: string[]): Item[] {
  const record = answer as Record<string, unknown> | undefined;
  const list = Array.isArray(answer) ? answer : keys.map((k) => record?.[k]).find(Array.isArray);
  return (list ?? []).filter((i): i is Item => typeof i === 'object' && i !== null);
}

/** Each page of `path` (which may carry a query already), read with `limit` and `offset`. */
export async function* offsetPages(
  http: SendGridHttp,
  path: string,
  ...keys: string[]
): AsyncGenerator<Item[]> {
  const join = path.includes('?') ? '&' : '?';
  for (let offset = 0; offset < PAGE * MAX_PAGES; offset += PAGE) {
    const page = itemsOf(await http.getJson(`${path}${join}limit=${PAGE}&offset=${offset}`), ...keys);
    yield page;
    if (page.length < PAGE) return;
  }
}
