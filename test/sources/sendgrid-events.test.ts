/**
 * SendGrid Event Webhook batches. The fixture is the per-event examples of the Event Webhook Reference
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event), one of each, fields as
 * shown there; only the address is example.com's.
 */
import { summarizeSendGridEvents } from '../../lambdas/sources/sendgrid-events';

const SMTP_ID = '<14c5d75ce93.dfd.64b469@ismtpd-555>';
const MESSAGE_ID = '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0';
const USER_AGENT = 'Mozilla/4.0 (compatible; MSIE 6.1; Windows XP; .NET CLR 1.1.4322; .NET CLR 2.0.50727)';
const common = {
  email: 'example@example.com',
  timestamp: 1513299569,
  'smtp-id': SMTP_ID,
  category: 'cat facts',
};

const DOC_EVENTS = [
  {
    ...common,
    pool: { name: 'new_MY_test', id: 210 },
    event: 'processed',
    sg_event_id: 'rbtnWrG1DVDGGGFHFyun0A==',
    sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.000000000000000000000',
  },
  {
    ...common,
    event: 'dropped',
    sg_event_id: 'zmzJhfJgAfUSOW80yEbPyw==',
    sg_message_id: MESSAGE_ID,
    reason: 'Bounced Address',
    status: '5.0.0',
  },
  {
    ...common,
    event: 'delivered',
    sg_event_id: 'rWVYmVk90MjZJ9iohOBa3w==',
    sg_message_id: MESSAGE_ID,
    response: '250 OK',
  },
  {
    ...common,
    event: 'deferred',
    sg_event_id: 't7LEShmowp86DTdUW8M-GQ==',
    sg_message_id: MESSAGE_ID,
    response: '400 try again later',
    attempt: '5',
  },
  {
    ...common,
    event: 'bounce',
    sg_event_id: '6g4ZI7SA-xmRDv57GoPIPw==',
    sg_message_id: MESSAGE_ID,
    reason: '500 unknown recipient',
    status: '5.0.0',
    type: 'bounce',
  },
  // The doc's blocked example reuses the bounce example's sg_event_id.
  {
    ...common,
    event: 'bounce',
    sg_event_id: '6g4ZI7SA-xmRDv57GoPIPw==',
    sg_message_id: MESSAGE_ID,
    reason: '500 unknown recipient',
    status: '5.0.0',
    type: 'blocked',
  },
  {
    ...common,
    event: 'open',
    sg_event_id: 'FOTFFO0ecsBE-zxFXfs6WA==',
    sg_message_id: MESSAGE_ID,
    useragent: USER_AGENT,
    ip: '255.255.255.255',
  },
  {
    ...common,
    event: 'click',
    sg_event_id: 'kCAi1KttyQdEKHhdC-nuEA==',
    sg_message_id: MESSAGE_ID,
    useragent: USER_AGENT,
    ip: '255.255.255.255',
    url: 'http://www.sendgrid.com/',
  },
  { ...common, event: 'spamreport', sg_event_id: '37nvH5QBz858KGVYCM4uOA==', sg_message_id: MESSAGE_ID },
  { ...common, event: 'unsubscribe', sg_event_id: 'zz_BjPgU_5pS-J8vlfB1sg==', sg_message_id: MESSAGE_ID },
  {
    ...common,
    event: 'group_unsubscribe',
    sg_event_id: 'ahSCB7xYcXFb-hEaawsPRw==',
    sg_message_id: MESSAGE_ID,
    useragent: USER_AGENT,
    ip: '255.255.255.255',
    url: 'http://www.sendgrid.com/',
    asm_group_id: 10,
  },
  {
    ...common,
    event: 'group_resubscribe',
    sg_event_id: 'w_u0vJhLT-OFfprar5N93g==',
    sg_message_id: MESSAGE_ID,
    useragent: USER_AGENT,
    ip: '255.255.255.255',
    url: 'http://www.sendgrid.com/',
    asm_group_id: 10,
  },
];

