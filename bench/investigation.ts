/**
 * Investigation against a stubbed CloudTrail: N pages of 50 events for the key in each of K regions,
 * served at 0 latency by a stub that enforces LookupEvents' documented limit (2 requests a second per
 * region, CloudTrail API Reference) by answering ThrottlingException beyond it. Wall time of
 * `investigate` against the API-limit minimum, N/2 s per region (regions in parallel).
 */
import { CloudTrailClient, LookupEventsCommand, ThrottlingException } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { investigate } from '../lambdas/core/investigation/investigate';
import type { IamInventory } from '../lambdas/core/investigation/ports';
import { ProviderError } from '../lambdas/core/ports';
import { AwsCloudTrailHistory } from '../lambdas/providers/aws/cloudtrail-history';
import { LEAKED_KEY, lookupEvent } from '../test/providers/aws/lookup-events-fixtures';

const PAGE_SIZE = 50;
/** Timer and clock granularity: a start 1 ms early is the clock's doing, not the pacer's. */
const TOLERANCE_MS = 2;

const emptyInventory: IamInventory = {
  accessKey: () => Promise.resolve(undefined),
  user: () => Promise.resolve(undefined),
  role: () => Promise.resolve(undefined),
  groupPolicies: () => Promise.resolve(undefined),
  managedPolicy: () => Promise.resolve(undefined),
  createdIn: () => Promise.resolve({ users: [], accessKeys: [] }),
};

interface Scenario {
  pages: number;
  regions: number;
  /** Extra throttling, at random, on top of the limit (AWS throttles under load too). */
  randomThrottleRate: number;
}

async function run(scenario: Scenario): Promise<void> {
  const stub = mockClient(CloudTrailClient);
  const starts = new Map<string, number[]>();
  const served = new Map<string, number>();
  let throttledByStub = 0;
  const now = new Date();
  stub.on(LookupEventsCommand).callsFake(async (_input, getClient) => {
    const at = performance.now();
    const region = await getClient().config.region();
    const recent = (starts.get(region) ?? []).filter((t) => t > at - 1000 + TOLERANCE_MS);
    recent.push(at);
    starts.set(region, recent);
    if (recent.length > 2 || Math.random() < scenario.randomThrottleRate) {
      throttledByStub++;
      throw new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    }
    const page = (served.get(region) ?? 0) + 1;
    served.set(region, page);
    const events = Array.from({ length: PAGE_SIZE }, (_, i) =>
      lookupEvent({
        eventId: `${region}-${page}-${i}`,
        eventName: 'SendEmail',
        eventSource: 'ses.amazonaws.com',
        eventTime: new Date(now.getTime() - (page * PAGE_SIZE + i) * 1000).toISOString(),
        region,
      }),
    );
    return { Events: events, ...(page < scenario.pages ? { NextToken: `page-${page + 1}` } : {}) };
  });
  const regions = [
    'us-east-1',
    'eu-west-1',
    'ap-southeast-2',
    'sa-east-1',
    'ca-central-1',
    'eu-north-1',
  ].slice(0, scenario.regions);
  let surfaced = 0;
  const started = performance.now();
  try {
    const result = await investigate(
      LEAKED_KEY,
      { regions },
      {
        history: new AwsCloudTrailHistory({ clientFor: (region) => new CloudTrailClient({ region }) }),
        regions: { enabledRegions: () => Promise.resolve(regions) },
        inventory: emptyInventory,
        clock: { now: () => now },
      },
    );
    surfaced = result.gaps.filter((g) => /Throttl/.test(g.error)).length;
    const seconds = (performance.now() - started) / 1000;
    const minimum = scenario.pages / 2;
    const ratio = seconds / minimum;
    console.log(
      `  ${scenario.pages} pages × ${scenario.regions} regions (${result.summary.events} events)` +
        (scenario.randomThrottleRate > 0 ? `, ${scenario.randomThrottleRate * 100}% random throttling` : '') +
        `: ${seconds.toFixed(2)} s vs API-limit minimum ${minimum.toFixed(1)} s → ${ratio.toFixed(2)}×` +
        (scenario.randomThrottleRate > 0
          ? ''
          : ` — target ≤ 1.1×: ${ratio <= 1.1 ? 'meets target' : 'MISSES target'}`),
    );
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    surfaced++;
  } finally {
    stub.restore();
  }
  console.log(
    `    throttling answered by the stub: ${throttledByStub}; throttling errors surfaced: ${surfaced} — target 0: ${surfaced === 0 ? 'meets target' : 'MISSES target'}`,
  );
}

export async function investigationBench(): Promise<void> {
  console.log(
    '\n## Investigation against a stubbed CloudTrail (LookupEvents limit enforced: 2 requests/s per region)',
  );
  await run({ pages: 20, regions: 4, randomThrottleRate: 0 });
  await run({ pages: 8, regions: 4, randomThrottleRate: 0.1 });
}

if (require.main === module) {
  investigationBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
