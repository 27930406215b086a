/** A clock that moves only when everything waits on it: paced code runs instantly, timings exact. */
import type { PacerTime } from '../../../lambdas/providers/aws/request-pacer';

const drain = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class VirtualTime implements PacerTime {
  private current = 0;
  private readonly timers: { at: number; resolve: () => void }[] = [];

  readonly now = (): number => this.current;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.current + ms, resolve });
    });

  /** Runs `work` to the end, jumping to the next timer whenever nothing else can run. */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await drain();
      if (settled) return work;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (next === undefined) throw new Error('deadlock: work waits on nothing the clock controls');
      this.current = Math.max(this.current, next.at);
      next.resolve();
    }
  }
}
