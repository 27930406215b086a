import { createRequire } from 'node:module';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { KeyDeactivation } from '../../lambdas/core/investigation/ports';
import {
  type ApprovalDecision,
  DENIED_ERROR,
  RUNBOOKS,
  type RunbookName,
  type RunbookStepInput,
} from '../../lambdas/core/slack-ports';
import { parseQueuedDeactivation } from '../../lambdas/providers/aws/investigation-queue';
import { Runbooks, STEP_FAILED_ERROR } from '../../lib/runbooks';
import { type Definition, type JsonValue, definitionOf, runLocally, taskFailure } from './run-state-machine';
import { ACCOUNT, allowedActionsOf, asList, resourceOf, resourcesOf, statementsOf } from './stack-builder';

// asl-validator 4 ships no type declarations: its one export, typed here.
type AslValidator = (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(__filename)('asl-validator') as AslValidator;

interface Fixture {
  stack: Stack;
  runbooks: Runbooks;
  stepFunction: LambdaFunction;
  queue: Queue;
}

/** The construct on a stack of its own, with a step function and an investigation queue like the stack's. */
function build(approvalTimeout = Duration.minutes(60)): Fixture {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'RunbookTest', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const stepFunction = new LambdaFunction(stack, 'Step', {
    runtime: Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: Code.fromInline('exports.handler = async () => null;'),
    role: new Role(stack, 'StepRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') }),
  });
  const queue = new Queue(stack, 'Investigations', {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const runbooks = new Runbooks(stack, 'Runbooks', {
    stepFunction,
    investigationQueue: queue,
    approvalTimeout,
  });
  return { stack, runbooks, stepFunction, queue };
}

const fixture = build();
const template = Template.fromStack(fixture.stack);
const ref = (value: string): unknown => fixture.stack.resolve(value);
const logicalIdOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const definitionFor = (runbook: RunbookName): Definition =>
  definitionOf(template, fixture.runbooks.machines[runbook]);

const APPROVAL_RUNBOOKS = RUNBOOKS.filter((runbook) => runbook !== 'investigate-key');
/** The placeholder definitionOf gives the step function's ARN. */
const STEP_FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${logicalIdOf(fixture.stack, fixture.stepFunction)}`;
/** The retry every LambdaInvoke keeps: Lambda's own service exceptions, never the function's errors. */
const SERVICE_EXCEPTION_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
];

/** SendTaskSuccess's output for a click on Approve. */
const decision: ApprovalDecision = {
  decision: 'approved',
  by: 'slack:U0123ABCD',
  at: '2026-11-22T03:00:00.000Z',
};
/** What `$$.Task.Token` gives the local execution's tasks (real ones are ~700 opaque characters). */
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAeMdTaskToken';
const APPROVAL_ID = 'apr-1';

/** The step Lambda: records each event it is invoked with; `answer` returns or throws per step. */
function stepLambda(answer: (input: RunbookStepInput) => JsonValue | Promise<JsonValue>): {
  calls: RunbookStepInput[];
  lambda: (payload: JsonValue) => JsonValue | Promise<JsonValue>;
} {
  const calls: RunbookStepInput[] = [];
  return {
    calls,
    lambda: (payload) => {
      const input = payload as RunbookStepInput;
      calls.push(input);
      return answer(input);
    },
  };
}

/** A deactivation as the executor records it (AWS's example key, a made-up incident). */
const deactivation: KeyDeactivation = {
  eventId: 'evt-0001',
  incidentId: 'ato-20261122-0000001',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  actionId: 'ato-20261122-0000001/0-aws.iam.deactivate-access-key',
  deactivatedAt: '2026-11-22T03:00:01.300Z',
};

describe('the runbooks', () => {
  it('are eight Standard state machines, one per runbook, named by CloudFormation under stable logical ids', () => {
    // Act
    const machines = resourcesOf(template, 'AWS::StepFunctions::StateMachine');

    // Assess
    expect(Object.keys(machines).sort()).toEqual(
      RUNBOOKS.map((runbook) => logicalIdOf(fixture.stack, fixture.runbooks.machines[runbook])).sort(),
    );
    expect(
      RUNBOOKS.map((runbook) =>
        logicalIdOf(fixture.stack, fixture.runbooks.machines[runbook]).replace(/[0-9A-F]{8}$/, ''),
      ),
    ).toEqual([
      'RunbooksRunbookContainKey',
      'RunbooksRunbookInvestigateKey',
      'RunbooksRunbookRemoveRoguePrincipals',
      'RunbooksRunbookPauseSes',
      'RunbooksRunbookResumeSes',
      'RunbooksRunbookTwilioLockdown',
      'RunbooksRunbookSendgridLockdown',
      'RunbooksRunbookUndoIncident',
    ]);
    expect(fixture.runbooks.stateMachineArns).toEqual(
      RUNBOOKS.map((runbook) => fixture.runbooks.machines[runbook].stateMachineArn),
    );
  });

  it.each(RUNBOOKS)(
    '%s is traced and logs every event, without execution data, to the retained group',
    (runbook) => {
      // Act
      const machine = resourceOf(template, fixture.runbooks.machines[runbook]);

      // Assess
      expect(machine.Properties).toEqual({
        DefinitionString: expect.anything() as unknown,
        RoleArn: ref(fixture.runbooks.machines[runbook].role.roleArn),
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: {
          Destinations: [
            { CloudWatchLogsLogGroup: { LogGroupArn: ref(fixture.runbooks.logGroup.logGroupArn) } },
          ],
          Level: 'ALL',
          IncludeExecutionData: false,
        },
      });
    },
  );

  it('keeps its log group a year, past the stack, like the handlers’ logs', () => {
    // Act
    const logGroup = resourceOf(template, fixture.runbooks.logGroup);

    // Assess
    expect(logGroup.Properties).toEqual({ RetentionInDays: 365 });
    expect(logGroup.DeletionPolicy).toBe('Retain');
    expect(logGroup.UpdateReplacePolicy).toBe('Retain');
  });

  it.each(RUNBOOKS)('%s: the definition is valid Amazon States Language (asl-validator)', (runbook) => {
    // Act
    const result = aslValidator(definitionFor(runbook));

    // Assess
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
  });

  it.each(RUNBOOKS)('%s: an execution may last the approval window plus 30 minutes', (runbook) => {
    // Act
    const definition = definitionFor(runbook);

    // Assess
    expect(definition.TimeoutSeconds).toBe(3600 + 1800);
  });
});

describe('an approval runbook', () => {
  it('asks with the task token and waits for the approval window, with no heartbeat', () => {
    // Act
    const definition = definitionFor('contain-key');

    // Assess
    expect(definition.StartAt).toBe('RequestApproval');
    expect(definition.States.RequestApproval).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: STEP_FUNCTION_ARN,
        Payload: {
          step: 'request-approval',
          runbook: 'contain-key',
          'approvalId.$': '$.approvalId',
          'taskToken.$': '$$.Task.Token',
        },
      },
      TimeoutSeconds: 3600,
      ResultPath: '$.decision',
      Retry: SERVICE_EXCEPTION_RETRY,
      Catch: [
        { ErrorEquals: [DENIED_ERROR], ResultPath: '$.error', Next: 'Denied' },
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Expire' },
      ],
      Next: 'Execute',
    });
  });

  it('waits as long as the approval timeout says: 15 minutes is 900 seconds, the execution 45 minutes', () => {
    // Prepare
    const short = build(Duration.minutes(15));

    // Act
    const definition = definitionOf(Template.fromStack(short.stack), short.runbooks.machines['pause-ses']);

    // Assess
    expect(definition.States.RequestApproval).toMatchObject({ TimeoutSeconds: 900 });
    expect(definition.States.RequestApproval).not.toHaveProperty('HeartbeatSeconds');
    expect(definition.TimeoutSeconds).toBe(900 + 1800);
  });

  it.each([
    ['Execute', 'execute', 'Done'],
    ['Denied', 'denied', 'DenialRecorded'],
    ['Expire', 'expire', 'ExpiryRecorded'],
  ])(
    '%s invokes the step function for 5 minutes at most, retries only Lambda service exceptions, fails to StepFailed',
    (state, step, next) => {
      // Act
      const definition = definitionFor('twilio-lockdown');

      // Assess
      expect(definition.States[state]).toEqual({
        Type: 'Task',
        Resource: STEP_FUNCTION_ARN,
        Parameters: { step, runbook: 'twilio-lockdown', 'approvalId.$': '$.approvalId' },
        TimeoutSeconds: 300,
        ResultPath: '$.result',
        Retry: SERVICE_EXCEPTION_RETRY,
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'StepFailed' }],
        Next: next,
      });
      expect(definition.States[next]).toEqual({ Type: 'Succeed' });
      expect(definition.States.StepFailed).toEqual({
        Type: 'Fail',
        Error: STEP_FAILED_ERROR,
        Cause: expect.stringContaining('Runbook twilio-lockdown: a step') as unknown,
      });
    },
  );

  it.each(APPROVAL_RUNBOOKS)('%s, approved: asks, then executes once, and succeeds', async (runbook) => {
    // Prepare
    const { calls, lambda } = stepLambda(({ step }): JsonValue =>
      step === 'request-approval' ? { ...decision } : { ok: true },
    );

    // Act
    const outcome = await runLocally(definitionFor(runbook), { approvalId: APPROVAL_ID }, { lambda }, TOKEN);

    // Assess
    expect(calls).toEqual([
      { step: 'request-approval', runbook, approvalId: APPROVAL_ID, taskToken: TOKEN },
      { step: 'execute', runbook, approvalId: APPROVAL_ID },
    ]);
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { approvalId: APPROVAL_ID, decision, result: { ok: true } },
    });
  });

  it.each(APPROVAL_RUNBOOKS)(
    '%s, denied: records the denial, never executes, and succeeds',
    async (runbook) => {
      // Prepare: SendTaskFailure with error ato.Denied fails the waiting task with that error.
      const { calls, lambda } = stepLambda(({ step }) => {
        if (step === 'request-approval') throw taskFailure(DENIED_ERROR, 'denied by slack:U0123ABCD');
        return null;
      });

      // Act
      const outcome = await runLocally(
        definitionFor(runbook),
        { approvalId: APPROVAL_ID },
        { lambda },
        TOKEN,
      );

      // Assess
      expect(calls).toEqual([
        { step: 'request-approval', runbook, approvalId: APPROVAL_ID, taskToken: TOKEN },
        { step: 'denied', runbook, approvalId: APPROVAL_ID },
      ]);
      expect(outcome).toEqual({
        status: 'SUCCEEDED',
        output: {
          approvalId: APPROVAL_ID,
          error: { Error: DENIED_ERROR, Cause: 'denied by slack:U0123ABCD' },
          result: null,
        },
      });
    },
  );

  describe('when nobody answers', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it.each(APPROVAL_RUNBOOKS)(
      '%s: expires the approval after exactly the approval window, never executes, and succeeds',
      async (runbook) => {
        // Prepare: a request whose token nobody answers.
        const { calls, lambda } = stepLambda(({ step }) =>
          step === 'request-approval' ? new Promise<JsonValue>(() => undefined) : null,
        );
        const execution = runLocally(definitionFor(runbook), { approvalId: APPROVAL_ID }, { lambda }, TOKEN);

        // Act
        await jest.advanceTimersByTimeAsync(3600 * 1000 - 1);
        const beforeTheHour = [...calls];
        await jest.advanceTimersByTimeAsync(1);
        const outcome = await execution;

        // Assess
        expect(beforeTheHour).toEqual([
          { step: 'request-approval', runbook, approvalId: APPROVAL_ID, taskToken: TOKEN },
        ]);
        expect(calls).toEqual([
          { step: 'request-approval', runbook, approvalId: APPROVAL_ID, taskToken: TOKEN },
          { step: 'expire', runbook, approvalId: APPROVAL_ID },
        ]);
        expect(outcome).toEqual({
          status: 'SUCCEEDED',
          output: {
            approvalId: APPROVAL_ID,
            error: { Error: 'States.Timeout', Cause: expect.any(String) as unknown },
            result: null,
          },
        });
      },
    );
  });

  it.each(APPROVAL_RUNBOOKS)(
    '%s: an execute that fails is not retried and ends the execution failed (StepFailed)',
    async (runbook) => {
      // Prepare: the function's own error, as Lambda reports an unhandled exception.
      const { calls, lambda } = stepLambda(({ step }) => {
        if (step === 'execute')
          throw taskFailure('Error', '{"errorType":"Error","errorMessage":"IAM said no"}');
        return { ...decision };
      });

      // Act
      const outcome = await runLocally(
        definitionFor(runbook),
        { approvalId: APPROVAL_ID },
        { lambda },
        TOKEN,
      );

      // Assess
      expect(calls).toEqual([
        { step: 'request-approval', runbook, approvalId: APPROVAL_ID, taskToken: TOKEN },
        { step: 'execute', runbook, approvalId: APPROVAL_ID },
      ]);
      expect(outcome).toEqual({
        status: 'FAILED',
        error: STEP_FAILED_ERROR,
        cause: `Runbook ${runbook}: a step after the approval request (Execute, Denied or Expire) failed; the execution history (the caught error) and the step Lambda's logs say why.`,
      });
    },
  );

  it('may call its step function and nothing else', () => {
    // Act
    const statements = statementsOf(template, fixture.runbooks.machines['contain-key'].role);

    // Assess
    expect(statements.filter((statement) => statement.Action === 'lambda:InvokeFunction')).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [ref(fixture.stepFunction.functionArn), ref(`${fixture.stepFunction.functionArn}:*`)],
      },
    ]);
    expect(allowedActionsOf(statements).filter((action) => !/^(logs|xray):/.test(action))).toEqual([
      'lambda:InvokeFunction',
    ]);
  });
});

