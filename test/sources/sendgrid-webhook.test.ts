/**
 * When a SendGrid Event Webhook batch is a spike: the share of bounces (blocked included) or spam
 * reports among the batch's events, from `minEvents` events on (config sendgrid.eventWebhook).
 * Events shaped as https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event shows.
 */
import { normalizeSendGridEvents } from '../../lambdas/sources/sendgrid-webhook';

const SPIKE = { enabled: true, bounceRate: 0.05, spamRate: 0.001, minEvents: 100 };
const AT = new Date('2026-11-22T03:05:00.000Z');

function events(counts: Record<string, number>, blocked = 0): string {
  const list: Record<string, unknown>[] = [];
  for (const [event, n] of Object.entries(counts))
    for (let i = 0; i < n; i++)
      list.push({
        email: 'user@example.com',
        timestamp: 1795316600 + list.length,
        event,
        sg_event_id: `${event}-${i}`,
        sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
        ...(event === 'bounce' ? { type: i < blocked ? 'blocked' : 'bounce', status: '5.0.0' } : {}),
      });
  return JSON.stringify(list);
}

describe('normalizeSendGridEvents', () => {
  it.each([
    ['4 bounces in 100 events', { delivered: 96, bounce: 4 }, 0, false],
    ['5 bounces in 100 events (the rate itself)', { delivered: 95, bounce: 5 }, 0, true],
    ['5 blocked in 100 events', { delivered: 95, bounce: 5 }, 5, true],
    ['1 spam report in 1000 events', { delivered: 999, spamreport: 1 }, 0, true],
    ['1 spam report in 1002 events', { delivered: 1001, spamreport: 1 }, 0, false],
    ['5 bounces among 100 deliveries diluted by 400 opens', { delivered: 95, bounce: 5, open: 400 }, 0, true],
    ['99 bounces in 99 events (too few to tell)', { bounce: 99 }, 0, false],
  ])('%s: a spike %s', (_, counts, blocked, spike) => {
    // Act
    const normalized = normalizeSendGridEvents(events(counts, blocked), SPIKE, AT);

    // Assess
    expect(normalized.ok && normalized.signals.length).toBe(spike ? 1 : 0);
  });

  it('makes one signal per batch, named by its events, with counts and no address', () => {
    // Act
    const normalized = normalizeSendGridEvents(
      events({ delivered: 100, bounce: 8, spamreport: 2 }),
      SPIKE,
      AT,
    );

    // Assess
    const [signal] = normalized.ok ? normalized.signals : [];
    expect(signal).toMatchObject({
      kind: 'sendgrid-events',
      subject: { type: 'sendgrid-account', id: 'sendgrid' },
      severity: 'high',
      total: 110,
      bounced: 8,
      spamReports: 2,
      observedAt: new Date((1795316600 + 109) * 1000).toISOString(),
      title: 'SendGrid: 7.4% of 108 deliveries bounced, 2.0% reported as spam',
    });
    expect(signal?.dedupKey).toMatch(/^sendgrid#events#[0-9a-f]{32}$/);
    expect(JSON.stringify(signal)).not.toContain('@');
  });
});
