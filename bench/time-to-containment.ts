/**
 * Handler time from an event to the containing IAM call, with IAM stubbed at 0 latency (the SDK's
 * own middleware stack still runs: serialization, signing, retries). The store is in memory, or a
 * real DynamoDB-compatible server (dynalite on 127.0.0.1) to count the store's round trips.
 */
import { IAMClient, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import type { RespondDeps } from '../lambdas/core/respond';
import type { IncidentStore } from '../lambdas/core/ports';
import { loadConfig } from '../lambdas/core/config';
import { respondToEvent } from '../lambdas/core/respond-to-event';
import { normalize } from '../lambdas/sources';
import { AwsIam } from '../lambdas/providers/aws/iam';
import { RecordingNotifier } from '../lambdas/providers/memory/notifier';

const silent = { info: () => undefined, warn: () => undefined };

export interface ContainmentSample {
  ms: number;
  iamCallsBefore: number;
  /** Store requests made before the containing call (when `storeRequests` is given). */
  storeRequestsBefore: number;
}

/** One run per event; `newStore` gives each run a fresh store so every run really contains. */
export async function timeToContainment(
  event: Record<string, unknown>,
  newStore: () => Promise<IncidentStore>,
  runs: number,
  storeRequests: () => number = () => 0,
): Promise<ContainmentSample[]> {
  const iamMock = mockClient(IAMClient);
  const samples: ContainmentSample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      iamMock.reset();
      // The catch-all first: aws-sdk-client-mock lets a later catch-all override a specific stub.
      iamMock.resolves({ UserName: 'alice' });
      let reachedAt = 0;
      let callsBefore = 0;
      let storeBefore = 0;
      const storeAtStart = storeRequests();
      iamMock.on(UpdateAccessKeyCommand).callsFake(() => {
        if (!reachedAt) {
          reachedAt = performance.now();
          callsBefore = iamMock.calls().length;
          storeBefore = storeRequests() - storeAtStart;
        }
        return {};
      });
      const deps: RespondDeps = {
        iam: new AwsIam(new IAMClient({ region: 'us-east-1' })),
        store: await newStore(),
        notifier: new RecordingNotifier(),
        clock: { now: () => new Date() },
        config: loadConfig({ mode: 'enforce', budget: { automaticContainmentsPerHour: 1000 } }),
        actor: 'bench',
        protectedTagCheck: 'iam-policy',
      };
      const start = performance.now();
      await respondToEvent({ ...event, id: `bench-${i}` }, normalize, deps, silent);
      samples.push({ ms: reachedAt - start, iamCallsBefore: callsBefore, storeRequestsBefore: storeBefore });
    }
  } finally {
    iamMock.restore();
  }
  return samples;
}
