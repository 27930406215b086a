import { Template } from 'aws-cdk-lib/assertions';
import { buildStack, resourcesOf } from './stack-builder';

const stack = buildStack();
const template = Template.fromStack(stack);
const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(
  (alarm) => alarm.Properties,
);
const ref = (value: string): unknown => stack.resolve(value);
const responderId = stack.getLogicalId(stack.responder.function.node.defaultChild as never);

/** What every alarm shares: the first occurrence alarms, silence does not, the topic hears it. */
const onFirstOccurrence = {
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  Threshold: 1,
  EvaluationPeriods: 1,
  TreatMissingData: 'notBreaching',
};

describe("the responder's alarms", () => {
  it('are six (three dead-letter queues, three functions), each notifying the incident topic', () => {
    // Act
    const actions = alarms.map((alarm) => alarm.AlarmActions);

    // Assess
    const topic = ref(stack.notifications.topic.topicArn);
    expect(actions).toEqual([[topic], [topic], [topic], [topic], [topic], [topic]]);
  });

  it.each([
    ['undelivered events', 'Undelivered', () => stack.undeliveredEvents.queue.queueName],
    ['failed invocations', 'Failed', () => stack.failedInvocations.queue.queueName],
    ['failed investigations', 'Investigation', () => stack.failedInvestigations.queue.queueName],
  ])('fire on the first message in the %s queue within a minute', (_name, label, queueName) => {
    // Act
    const alarm = alarms.find((a) => String(a.AlarmDescription).includes(`the ${label} dead-letter queue`));

    // Assess
    expect(alarm).toEqual({
      ...onFirstOccurrence,
      AlarmActions: [ref(stack.notifications.topic.topicArn)],
      AlarmDescription: `ato-responder: events in the ${label} dead-letter queue were not handled; replay them after fixing the cause`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: ref(queueName()) }],
      Statistic: 'Maximum',
      Period: 60,
    });
  });

  it('fire on the first handler error in five minutes', () => {
    // Act
    const alarm = alarms.find(
      (a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions).includes(responderId),
    );

    // Assess
    expect(alarm).toEqual({
      ...onFirstOccurrence,
      AlarmActions: [ref(stack.notifications.topic.topicArn)],
      AlarmDescription: 'ato-responder: the handler failed; a containment may not have happened',
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(stack.responder.function.functionName) }],
      Statistic: 'Sum',
      Period: 300,
    });
  });
});

describe('the alarms on the webhooks and the scheduled audit', () => {
  it('fire on the first error of each deployed one, and exist only for those deployed', () => {
    // Prepare
    const withAll = buildStack({
      twilio: { enabled: true },
      sendgrid: {
        enabled: true,
        eventWebhook: { enabled: true, publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' },
      },
    });
    const all = Template.fromStack(withAll);
    const functionOf = (fn: { node: { defaultChild?: unknown } }) =>
      withAll.getLogicalId(fn.node.defaultChild as never);

    // Act
    const errors = Object.values(resourcesOf(all, 'AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties)
      .filter(
        (a) =>
          String(a.AlarmDescription).startsWith('ato-responder: the ') &&
          String(a.AlarmDescription).includes('function failed'),
      )
      .map((a) => [a.AlarmDescription, JSON.stringify(a.Dimensions)]);

    // Assess
    expect(errors.map(([description]) => description)).toEqual([
      'ato-responder: the TwilioWebhook function failed; see its log group for the reason',
      'ato-responder: the SendGridWebhook function failed; see its log group for the reason',
      'ato-responder: the ScheduledAudit function failed; see its log group for the reason',
    ]);
    expect(errors.map(([, dimensions]) => dimensions)).toEqual([
      expect.stringContaining(functionOf(withAll.twilioWebhook?.function ?? { node: {} })),
      expect.stringContaining(functionOf(withAll.sendGridWebhook?.function ?? { node: {} })),
      expect.stringContaining(functionOf(withAll.scheduledAudit?.function ?? { node: {} })),
    ]);
    expect(alarms.filter((a) => String(a.AlarmDescription).includes('function failed'))).toEqual([]);
  });
});
