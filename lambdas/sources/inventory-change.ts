/**
 * The signal for what a scheduled audit found new in a Twilio or SendGrid account. Its dedupKey is a
 * digest of the changes and of the snapshot they were found against: the same changes found again
 * against the same snapshot (it could not be replaced after the last run) are one event, while an
 * invite withdrawn and sent again, found against a later snapshot, is news.
 */
import { createHash } from 'node:crypto';
import type { InventoryChange } from '../core/inventory-snapshot';
import { oneLine } from '../core/plain-text';
import type { InventoryChangeSignal } from '../core/signal';

/** Kinds whose newcomer can send, spend or sign in: an intruder's way back in. */
const HIGH: ReadonlySet<string> = new Set([
  'apiKeys',
  'subaccounts',
  'teammates',
  'invites',
  'strayNumberUrls',
]);

export function inventoryChangeSignal(
  provider: 'twilio' | 'sendgrid',
  account: string,
  changes: readonly InventoryChange[],
  observedAt: Date,
  /** When the snapshot compared against was taken: the same change after a later snapshot is news again. */
  since = '',
): InventoryChangeSignal {
  const safe = changes.map((c) => ({ kind: c.kind, id: oneLine(c.id, 300) }));
  const digest = createHash('sha256')
    .update([since, ...safe.map((c) => `${c.kind}\n${c.id}`).sort()].join('\n'))
    .digest('hex')
    .slice(0, 32);
  const name = provider === 'twilio' ? `Twilio ${account}` : 'SendGrid';
  return {
    kind: 'inventory-change',
    source: provider,
    dedupKey: `${provider}#audit#${account}#${digest}`,
    subject: { type: provider === 'twilio' ? 'twilio-account' : 'sendgrid-account', id: account },
    accountId: account,
    region: 'global',
    observedAt: observedAt.toISOString(),
    severity: safe.some((c) => HIGH.has(c.kind)) ? 'high' : 'medium',
    title: `${name}: ${safe.length} new since the last scheduled audit`,
    principal: { type: 'unknown' },
    keyType: 'unknown',
    reason: `${provider}.inventory-change`,
    evidence: Object.fromEntries(
      [...new Set(safe.map((c) => c.kind))].map((kind) => [
        kind,
        String(safe.filter((c) => c.kind === kind).length),
      ]),
    ),
    changes: safe,
  };
}
