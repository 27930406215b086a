/** RequestPacer: evenly spaced starts, shared by concurrent callers, pushed back by a late wake-up. */
import { RequestPacer } from '../../../lambdas/providers/aws/request-pacer';
import { VirtualTime } from './virtual-time';

describe('RequestPacer', () => {
  it('hands concurrent callers evenly spaced slots, in call order', async () => {
    // Prepare
    const time = new VirtualTime();
    const pacer = new RequestPacer(2, time);
    const started: number[] = [];

    // Act
    await time.run(Promise.all([1, 2, 3, 4].map(() => pacer.take().then(() => started.push(time.now())))));

    // Assess
    expect(started).toEqual([0, 500, 1000, 1500]);
  });

  it('keeps a full interval after a caller that woke up late', async () => {
    // Prepare: a clock that wakes sleepers 300 ms late, as a busy event loop would
    let now = 0;
    const pacer = new RequestPacer(2, {
      now: () => now,
      sleep: (ms) => {
        now += ms + 300;
        return Promise.resolve();
      },
    });

    // Act
    await pacer.take();
    await pacer.take();
    const second = now;
    await pacer.take();

    // Assess
    expect(second).toBe(800);
    expect(now).toBe(1600);
  });
});
