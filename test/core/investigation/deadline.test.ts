import { investigate } from '../../../lambdas/core/investigation/investigate';
import type { CloudTrailHistory, TrailEvent } from '../../../lambdas/core/investigation/ports';
import { LEAKED_KEY, NOW, fakeInventory, ports, trailEvent } from './fakes';

describe('investigate with a deadline', () => {
  it('stops reading at the deadline, keeps what it read and says the timeline is truncated', async () => {
    // Prepare: every event read costs a minute of the invocation's time
    let now = NOW.getTime();
    const history: CloudTrailHistory = {
      async *lookupByAccessKey(region): AsyncIterable<TrailEvent> {
        for (let i = 0; i < 10; i++) {
          now += 60_000;
          yield await Promise.resolve(
            trailEvent({ name: 'ListUsers', time: '2026-11-22T02:00:00Z', region, id: `${region}-${i}` }),
          );
        }
      },
    };
    const p = { ...ports(history, fakeInventory(), ['us-east-1']), clock: { now: () => new Date(now) } };

    // Act
    const result = await investigate(LEAKED_KEY, { deadline: new Date(NOW.getTime() + 3 * 60_000) }, p);

    // Assess
    expect(result.timeline).toHaveLength(3);
    expect(result.gaps).toEqual([
      {
        accessKeyId: LEAKED_KEY,
        region: 'us-east-1',
        error: 'stopped at the time limit after 3 events: the timeline is truncated',
      },
    ]);
  });
});
