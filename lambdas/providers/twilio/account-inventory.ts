/**
 * TwilioAuditPort over the REST API (twilio_api_v2010 and twilio_iam_v1 OpenAPI), every page:
 * - GET /2010-04-01/Accounts.json → `accounts` (the account itself and its subaccounts;
 *   `owner_account_sid` names the parent);
 * - GET /2010-04-01/Accounts/{AC}/Keys.json → `keys`, and iam.twilio.com GET /v1/Keys?AccountSid=AC →
 *   `keys` (the newer listing, restricted keys included), merged by SID;
 * - GET /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers.json → `incoming_phone_numbers` (`voice_url`,
 *   `voice_fallback_url`, `sms_url`, `sms_fallback_url`, `status_callback`);
 * - GET /2010-04-01/Accounts/{AC}/OutgoingCallerIds.json → `outgoing_caller_ids`.
 * Dates come as RFC 2822 (`Thu, 30 Jul 2015 20:00:00 +0000`) and are kept as ISO times.
 */
import type { TwilioAccountInventory, TwilioAuditPort } from '../../core/ports';
import { numberUrlsOf } from './number-urls';
import type { TwilioHttp, TwilioService } from './twilio-http';

type Item = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function isoDate(value: unknown): string | undefined {
  const at = Date.parse(text(value));
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

export class TwilioAccountInventoryReader implements TwilioAuditPort {
  constructor(
    readonly accountSid: string,
    private readonly http: TwilioHttp,
  ) {}

  async inventory(): Promise<TwilioAccountInventory> {
    const account = `/2010-04-01/Accounts/${this.accountSid}`;
    const listings: [string, Promise<Item[]>][] = [
      ['accounts', this.all('api', '/2010-04-01/Accounts.json?PageSize=1000', 'accounts')],
      ['API keys', this.all('api', `${account}/Keys.json?PageSize=1000`, 'keys')],
      ['API keys (IAM)', this.all('iam', `/v1/Keys?AccountSid=${this.accountSid}&PageSize=1000`, 'keys')],
      [
        'phone numbers',
        this.all('api', `${account}/IncomingPhoneNumbers.json?PageSize=1000`, 'incoming_phone_numbers'),
      ],
      [
        'caller IDs',
        this.all('api', `${account}/OutgoingCallerIds.json?PageSize=1000`, 'outgoing_caller_ids'),
      ],
    ];
    // One refused listing (a Standard key cannot list accounts or keys) must not lose the others.
    const settled = await Promise.allSettled(listings.map(([, pending]) => pending));
    const unread = settled.flatMap((result, i) =>
      result.status === 'rejected'
        ? [
            {
              listing: listings[i]?.[0] ?? '',
              error: result.reason instanceof Error ? result.reason.message : String(result.reason),
            },
          ]
        : [],
    );
    if (unread.length === settled.length && settled[0]?.status === 'rejected') throw settled[0].reason;
    const [accounts = [], keys2010 = [], keysIam = [], numbers = [], callerIds = []] = settled.map((r) =>
      r.status === 'fulfilled' ? r.value : [],
    );
    const keys = new Map<string, Item>();
    for (const key of [...keys2010, ...keysIam]) if (text(key.sid)) keys.set(text(key.sid), key);
    return {
      subaccounts: accounts
        .filter((a) => text(a.owner_account_sid) === this.accountSid && text(a.sid) !== this.accountSid)
        .map((a) => ({
          sid: text(a.sid),
          friendlyName: text(a.friendly_name),
          status: text(a.status),
          ...optionalDate(a.date_created),
        })),
      apiKeys: [...keys.values()].map((k) => ({
        sid: text(k.sid),
        friendlyName: text(k.friendly_name),
        ...optionalDate(k.date_created),
      })),
      phoneNumbers: numbers.map((n) => ({
        sid: text(n.sid),
        phoneNumber: text(n.phone_number),
        urls: numberUrlsOf(n).filter((u) => u.url),
      })),
      ...(this.http.keySid ? { ownKeySid: this.http.keySid } : {}),
      ...(unread.length ? { unread } : {}),
      callerIds: callerIds.map((c) => ({
        sid: text(c.sid),
        phoneNumber: text(c.phone_number),
        friendlyName: text(c.friendly_name),
        ...optionalDate(c.date_created),
      })),
    };
  }

  private async all(service: TwilioService, path: string, key: string): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of this.http.pages(service, path, key))
      if (typeof item === 'object' && item !== null) items.push(item as Item);
    return items;
  }
}

function optionalDate(value: unknown): { dateCreated?: string } {
  const date = isoDate(value);
  return date === undefined ? {} : { dateCreated: date };
}
