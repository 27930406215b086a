import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ActionRecord } from '../../lambdas/core/action';
import { loadConfig } from '../../lambdas/core/config';
import { keys, toItem } from '../../lambdas/providers/aws/dynamodb-items';
import {
  type Statement,
  allowedActionsOf,
  asList,
  buildStack,
  onlyResourceOf,
  resourceOf,
  resourcesOf,
  statementsOf,
} from './stack-builder';

const config = { mode: 'enforce', notifications: { emails: ['soc@example.com'] } };
const stack = buildStack(config);
const template = Template.fromStack(stack);
const fn = resourceOf(template, stack.investigator.function);
const ref = (value: string): unknown => stack.resolve(value);
const errorsAlarmDescription =
  'ato-responder: a key investigation failed; SQS runs it again (three runs in all), then parks it in the Investigation dead-letter queue';

const investigatorStatements = (): Statement[] => statementsOf(template, stack.investigator.role.role);
const allowedActions = (): string[] => allowedActionsOf(investigatorStatements());

/** A deactivation as the executor records it (placeholders: AWS's example key, a made-up incident). */
const deactivation: ActionRecord = {
  actionId: 'ato-20261122-0000001/0-aws.iam.deactivate-access-key',
  incidentId: 'ato-20261122-0000001',
  kind: 'aws.iam.deactivate-access-key',
  target: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice' },
  mode: 'enforce',
  approval: 'auto',
  status: 'done',
  actor: 'ato-responder',
  reason: 'placeholder',
  startedAt: '2026-11-22T03:00:01.000Z',
  finishedAt: '2026-11-22T03:00:01.300Z',
};