describe('investigate-key', () => {
  it('asks nobody: it selects the deactivation and puts it on the investigation queue, at once', () => {
    // Act
    const definition = definitionFor('investigate-key');

    // Assess
    expect(definition.StartAt).toBe('SelectDeactivation');
    expect(definition.States).toEqual({
      SelectDeactivation: {
        Type: 'Pass',
        Parameters: {
          'eventId.$': '$.eventId',
          'incidentId.$': '$.incidentId',
          'accessKeyId.$': '$.accessKeyId',
          'actionId.$': '$.actionId',
          'deactivatedAt.$': '$.deactivatedAt',
        },
        Next: 'QueueInvestigation',
      },
      QueueInvestigation: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: {
          QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/${logicalIdOf(fixture.stack, fixture.queue)}`,
          'MessageBody.$': 'States.JsonToString($)',
          DelaySeconds: 0,
        },
        ResultPath: null,
        Next: 'Queued',
      },
      Queued: { Type: 'Succeed' },
    });
  });

  it('sends the JSON text of exactly the five fields the investigator parses, whatever else came in', async () => {
    // Prepare
    const sent: JsonValue[] = [];

    // Act
    const outcome = await runLocally(
      definitionFor('investigate-key'),
      { ...deactivation, note: 'not for the queue' },
      { sqsSendMessage: (parameters) => void sent.push(parameters) },
    );

    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { ...deactivation } });
    expect(sent).toHaveLength(1);
    const body = (sent[0] as { MessageBody: unknown }).MessageBody;
    expect(typeof body).toBe('string');
    expect(JSON.parse(body as string)).toEqual(deactivation);
    expect(parseQueuedDeactivation(body)).toEqual({ ok: true, value: deactivation });
  });

  it('queues nothing when a field is missing: the execution fails', async () => {
    // Prepare
    const sent: JsonValue[] = [];
    const incomplete = Object.fromEntries(
      Object.entries(deactivation).filter(([field]) => field !== 'deactivatedAt'),
    );

    // Act
    const outcome = await runLocally(definitionFor('investigate-key'), incomplete, {
      sqsSendMessage: (parameters) => void sent.push(parameters),
    });

    // Assess
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(sent).toEqual([]);
  });

  it('may send to the investigation queue and nothing else', () => {
    // Act
    const statements = statementsOf(template, fixture.runbooks.machines['investigate-key'].role);

    // Assess
    expect(
      statements.filter(
        (statement) => !asList(statement.Action).every((action) => /^(logs|xray):/.test(action)),
      ),
    ).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: ref(fixture.queue.queueArn) }]);
  });
});

describe('the grants for the Slack side', () => {
  it('lets a role start the runbooks and answer their tokens, on these eight machines only', () => {
    // Prepare
    const local = build();
    const role = new Role(local.stack, 'SlackRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });

    // Act
    local.runbooks.grantStartExecution(role);
    local.runbooks.grantTaskResponse(role);

    // Assess
    const arns = local.runbooks.stateMachineArns.map((arn) => local.stack.resolve(arn) as unknown);
    expect(statementsOf(Template.fromStack(local.stack), role)).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: arns },
      { Effect: 'Allow', Action: ['states:SendTaskSuccess', 'states:SendTaskFailure'], Resource: arns },
    ]);
  });
});

describe('cdk-nag AwsSolutions on the runbooks', () => {
  it('finds nothing unacknowledged in the state machines, their roles and their log group', () => {
    // Prepare
    const { stack, runbooks } = build();

    // Act
    const report = new AwsSolutionsChecks(stack).validateScope(runbooks);

    // Assess
    expect(report.violations).toEqual([]);
  });

  it('still reports a wildcard nobody acknowledged, so the acknowledgements are not blanket ones', () => {
    // Prepare
    const { stack, runbooks } = build();
    runbooks.machines['pause-ses'].addToRolePolicy(
      new PolicyStatement({ actions: ['ses:UpdateAccountSendingEnabled'], resources: ['arn:aws:ses:*:*:*'] }),
    );

    // Act
    const report = new AwsSolutionsChecks(stack).validateScope(runbooks);

    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([
      'AwsSolutions-IAM5[Resource::arn:aws:ses:*:*:*]',
    ]);
  });
});