describe('SendGrid Event Webhook batches', () => {
  it("summarizes the reference's examples, one of each event", () => {
    const result = summarizeSendGridEvents(JSON.stringify(DOC_EVENTS));

    expect(result).toEqual({
      ok: true,
      summary: {
        total: 12,
        skipped: 0,
        counts: {
          processed: 1,
          dropped: 1,
          delivered: 1,
          deferred: 1,
          bounce: 2,
          open: 1,
          click: 1,
          spamreport: 1,
          unsubscribe: 1,
          group_unsubscribe: 1,
          group_resubscribe: 1,
        },
        bounces: 1,
        blocked: 1,
        spamReports: 1,
        dropped: 1,
        delivered: 1,
        firstAt: '2017-12-15T00:59:29.000Z',
        lastAt: '2017-12-15T00:59:29.000Z',
        eventIds: [
          'rbtnWrG1DVDGGGFHFyun0A==',
          'zmzJhfJgAfUSOW80yEbPyw==',
          'rWVYmVk90MjZJ9iohOBa3w==',
          't7LEShmowp86DTdUW8M-GQ==',
          '6g4ZI7SA-xmRDv57GoPIPw==',
          'FOTFFO0ecsBE-zxFXfs6WA==',
          'kCAi1KttyQdEKHhdC-nuEA==',
          '37nvH5QBz858KGVYCM4uOA==',
          'zz_BjPgU_5pS-J8vlfB1sg==',
          'ahSCB7xYcXFb-hEaawsPRw==',
          'w_u0vJhLT-OFfprar5N93g==',
        ],
      },
    });
  });

  it('carries no email address', () => {
    const result = summarizeSendGridEvents(JSON.stringify(DOC_EVENTS));

    expect(JSON.stringify(result)).not.toContain('@');
  });

  it('takes the first and last event time whatever the order', () => {
    const events = [
      { event: 'delivered', timestamp: 1714564800, sg_event_id: 'b' },
      { event: 'processed', timestamp: 1714564740, sg_event_id: 'a' },
      { event: 'open', timestamp: 1714568461, sg_event_id: 'c' },
    ];

    const result = summarizeSendGridEvents(JSON.stringify(events));

    expect(result).toMatchObject({
      ok: true,
      summary: { total: 3, firstAt: '2024-05-01T11:59:00.000Z', lastAt: '2024-05-01T13:01:01.000Z' },
    });
  });

  it.each([
    ['not JSON', '[{"event":', 'the body is not JSON'],
    ['an object', JSON.stringify(DOC_EVENTS[0]), 'the body is not a JSON array of events'],
    ['null', 'null', 'the body is not a JSON array of events'],
    ['empty', '', 'the body is not JSON'],
  ])('refuses a body that is %s', (_case, body, reason) => {
    expect(summarizeSendGridEvents(body)).toEqual({ ok: false, reason });
  });

  it('counts malformed entries as skipped and reads the rest', () => {
    const body = JSON.stringify([
      null,
      42,
      'delivered',
      [{ event: 'delivered', timestamp: 1 }],
      { email: 'example@example.com', timestamp: 1513299569 },
      { event: 'delivered' },
      { event: 'delivered', timestamp: '1513299569' },
      { event: 'Delivered!', timestamp: 1513299569 },
      { event: 'delivered', timestamp: -1 },
      { event: 'delivered', timestamp: 1e20 },
      { event: 'constructor', timestamp: 1513299569, sg_event_id: 42 },
      { event: 'bounce', timestamp: 1513299570, sg_event_id: 'x', type: 'odd' },
    ]);

    const result = summarizeSendGridEvents(body);

    expect(result).toEqual({
      ok: true,
      summary: {
        total: 2,
        skipped: 10,
        counts: { constructor: 1, bounce: 1 },
        bounces: 1,
        blocked: 0,
        spamReports: 0,
        dropped: 0,
        delivered: 0,
        firstAt: '2017-12-15T00:59:29.000Z',
        lastAt: '2017-12-15T00:59:30.000Z',
        eventIds: ['x'],
      },
    });
  });

  it('summarizes an empty batch without times', () => {
    expect(summarizeSendGridEvents('[]')).toEqual({
      ok: true,
      summary: {
        total: 0,
        skipped: 0,
        counts: {},
        bounces: 0,
        blocked: 0,
        spamReports: 0,
        dropped: 0,
        delivered: 0,
        eventIds: [],
      },
    });
  });

  it('keeps at most 1000 event ids', () => {
    const events = Array.from({ length: 1200 }, (_, i) => ({
      event: 'open',
      timestamp: 1513299569,
      sg_event_id: `id-${i}`,
    }));

    const result = summarizeSendGridEvents(JSON.stringify(events));

    expect(result.ok && result.summary.eventIds).toHaveLength(1000);
    expect(result.ok && result.summary.eventIds.at(-1)).toBe('id-999');
    expect(result.ok && result.summary.total).toBe(1200);
  });
});
