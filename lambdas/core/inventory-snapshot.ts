/**
 * The scheduled audits' memory: what a Twilio or SendGrid account held at the last run, as lists of
 * identifiers per kind, and what is new since. New keys, subaccounts, subusers, teammates, invites,
 * IP rules and numbers pointed at foreign hosts are what an intruder adds to stay in; the first run
 * only learns (nothing is "new" without a previous snapshot). Pure.
 */
import type { InventorySnapshot, NumberUrl, SendGridInventory, TwilioAccountInventory } from './ports';
import { onAllowedHost, strayNumberUrls } from './twilio-audit';

export interface InventoryChange {
  kind: string;
  id: string;
}

export function sendGridSnapshot(inventory: SendGridInventory, takenAt: Date): InventorySnapshot {
  return {
    provider: 'sendgrid',
    account: 'sendgrid',
    takenAt: takenAt.toISOString(),
    items: {
      apiKeys: inventory.apiKeys.map((k) => k.id),
      subusers: inventory.subusers.map((u) => u.username),
      teammates: inventory.teammates.map((t) => t.username),
      invites: inventory.pendingInvites.map((i) => i.email),
      ipRules: inventory.allowedIps,
    },
  };
}

/** The snapshot kinds each Twilio listing feeds: a listing that could not be read keeps its kinds as they were. */
const TWILIO_LISTING_KINDS: Readonly<Record<string, readonly string[]>> = {
  accounts: ['subaccounts'],
  'API keys': ['apiKeys'],
  'API keys (IAM)': ['apiKeys'],
  'phone numbers': ['strayNumberUrls'],
  'caller IDs': ['callerIds'],
};

/**
 * A Twilio account's snapshot. `knownGoodUrls` carries each number's last URLs on `webhookHosts`
 * forward: a field now pointing elsewhere, or a number not read this time, keeps what the previous
 * snapshot had. A listing Twilio refused keeps the previous snapshot's items (`newSince` then finds
 * nothing new there, rather than everything).
 */
export function twilioSnapshot(
  accountSid: string,
  inventory: TwilioAccountInventory,
  webhookHosts: readonly string[],
  previous: InventorySnapshot | undefined,
  takenAt: Date,
): InventorySnapshot {
  const knownGoodUrls: Record<string, NumberUrl[]> = { ...previous?.knownGoodUrls };
  for (const number of inventory.phoneNumbers) {
    const good = new Map((previous?.knownGoodUrls?.[number.sid] ?? []).map((u) => [u.field, u.url]));
    for (const u of number.urls) if (u.url && onAllowedHost(u.url, webhookHosts)) good.set(u.field, u.url);
    if (good.size) knownGoodUrls[number.sid] = [...good].map(([field, url]) => ({ field, url }));
  }
  const items: Record<string, string[]> = {
    subaccounts: inventory.subaccounts.map((s) => s.sid),
    apiKeys: inventory.apiKeys.map((k) => k.sid),
    callerIds: inventory.callerIds.map((c) => c.sid),
    strayNumberUrls: strayNumberUrls(inventory, webhookHosts).flatMap((n) =>
      n.urls.map((u) => `${n.phoneNumber} ${u.field} ${u.url}`),
    ),
  };
  for (const { listing } of inventory.unread ?? [])
    for (const kind of TWILIO_LISTING_KINDS[listing] ?? []) items[kind] = previous?.items[kind] ?? [];
  return { provider: 'twilio', account: accountSid, takenAt: takenAt.toISOString(), items, knownGoodUrls };
}

/** What `current` holds that `previous` did not, per kind; nothing when there is no previous. */
export function newSince(
  previous: InventorySnapshot | undefined,
  current: InventorySnapshot,
): InventoryChange[] {
  if (!previous) return [];
  const changes: InventoryChange[] = [];
  for (const [kind, ids] of Object.entries(current.items)) {
    const before = new Set(previous.items[kind] ?? []);
    for (const id of ids) if (!before.has(id)) changes.push({ kind, id });
  }
  return changes;
}
