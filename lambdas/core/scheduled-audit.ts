/**
 * One run of the scheduled audit: for each configured account, read its inventory, compare it with
 * the last snapshot, respond to what is new, then keep the new snapshot. The snapshot is written after
 * the response, so a run that fails before it finds the same changes next time (the signal's dedupKey
 * keeps that to one incident message). One account failing never stops the other.
 */
import { newSince, sendGridSnapshot, twilioSnapshot } from './inventory-snapshot';
import type { InventoryChange } from './inventory-snapshot';
import type { InventorySnapshot, SendGridAuditPort, SnapshotStore, TwilioAuditPort } from './ports';
import { ProviderError } from './ports';
import type { RespondDeps } from './respond';
import { respondToSignal } from './respond';
import type { InventoryChangeSignal } from './signal';

export interface ScheduledAuditDeps extends RespondDeps {
  snapshots: SnapshotStore;
  sendGridAudit?: SendGridAuditPort;
  twilioAudit?: TwilioAuditPort;
  /** Builds the signal for the changes (sources/inventory-change.ts). */
  signalFor(
    provider: InventorySnapshot['provider'],
    account: string,
    changes: InventoryChange[],
    at: Date,
    since: string,
  ): InventoryChangeSignal;
}

export interface AccountAudit {
  provider: InventorySnapshot['provider'];
  account: string;
  /** `baseline`: the first run, which only learns; `not-set-up`: the secret holds no credentials yet. */
  result: 'baseline' | 'unchanged' | 'responded' | 'duplicate' | 'not-set-up' | 'failed';
  changes: InventoryChange[];
  incidentId?: string;
  error?: string;
}

export async function runScheduledAudit(deps: ScheduledAuditDeps): Promise<AccountAudit[]> {
  const audits: Promise<AccountAudit>[] = [];
  const { sendGridAudit, twilioAudit } = deps;
  if (sendGridAudit)
    audits.push(
      auditOne('sendgrid', 'sendgrid', deps, async (previous, at) =>
        sendGridSnapshot(await sendGridAudit.inventory(), at),
      ),
    );
  if (twilioAudit) {
    const { accountSid } = twilioAudit;
    audits.push(
      auditOne('twilio', accountSid, deps, async (previous, at) =>
        twilioSnapshot(
          accountSid,
          await twilioAudit.inventory(),
          deps.config.twilio.webhookHosts,
          previous,
          at,
        ),
      ),
    );
  }
  return Promise.all(audits);
}

async function auditOne(
  provider: InventorySnapshot['provider'],
  account: string,
  deps: ScheduledAuditDeps,
  take: (previous: InventorySnapshot | undefined, at: Date) => Promise<InventorySnapshot>,
): Promise<AccountAudit> {
  try {
    const at = deps.clock.now();
    const previous = await deps.snapshots.getSnapshot(provider, account);
    const current = await take(previous, at);
    const changes = newSince(previous, current);
    let result: AccountAudit['result'] = previous ? 'unchanged' : 'baseline';
    let incidentId: string | undefined;
    if (changes.length) {
      const signal = deps.signalFor(provider, account, changes, at, previous?.takenAt ?? '');
      const outcome = await respondToSignal(signal, deps);
      result = outcome.status === 'duplicate' ? 'duplicate' : 'responded';
      if (outcome.status === 'handled') incidentId = outcome.incident.id;
    }
    await deps.snapshots.putSnapshot(current);
    return { provider, account, result, changes, ...(incidentId ? { incidentId } : {}) };
  } catch (error) {
    // The secret as deployed, before an operator put the credentials in: not a failure to alarm on.
    const notSetUp = error instanceof ProviderError && error.code === 'NoCredentials';
    return {
      provider,
      account,
      result: notSetUp ? 'not-set-up' : 'failed',
      changes: [],
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
