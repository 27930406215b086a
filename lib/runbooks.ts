/**
 * The runbooks a person approves in Slack: one Standard state machine per runbook, each asking for the
 * approval (`.waitForTaskToken`: the token waits with the approval until a click answers it), then
 * running what was approved, or recording the denial or the expiry. One Lambda runs every step
 * (`RunbookStepInput`, lambdas/core/slack-ports.ts); `investigate-key`, read-only, asks nobody and
 * only queues the investigation.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  DefinitionBody,
  Fail,
  type IChainable,
  IntegrationPattern,
  JsonPath,
  LogLevel,
  Pass,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  type TaskStateBase,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import type { KeyDeactivation } from '../lambdas/core/investigation/ports';
import { DENIED_ERROR, RUNBOOKS, type RunbookName, type RunbookStepInput } from '../lambdas/core/slack-ports';
import { evidenceLogGroup } from './handler-function';

/** What a step after the decision may take: the Lambda records and acts, it never waits on a person. */
export const STEP_TIMEOUT = Duration.minutes(5);
/** An execution outlives its approval by this much, so that an approval answered at the last second still runs. */
export const EXECUTION_MARGIN = Duration.minutes(30);
/** The error an execution ends with when Execute, Denied or Expire failed (the caught error is in its history). */
export const STEP_FAILED_ERROR = 'ato.StepFailed';

/** The runbook that asks for no approval: it reads, and only queues the investigation. */
const READ_ONLY_RUNBOOK = 'investigate-key' satisfies RunbookName;

export interface RunbooksProps {
  /** Runs every step of every runbook, told which by its payload (`RunbookStepInput`). */
  readonly stepFunction: IFunction;
  /** Where `investigate-key` puts the deactivation, for the key investigator. */
  readonly investigationQueue: IQueue;
  /** How long an approval waits for a click (config `slack.approvalMinutes`, 60 by default). */
  readonly approvalTimeout: Duration;
}

export class Runbooks extends Construct {
  readonly machines: Record<RunbookName, StateMachine>;
  /** Every runbook's state machine ARN: the resources of states:StartExecution and the task responses. */
  readonly stateMachineArns: string[];
  /** Where the eight machines log (execution events only, never their data). */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: RunbooksProps) {
    super(scope, id);
    // One group for the eight machines, kept as evidence like the handlers' logs. Execution data stays
    // out of it (includeExecutionData: false): the approval step's input carries the task token, and
    // whoever holds a token can approve the runbook with SendTaskSuccess.
    const logGroup = evidenceLogGroup(this, 'Logs');
    this.logGroup = logGroup;

    const machines: Partial<Record<RunbookName, StateMachine>> = {};
    for (const runbook of RUNBOOKS) {
      const machineId = `Runbook${pascalCase(runbook)}`;
      // States are constructs named after the state; each machine's live in a scope of their own.
      const states = new Construct(this, `${machineId}States`);
      const definition =
        runbook === READ_ONLY_RUNBOOK
          ? queueInvestigation(states, props.investigationQueue)
          : approveThenExecute(states, runbook, props);
      const machine = new StateMachine(this, machineId, {
        comment: `ato-responder runbook ${runbook}`,
        definitionBody: DefinitionBody.fromChainable(definition),
        stateMachineType: StateMachineType.STANDARD,
        timeout: props.approvalTimeout.plus(EXECUTION_MARGIN),
        tracingEnabled: true,
        logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      });
      acknowledgeGrants(machine, runbook === READ_ONLY_RUNBOOK ? undefined : props.stepFunction);
      machines[runbook] = machine;
    }
    this.machines = machines as Record<RunbookName, StateMachine>;
    this.stateMachineArns = RUNBOOKS.map((runbook) => this.machines[runbook].stateMachineArn);
  }

  /** states:StartExecution on every runbook (the Slack handler starts one per approval). */
  grantStartExecution(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['states:StartExecution'],
      resourceArns: this.stateMachineArns,
    });
  }

  /** SendTaskSuccess / SendTaskFailure: answering an approval's token, on these machines only. */
  grantTaskResponse(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
      resourceArns: this.stateMachineArns,
    });
  }
}

/**
 * RequestApproval waits for the click; approved → Execute → Done, `ato.Denied` → Denied, no answer in
 * time → Expire. Execute, Denied or Expire failing ends the execution failed (StepFailed).
 */
