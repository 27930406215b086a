import { Template } from 'aws-cdk-lib/assertions';
import { DETECTED_CALLS } from '../../lib/responder-event-rules';
import { DETECTION_RULES } from '../../lambdas/sources/detection/detect';
import { type CfnResource, buildStack, onlyResourceOf, resourceOf, resourcesOf } from './stack-builder';

const stack = buildStack();
const template = Template.fromStack(stack);
const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule'));

function ruleFor(source: string): CfnResource {
  const matching = rules.filter(
    (rule) => (rule.Properties.EventPattern as { source: string[] }).source[0] === source,
  );
  expect(matching).toHaveLength(1);
  return matching[0] as CfnResource;
}

describe('the event rules', () => {
  it('are exactly four: Health, GuardDuty, Trusted Advisor, and the CloudTrail calls the detection rules read', () => {
    // Prepare / Act: the stack is built once for this file.
    const sources = rules.map((rule) => (rule.Properties.EventPattern as { source: string[] }).source);

    // Assess
    expect(sources.sort()).toEqual([
      ['aws.guardduty'],
      ['aws.health'],
      [
        'aws.iam',
        'aws.sts',
        'aws.cloudtrail',
        'aws.guardduty',
        'aws.organizations',
        'aws.account',
        'aws.ses',
        'aws.signin',
      ],
      ['aws.trustedadvisor'],
    ]);
  });

  it('match the five AWS Health credential-risk event codes', () => {
    // Act
    const pattern = ruleFor('aws.health').Properties.EventPattern;

    // Assess
    expect(pattern).toEqual({
      source: ['aws.health'],
      'detail-type': ['AWS Health Event'],
      detail: {
        service: ['RISK'],
        eventTypeCategory: ['issue'],
        eventTypeCode: [
          'AWS_RISK_CREDENTIALS_EXPOSED',
          'AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED',
          'AWS_RISK_CREDENTIALS_COMPROMISED',
          'AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED',
          'AWS_RISK_IAM_QUARANTINE',
        ],
      },
    });
  });

  it('match GuardDuty access-key findings and the IAM attack sequence, whose resource is not an AccessKey', () => {
    // Act
    const pattern = ruleFor('aws.guardduty').Properties.EventPattern;

    // Assess
    expect(pattern).toEqual({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: {
        $or: [{ resource: { resourceType: ['AccessKey'] } }, { type: [{ prefix: 'AttackSequence:IAM/' }] }],
      },
    });
  });

  it("match Trusted Advisor's Exposed Access Keys check in ERROR or WARN", () => {
    // Act
    const pattern = ruleFor('aws.trustedadvisor').Properties.EventPattern;

    // Assess
    expect(pattern).toEqual({
      source: ['aws.trustedadvisor'],
      'detail-type': ['Trusted Advisor Check Item Refresh Notification'],
      detail: { 'check-name': ['Exposed Access Keys'], status: ['ERROR', 'WARN'] },
    });
  });

  it('match every call a detection rule can fire on, and AWS quarantine, from the services that make them', () => {
    // Prepare: the names, read from the rules themselves
    const ruleNames = new Set(DETECTION_RULES.flatMap((rule) => rule.eventNames ?? []));

    // Act
    const rule = ruleFor('aws.iam');
    const pattern = rule.Properties.EventPattern as {
      'detail-type': string[];
      detail: { eventName: string[] };
    };

    // Assess
    expect(pattern['detail-type']).toEqual([
      'AWS API Call via CloudTrail',
      'AWS Console Sign In via CloudTrail',
    ]);
    expect(pattern.detail.eventName).toEqual(
      [...new Set([...ruleNames, 'AttachUserPolicy', 'PutUserPolicy'])].sort(),
    );
    expect(pattern.detail.eventName).toEqual(
      expect.arrayContaining(['CreateUser', 'StopLogging', 'ConsoleLogin']),
    );
    expect(rule.Properties.State).toBe('ENABLED');
  });

  it('deliver read-only calls too, in the state CloudTrail requires for them, when configured', () => {
    // Act
    const withReads = Template.fromStack(buildStack({ detection: { readOnlyEvents: true } }));
    const rule = Object.values(resourcesOf(withReads, 'AWS::Events::Rule')).find(
      (r) => (r.Properties.EventPattern as { source: string[] }).source[0] === 'aws.iam',
    );

    // Assess
    expect(rule?.Properties.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect((rule?.Properties.EventPattern as { detail: { eventName: string[] } }).detail.eventName).toEqual(
      DETECTED_CALLS,
    );
  });

  it('each invoke only the responder, retrying for 6 hours before parking the event in the dead-letter queue', () => {
    // Prepare
    const responderArn = stack.resolve(stack.responder.function.functionArn) as unknown;
    const queueArn = stack.resolve(stack.undeliveredEvents.queue.queueArn) as unknown;

    // Act
    const targets = rules.map((rule) => rule.Properties.Targets);

    // Assess
    for (const ruleTargets of targets) {
      expect(ruleTargets).toEqual([
        {
          Id: 'Target0',
          Arn: responderArn,
          DeadLetterConfig: { Arn: queueArn },
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 60 * 60 },
        },
      ]);
    }
  });

  it('may each invoke the responder, and no other source may', () => {
    // Prepare
    const responderArn = stack.resolve(stack.responder.function.functionArn) as unknown;

    // Act
    const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission')).map(
      (p) => p.Properties,
    );

    // Assess: one permission per rule, scoped to that rule's ARN.
    expect(permissions).toEqual(
      Object.keys(resourcesOf(template, 'AWS::Events::Rule')).map((ruleId) => ({
        Action: 'lambda:InvokeFunction',
        FunctionName: responderArn,
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
      })),
    );
  });
});

