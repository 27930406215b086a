/**
 * Pacing requests under an API's documented rate, rather than discovering it through throttling.
 * A token bucket holding one token, refilled every 1/rate seconds: requests start evenly spaced,
 * so no interval of one second ever sees more than `rate` of them start, however AWS counts.
 */

/** The clock and the sleep a pacer waits with; tests pass a virtual one so nothing really waits. */
export interface PacerTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: PacerTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RequestPacer {
  private nextSlot = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;

  /**
   * `marginMs` widens every interval: AWS counts requests when they arrive, and network jitter can
   * bring two evenly sent requests closer together than they left.
   */
  constructor(
    requestsPerSecond: number,
    private readonly time: PacerTime = realTime,
    marginMs = 0,
  ) {
    this.intervalMs = 1000 / requestsPerSecond + marginMs;
  }

  /**
   * Resolves when the caller may start one request. Slots are reserved synchronously, in call
   * order, so concurrent callers (every key looked up in this region) share the one budget.
   */
  async take(): Promise<void> {
    const now = this.time.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot <= now) return;
    await this.time.sleep(slot - now);
    // A late wake-up (a busy event loop) pushes the next slot back rather than crowding it.
    const late = this.time.now() - slot;
    if (late > 0) this.nextSlot = Math.max(this.nextSlot, slot + late + this.intervalMs);
  }
}
