/**
 * When to investigate a deactivated key. CloudTrail's event history shows a call minutes after it was
 * made (on average about 5, not guaranteed), so an investigation started the moment the key is
 * contained misses the intruder's last calls. It waits until `delayMinutes` after the deactivation —
 * less whatever time the stream and a retry already took.
 */
import type { KeyDeactivation } from './ports';

/** SQS's longest message delay (DelaySeconds), which bounds the configured delay too. */
export const MAX_DELAY_SECONDS = 900;

export function investigationDelaySeconds(
  deactivation: KeyDeactivation,
  now: Date,
  delayMinutes: number,
): number {
  const wanted = Math.min(delayMinutes * 60, MAX_DELAY_SECONDS);
  const started = Date.parse(deactivation.deactivatedAt);
  // An unreadable time cannot be trusted to have passed: wait the whole delay.
  const elapsed = Number.isNaN(started) ? 0 : Math.max(0, Math.floor((now.getTime() - started) / 1000));
  return Math.max(0, wanted - elapsed);
}
