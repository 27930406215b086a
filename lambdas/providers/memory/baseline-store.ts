/** The detection baseline in memory, for tests: each fact with the event that first taught it. */
import { type BaselineFact, type BaselineStore, factKey } from '../../core/baseline-store';

export class MemoryBaselineStore implements BaselineStore {
  /** factKey → the first event that taught it. */
  readonly facts = new Map<string, string>();

  known(facts: readonly BaselineFact[], eventId: string): Promise<ReadonlySet<string>> {
    const known = facts.map(factKey).filter((key) => {
      const first = this.facts.get(key);
      return first !== undefined && first !== eventId;
    });
    return Promise.resolve(new Set(known));
  }

  record(facts: readonly BaselineFact[], eventId: string): Promise<void> {
    for (const key of facts.map(factKey)) if (!this.facts.has(key)) this.facts.set(key, eventId);
    return Promise.resolve();
  }
}
