import { MemoryIncidentStore } from '../../../lambdas/providers/memory/incident-store';
import { describeIncidentStoreContract } from '../store-contract';

describe('MemoryIncidentStore', () => {
  describeIncidentStoreContract(() => Promise.resolve(new MemoryIncidentStore()));
});
