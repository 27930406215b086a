import type { KeyDeactivation } from '../../../lambdas/core/investigation/ports';
import { investigationDelaySeconds } from '../../../lambdas/core/investigation/schedule';

const deactivatedAt = '2026-11-22T03:00:00.000Z';
const deactivation = (at = deactivatedAt): KeyDeactivation => ({
  eventId: 'c4ca4238a0b923820dcc509a6f75849b',
  incidentId: 'ato-20261122-0000001',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  actionId: 'ato-20261122-0000001/0-aws.iam.deactivate-access-key',
  deactivatedAt: at,
});
const after = (seconds: number): Date => new Date(Date.parse(deactivatedAt) + seconds * 1000);

describe('the delay before a key is investigated', () => {
  it.each([
    ['the whole delay right after the deactivation', 15, 0, 900],
    ['what is left of it when the stream took a minute', 15, 60, 840],
    ['what is left of a shorter configured delay', 10, 90, 510],
    ['nothing once the delay has passed (a late retry)', 15, 3600, 0],
    ['nothing when the delay is configured off', 0, 0, 0],
    ['the whole delay for a deactivation dated in the future (a skewed clock)', 15, -120, 900],
  ])('is %s', (_case, delayMinutes, elapsed, expected) => {
    expect(investigationDelaySeconds(deactivation(), after(elapsed), delayMinutes)).toBe(expected);
  });

  it('is the whole delay when the deactivation time cannot be read', () => {
    expect(investigationDelaySeconds(deactivation('yesterday'), after(600), 15)).toBe(900);
  });

  it('never exceeds SQS longest delay of 900 seconds', () => {
    expect(investigationDelaySeconds(deactivation(), after(0), 60)).toBe(900);
  });
});
