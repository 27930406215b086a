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

/**
 * A Twilio account's snapshot. `knownGoodUrls` carries each number's last URLs on `webhookHosts`
 * forward: a field now pointing elsewhere keeps the good URL the previous snapshot had.
 */
export function twilioSnapshot(
  accountSid: string,
  inventory: TwilioAccountInventory,
  webhookHosts: readonly string[],
  previous: InventorySnapshot | undefined,
  takenAt: Date,
): InventorySnapshot {
  const knownGoodUrls: Record<string, NumberUrl[]> = {};
  for (const number of inventory.phoneNumbers) {
    const good = new Map((previous?.knownGoodUrls?.[number.sid] ?? []).map((u) => [u.field, u.url]));
    for (const u of number.urls) if (u.url && onAllowedHost(u.url, webhookHosts)) good.set(u.field, u.url);
    if (good.size) knownGoodUrls[number.sid] = [...good].map(([field, url]) => ({ field, url }));
  }
  return {
    provider: 'twilio',
    account: accountSid,
    takenAt: takenAt.toISOString(),
    items: {
      subaccounts: inventory.subaccounts.map((s) => s.sid),
      apiKeys: inventory.apiKeys.map((k) => k.sid),
      callerIds: inventory.callerIds.map((c) => c.sid),
      strayNumberUrls: strayNumberUrls(inventory, webhookHosts).flatMap((n) =>
        n.urls.map((u) => `${n.phoneNumber} ${u.field} ${u.url}`),
      ),
    },
    knownGoodUrls,
  };
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
