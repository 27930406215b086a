/**
 * A route for the loopback server answering the audit's five listings as Twilio does (2010 API:
 * `accounts`, `keys`, `incoming_phone_numbers`, `outgoing_caller_ids` with `next_page_uri`; IAM v1:
 * `keys` with `meta.next_page_url`), one page each, from the items given.
 */
import type { Route } from '../http/local-server';

type Item = Record<string, unknown>;

export interface Listings {
  accounts?: Item[];
  keys?: Item[];
  iamKeys?: Item[];
  numbers?: Item[];
  callerIds?: Item[];
}

export function twilioListings(listings: Listings): Route {
  return (request) => {
    const url = request.url;
    const page = (key: string, items: Item[] = []) => ({
      status: 200,
      json: { [key]: items, next_page_uri: null },
    });
    if (url.startsWith('/2010-04-01/Accounts.json')) return page('accounts', listings.accounts);
    if (/^\/2010-04-01\/Accounts\/AC\w+\/Keys\.json/.test(url)) return page('keys', listings.keys);
    if (/^\/2010-04-01\/Accounts\/AC\w+\/IncomingPhoneNumbers\.json/.test(url))
      return page('incoming_phone_numbers', listings.numbers);
    if (/^\/2010-04-01\/Accounts\/AC\w+\/OutgoingCallerIds\.json/.test(url))
      return page('outgoing_caller_ids', listings.callerIds);
    if (url.startsWith('/v1/Keys'))
      return { status: 200, json: { keys: listings.iamKeys ?? [], meta: { next_page_url: null } } };
    return undefined;
  };
}