function approveThenExecute(scope: Construct, runbook: RunbookName, props: RunbooksProps): IChainable {
  const approvalId = JsonPath.stringAt('$.approvalId');
  const step = (id: string, payload: RunbookStepInput): LambdaInvoke =>
    new LambdaInvoke(scope, id, {
      lambdaFunction: props.stepFunction,
      payload: TaskInput.fromObject(payload),
      // The state's output keeps the approval id; the step's own result goes under `result`.
      payloadResponseOnly: true,
      resultPath: '$.result',
      taskTimeout: Timeout.duration(STEP_TIMEOUT),
      // The default retry covers Lambda's service exceptions only (the function never ran). A function
      // error is not retried: the core records its failures itself, and a retried execute could act twice.
    });
  const failed = new Fail(scope, 'StepFailed', {
    error: STEP_FAILED_ERROR,
    cause:
      `Runbook ${runbook}: a step after the approval request (Execute, Denied or Expire) failed; the ` +
      "execution history (the caught error) and the step Lambda's logs say why.",
  });
  const onFailure = (task: LambdaInvoke): TaskStateBase =>
    task.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  const execute = onFailure(step('Execute', { step: 'execute', runbook, approvalId })).next(
    new Succeed(scope, 'Done'),
  );
  const denied = onFailure(step('Denied', { step: 'denied', runbook, approvalId })).next(
    new Succeed(scope, 'DenialRecorded'),
  );
  const expire = onFailure(step('Expire', { step: 'expire', runbook, approvalId })).next(
    new Succeed(scope, 'ExpiryRecorded'),
  );

  const requestApproval = new LambdaInvoke(scope, 'RequestApproval', {
    lambdaFunction: props.stepFunction,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      step: 'request-approval',
      runbook,
      approvalId,
      taskToken: JsonPath.taskToken,
    } satisfies RunbookStepInput),
    // The whole approval window; no heartbeat: a person deciding sends none, and a heartbeat shorter
    // than this would expire every approval that sits quietly in the channel.
    taskTimeout: Timeout.duration(props.approvalTimeout),
    resultPath: '$.decision',
  });
  requestApproval.addCatch(denied, { errors: [DENIED_ERROR], resultPath: '$.error' });
  requestApproval.addCatch(expire, { errors: ['States.Timeout'], resultPath: '$.error' });
  return requestApproval.next(execute);
}

/**
 * `investigate-key`: the deactivation (a `KeyDeactivation`) goes on the investigation queue, as the
 * JSON text of exactly its five fields, which is what the investigator parses (parseQueuedDeactivation).
 */
function queueInvestigation(scope: Construct, queue: IQueue): IChainable {
  const fields: Record<keyof KeyDeactivation, string> = {
    eventId: JsonPath.stringAt('$.eventId'),
    incidentId: JsonPath.stringAt('$.incidentId'),
    accessKeyId: JsonPath.stringAt('$.accessKeyId'),
    actionId: JsonPath.stringAt('$.actionId'),
    deactivatedAt: JsonPath.stringAt('$.deactivatedAt'),
  };
  // A missing field fails the execution here (States.Runtime), before anything is queued.
  const select = new Pass(scope, 'SelectDeactivation', { parameters: fields });
  const send = new SqsSendMessage(scope, 'QueueInvestigation', {
    queue,
    messageBody: TaskInput.fromText(JsonPath.jsonToString(JsonPath.objectAt('$'))),
    // No wait of its own: the execution starts when the investigation is wanted.
    delay: Duration.seconds(0),
    resultPath: JsonPath.DISCARD,
  });
  return select.next(send).next(new Succeed(scope, 'Queued'));
}

/** The wildcards CDK's grants to a state machine's role carry, none wider than it must be. */
function acknowledgeGrants(machine: StateMachine, stepFunction: IFunction | undefined): void {
  const acknowledge = (finding: string, reason: string): void =>
    Validations.of(machine.role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${finding}]`, reason });
  acknowledge(
    '*',
    'CloudWatch Logs delivery (logs:CreateLogDelivery, PutResourcePolicy…) and X-Ray (xray:PutTraceSegments…) ' +
      'have no resource-level permissions; CDK grants exactly those actions on *, nothing else.',
  );
  if (stepFunction === undefined) return;
  acknowledge(
    flattenCfnReference(Stack.of(machine).resolve(`${stepFunction.functionArn}:*`)),
    "lambda:InvokeFunction on the step function's versions and aliases (LambdaInvoke's grant): the `:*` is " +
      'the qualifier of this one function, not other functions.',
  );
}

/** `remove-rogue-principals` → `RemoveRoguePrincipals`: stable logical ids from the runbook names. */
function pascalCase(name: string): string {
  return name
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