describe('the key investigator', () => {
  it('is started by the incident table stream, which carries new images', () => {
    // Act
    const table = onlyResourceOf(template, 'AWS::DynamoDB::Table');

    // Assess
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('queues deactivations from the stream one record at a time, retries twice, bisects, drops at 6 hours', () => {
    // Act
    const mapping = resourcesOf(template, 'AWS::Lambda::EventSourceMapping');
    const fromStream = Object.values(mapping).filter((m) => m.Properties.StartingPosition !== undefined);

    // Assess
    expect(fromStream.map((m) => m.Properties)).toEqual([
      {
        EventSourceArn: ref(stack.incidents.table.tableStreamArn ?? ''),
        FunctionName: ref(stack.investigator.scheduler.function.functionName),
        StartingPosition: 'LATEST',
        BatchSize: 1,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 2,
        MaximumRecordAgeInSeconds: 6 * 60 * 60,
        DestinationConfig: { OnFailure: { Destination: ref(stack.failedInvestigations.queue.queueArn) } },
        FilterCriteria: { Filters: [{ Pattern: expect.any(String) as unknown }] },
      },
    ]);
  });

  it('waits in an encrypted queue: 90 minutes hidden per run, three runs, then the dead-letter queue', () => {
    // Act
    const queue = resourceOf(template, stack.investigator.queue);

    // Assess
    expect(queue.Properties).toEqual({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 90 * 60,
      RedrivePolicy: {
        deadLetterTargetArn: ref(stack.failedInvestigations.queue.queueArn),
        maxReceiveCount: 3,
      },
    });
  });

  it('runs the investigator from the queue one message at a time, two at most at once', () => {
    // Act
    const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => m.Properties.StartingPosition === undefined,
    );

    // Assess
    expect(mapping.map((m) => m.Properties)).toEqual([
      {
        EventSourceArn: ref(stack.investigator.queue.queueArn),
        FunctionName: ref(stack.investigator.function.functionName),
        BatchSize: 1,
        ScalingConfig: { MaximumConcurrency: 2 },
      },
    ]);
  });

  it('schedules with the configured delay, the queue and nothing else of the config', () => {
    // Prepare
    const delayed = buildStack({ ...config, investigation: { delayMinutes: 10 } });
    const scheduler = resourceOf(Template.fromStack(delayed), delayed.investigator.scheduler.function);

    // Act
    const variables = (scheduler.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    // Assess
    expect(variables).toEqual({
      ATO_CONFIG: '{"investigation":{"delayMinutes":10}}',
      ATO_INVESTIGATION_QUEUE_URL: delayed.resolve(delayed.investigator.queue.queueUrl) as unknown,
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'ato-responder',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    expect(scheduler.Properties.Handler).toBe('index.handler');
    expect(scheduler.Properties.Timeout).toBe(30);
  });

  it('lets the scheduler read the stream and send to the two queues, and nothing else', () => {
    // Act
    const statements = statementsOf(template, stack.investigator.scheduler.role);

    // Assess
    expect([...allowedActionsOf(statements)].sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
      'sqs:SendMessage',
    ]);
    expect(
      statements.filter((st) => asList(st.Action).includes('sqs:SendMessage')).map((st) => st.Resource),
    ).toEqual([ref(stack.investigator.queue.queueArn), ref(stack.failedInvestigations.queue.queueArn)]);
  });

  it('is invoked only for new action records of a deactivation that was done', () => {
    // Act
    const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
      (m) => m.Properties.FilterCriteria !== undefined,
    );

    // Assess
    const [filter] = (mapping?.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    expect(filter?.Pattern).toBe(
      '{"eventName":["INSERT"],"dynamodb":{"Keys":{"sk":{"S":[{"prefix":"ACTION#"}]}},' +
        '"NewImage":{"record":{"M":{"kind":{"S":["aws.iam.deactivate-access-key"]},"status":{"S":["done"]}}}}}}',
    );
  });

  it("filters on the very attributes the store's appendActionRecord writes", () => {
    // Prepare: the item exactly as DynamoDbIncidentStore.appendActionRecord marshals it.
    const item = toItem({ ...keys.action(deactivation), record: deactivation });

    // Act
    const filtered = {
      sk: item.sk?.S?.startsWith('ACTION#'),
      kind: item.record?.M?.kind?.S,
      status: item.record?.M?.status?.S,
    };

    // Assess
    expect(filtered).toEqual({ sk: true, kind: 'aws.iam.deactivate-access-key', status: 'done' });
  });

  it('runs the investigate handler on nodejs22.x, arm64, with 1024 MB for up to 15 minutes, unreserved', () => {
    // Act
    const { Runtime, Architectures, MemorySize, Timeout, Handler, ReservedConcurrentExecutions } =
      fn.Properties;

    // Assess
    expect({ Runtime, Architectures, MemorySize, Timeout, Handler, ReservedConcurrentExecutions }).toEqual({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 900,
      Handler: 'index.handler',
      ReservedConcurrentExecutions: undefined,
    });
  });

  it('gets the validated config, the table, the topic and Powertools settings, and nothing else', () => {
    // Act
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    // Assess
    expect(variables).toEqual({
      ATO_CONFIG: JSON.stringify(loadConfig(config)),
      ATO_TABLE_NAME: ref(stack.incidents.table.tableName),
      ATO_TOPIC_ARN: ref(stack.notifications.topic.topicArn),
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'ato-responder',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('logs to its own log group, kept a year and retained with the stack deleted', () => {
    // Act
    const logGroup = resourceOf(template, stack.investigator.function.logGroup);

    // Assess
    expect(fn.Properties.LoggingConfig).toEqual({
      LogGroup: ref(stack.investigator.function.logGroup.logGroupName),
    });
    expect(logGroup.Properties).toEqual({ RetentionInDays: 365 });
    expect(logGroup.DeletionPolicy).toBe('Retain');
  });
});

describe("the key investigator's role", () => {
  it('allows exactly the reads and writes the investigation uses, and nothing else', () => {
    // Act
    const actions = allowedActions();

    // Assess
    expect([...actions].sort()).toEqual([
      'account:ListRegions',
      'cloudtrail:LookupEvents',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'iam:GetAccessKeyLastUsed',
      'iam:GetLoginProfile',
      'iam:GetRole',
      'iam:GetUser',
      'iam:ListAccessKeys',
      'iam:ListAttachedGroupPolicies',
      'iam:ListAttachedRolePolicies',
      'iam:ListAttachedUserPolicies',
      'iam:ListEntitiesForPolicy',
      'iam:ListGroupPolicies',
      'iam:ListRolePolicies',
      'iam:ListUserPolicies',
      'iam:ListUsers',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
  });

  it('has no IAM write at all, and no wildcard action', () => {
    // Act
    const actions = allowedActions();

    // Assess
    expect(actions.filter((a) => a.startsWith('iam:') && !/^iam:(Get|List)[A-Za-z]+$/.test(a))).toEqual([]);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(investigatorStatements().filter((s) => s.Effect === 'Deny')).toEqual([]);
  });

  it('touches only incident, approval and subject items of the table, by partition key', () => {
    // Act
    const table = investigatorStatements().filter((s) => asList(s.Action).some((a) => /Item$/.test(a)));

    // Assess
    const tableArn = ref(stack.incidents.table.tableArn);
    const onKeys = (...prefixes: string[]): unknown => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes },
    });
    expect(table).toEqual([
      {
        Sid: 'ReadIncidents',
        Effect: 'Allow',
        Action: 'dynamodb:GetItem',
        Resource: tableArn,
        Condition: onKeys('INCIDENT#*'),
      },
      {
        Sid: 'RecordEvidence',
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: tableArn,
        Condition: onKeys('INCIDENT#*', 'APPROVAL#*'),
      },
      {
        Sid: 'FreeSubjectsOfResolvedIncidents',
        Effect: 'Allow',
        Action: 'dynamodb:DeleteItem',
        Resource: tableArn,
        Condition: onKeys('SUBJECT#*'),
      },
    ]);
  });

  it('trusts only Lambda', () => {
    // Act
    const role = resourceOf(template, stack.investigator.role.role);

    // Assess
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ],
      Version: '2012-10-17',
    });
  });

  it('leaves cdk-nag nothing unacknowledged, yet an unacknowledged wildcard on it is still reported', () => {
    // Prepare: a separate stack, so the extra statement does not leak into the assertions above.
    const probed = buildStack(config);
    probed.investigator.role.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['iam:GetUser'], resources: ['arn:aws:iam::123456789012:*'] }),
    );

    // Act
    const clean = new AwsSolutionsChecks(stack).validateScope(stack);
    const report = new AwsSolutionsChecks(probed).validateScope(probed);

    // Assess
    expect(clean.violations).toEqual([]);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([
      'AwsSolutions-IAM5[Resource::arn:aws:iam::123456789012:*]',
    ]);
  });
});

describe("the key investigator's alarms", () => {
  const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);

  it('fire on its first error in five minutes', () => {
    // Act
    const alarm = alarms.find((a) => a.AlarmDescription === errorsAlarmDescription);

    // Assess
    expect(alarm).toEqual({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [ref(stack.notifications.topic.topicArn)],
      AlarmDescription: errorsAlarmDescription,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(stack.investigator.function.functionName) }],
      Statistic: 'Sum',
      Period: 300,
    });
  });

  it('fire on the first message in its dead-letter queue within a minute', () => {
    // Act
    const alarm = alarms.find((a) =>
      String(a.AlarmDescription).includes('the Investigation dead-letter queue'),
    );

    // Assess
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: ref(stack.failedInvestigations.queue.queueName) }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
    });
  });
});
