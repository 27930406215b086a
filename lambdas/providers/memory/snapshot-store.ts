/** The scheduled audits' snapshots in memory, for the drill and tests: the latest per account. */
import type { InventorySnapshot, SnapshotStore } from '../../core/ports';

export class MemorySnapshotStore implements SnapshotStore {
  readonly snapshots = new Map<string, InventorySnapshot>();

  getSnapshot(
    provider: InventorySnapshot['provider'],
    account: string,
  ): Promise<InventorySnapshot | undefined> {
    const found = this.snapshots.get(`${provider}/${account}`);
    return Promise.resolve(found && structuredClone(found));
  }

  putSnapshot(snapshot: InventorySnapshot): Promise<void> {
    this.snapshots.set(`${snapshot.provider}/${snapshot.account}`, structuredClone(snapshot));
    return Promise.resolve();
  }
}