describe('the SES alarm rule', () => {
  const sesStack = buildStack({ ses: { regions: ['us-east-1', 'eu-west-1'] } });
  const sesTemplate = Template.fromStack(sesStack);
  const sesRules = (template: Template): CfnResource[] =>
    Object.values(resourcesOf(template, 'AWS::Events::Rule')).filter(
      (rule) => (rule.Properties.EventPattern as { source: string[] }).source[0] === 'aws.cloudwatch',
    );

  it("matches the SES alarms' moves to ALARM and back to OK, and nothing else of CloudWatch", () => {
    // Act
    const rules = sesRules(sesTemplate);

    // Assess
    expect(rules.map((rule) => rule.Properties.Description)).toEqual([
      'SES: alarms on bounce/complaint rate and sending volume',
    ]);
    expect(rules[0]?.Properties.EventPattern).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      detail: { alarmName: [{ prefix: 'ato-responder-ses-' }], state: { value: ['ALARM', 'OK'] } },
    });
  });

  it('invokes the responder the way every other rule does', () => {
    // Prepare
    const responderArn = sesStack.resolve(sesStack.responder.function.functionArn) as unknown;
    const queueArn = sesStack.resolve(sesStack.undeliveredEvents.queue.queueArn) as unknown;

    // Act
    const targets = sesRules(sesTemplate).map((rule) => rule.Properties.Targets);

    // Assess
    expect(targets).toEqual([
      [
        {
          Id: 'Target0',
          Arn: responderArn,
          DeadLetterConfig: { Arn: queueArn },
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 60 * 60 },
        },
      ],
    ]);
  });

  it('is there even when the watched regions are all elsewhere: their forwarders deliver here', () => {
    // Act
    const rules = sesRules(Template.fromStack(buildStack({ ses: { regions: ['eu-west-1'] } })));

    // Assess
    expect(rules).toHaveLength(1);
  });

  it('is not there when SES is not watched', () => {
    // Act
    const rules = sesRules(template);

    // Assess
    expect(rules).toEqual([]);
  });
});

describe('the dead-letter queues', () => {
  it('are three (undelivered events, failed invocations, failed investigations), each encrypted, refusing plain HTTP and keeping messages 14 days', () => {
    // Act
    const deadLetterQueues = [stack.undeliveredEvents, stack.failedInvocations, stack.failedInvestigations];
    const queues = deadLetterQueues.map(({ queue }) => resourceOf(template, queue).Properties);

    // Assess
    expect(queues).toEqual([
      { MessageRetentionPeriod: 14 * 24 * 60 * 60, SqsManagedSseEnabled: true },
      { MessageRetentionPeriod: 14 * 24 * 60 * 60, SqsManagedSseEnabled: true },
      { MessageRetentionPeriod: 14 * 24 * 60 * 60, SqsManagedSseEnabled: true },
    ]);
    const denyPlainHttp = (queue: { queueArn: string }): unknown => ({
      Action: 'sqs:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: stack.resolve(queue.queueArn) as unknown,
    });
    const firstStatements = Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy')).map(
      (policy) => (policy.Properties.PolicyDocument as { Statement: unknown[] }).Statement[0],
    );
    expect(firstStatements).toEqual(
      expect.arrayContaining(deadLetterQueues.map(({ queue }) => denyPlainHttp(queue))),
    );
  });

  it('receive what Lambda gives up on after 2 retries or 6 hours', () => {
    // Prepare
    const failedQueueArn = stack.resolve(stack.failedInvocations.queue.queueArn) as unknown;

    // Act
    const config = onlyResourceOf(template, 'AWS::Lambda::EventInvokeConfig').Properties;

    // Assess
    expect(config).toEqual({
      FunctionName: stack.resolve(stack.responder.function.functionName) as unknown,
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 60 * 60,
      DestinationConfig: { OnFailure: { Destination: failedQueueArn } },
    });
  });
});
