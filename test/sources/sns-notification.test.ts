/**
 * The incident topic's notifications as SNS delivers them to a Lambda subscriber, shaped as the
 * example event in https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html, each naming its
 * incident in the `incidentId` message attribute (the responder's SNS notifier sets it).
 */
import { notifiedIncidentsOf } from '../../lambdas/sources/sns-notification';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';

/** One record of the documented event; `attributes`: its MessageAttributes. */
function record(messageId: string, attributes: Record<string, unknown> | undefined) {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: `${TOPIC}:21be56ed-a058-49f5-8c98-aedd2564c486`,
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: '2026-11-22T03:00:01.000Z',
      Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
      SigningCertUrl:
        'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
      MessageId: messageId,
      Message: 'CRITICAL ato-20261122-0b4knm0: AWS reports access key AKIAIOSFODNN7EXAMPLE exposed publicly',
      ...(attributes ? { MessageAttributes: attributes } : {}),
      Type: 'Notification',
      UnsubscribeUrl: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:21be56ed-a058-49f5-8c98-aedd2564c486`,
      TopicArn: TOPIC,
      Subject: 'ato-responder: incident contained',
    },
  };
}

const named = (incidentId: string) => ({ incidentId: { Type: 'String', Value: incidentId } });

describe('notifiedIncidentsOf', () => {
  it('reads the incident each notification names', () => {
    // Prepare
    const event = {
      Records: [
        record('95df01b4-ee98-5cb9-9903-4c221d41eb5e', named('ato-20261122-0b4knm0')),
        record('95df01b4-ee98-5cb9-9903-4c221d41eb5f', named('ato-20261122-1nhfqcb')),
      ],
    };

    // Act
    const notified = notifiedIncidentsOf(event);

    // Assess
    expect(notified).toEqual({ incidentIds: ['ato-20261122-0b4knm0', 'ato-20261122-1nhfqcb'], skipped: [] });
  });

  it('names an incident notified twice in one batch once', () => {
    // Prepare
    const event = {
      Records: [
        record('95df01b4-ee98-5cb9-9903-4c221d41eb5e', named('ato-20261122-0b4knm0')),
        record('95df01b4-ee98-5cb9-9903-4c221d41eb5f', named('ato-20261122-0b4knm0')),
      ],
    };

    // Act
    const notified = notifiedIncidentsOf(event);

    // Assess
    expect(notified.incidentIds).toEqual(['ato-20261122-0b4knm0']);
  });

  it('skips a notification without the attribute, or with an unusable one, saying which', () => {
    // Prepare
    const event = {
      Records: [
        record('95df01b4-ee98-5cb9-9903-4c221d41eb50', undefined),
        record('95df01b4-ee98-5cb9-9903-4c221d41eb51', { Test: { Type: 'String', Value: 'TestString' } }),
        record('95df01b4-ee98-5cb9-9903-4c221d41eb52', named('')),
        record('95df01b4-ee98-5cb9-9903-4c221d41eb53', named('ato-20261122 0b4knm0')),
        record('95df01b4-ee98-5cb9-9903-4c221d41eb54', named(`ato-${'x'.repeat(97)}`)),
        record('95df01b4-ee98-5cb9-9903-4c221d41eb55', named('ato-20261122-0b4knm0')),
        { EventSource: 'aws:sns' },
      ],
    };

    // Act
    const notified = notifiedIncidentsOf(event);

    // Assess
    expect(notified).toEqual({
      incidentIds: ['ato-20261122-0b4knm0'],
      skipped: [
        'record 0: no incidentId message attribute (95df01b4-ee98-5cb9-9903-4c221d41eb50)',
        'record 1: no incidentId message attribute (95df01b4-ee98-5cb9-9903-4c221d41eb51)',
        'record 2: no incidentId message attribute (95df01b4-ee98-5cb9-9903-4c221d41eb52)',
        'record 3: no incidentId message attribute (95df01b4-ee98-5cb9-9903-4c221d41eb53)',
        'record 4: no incidentId message attribute (95df01b4-ee98-5cb9-9903-4c221d41eb54)',
        'record 6: no incidentId message attribute (?)',
      ],
    });
  });

  it.each([
    ['an event without Records', {}],
    ['an empty batch', { Records: [] }],
    ['something that is not an event', 'hello'],
  ])('names nothing for %s', (_, event) => {
    // Act
    const notified = notifiedIncidentsOf(event);

    // Assess
    expect(notified).toEqual({ incidentIds: [], skipped: [] });
  });
});
