/**
 * A synthesized state machine, run on this machine: its DefinitionString rendered to the JSON Step
 * Functions would receive (placeholder ARNs for the tokens), then executed by aws-local-stepfunctions
 * with every Task state answered by a local function, the way the service would call it.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { StateMachine as LocalStateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { ACCOUNT, resourceOf } from './stack-builder';

interface PromiseResolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

// aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22) when a Task state runs; Node 20 lacks it.
const promiseStatics = Promise as PromiseConstructor & { withResolvers?: <T>() => PromiseResolvers<T> };
if (typeof promiseStatics.withResolvers !== 'function') {
  promiseStatics.withResolvers = <T>(): PromiseResolvers<T> => {
    let resolve: PromiseResolvers<T>['resolve'] = () => undefined;
    let reject: PromiseResolvers<T>['reject'] = () => undefined;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export type JsonValue = Parameters<LocalStateMachine['run']>[0];
export type Definition = StateMachineDefinition;

const REGION = 'us-east-1';

/**
 * The state machine's definition as Step Functions receives it: the Fn::Join joined, each token
 * replaced by a placeholder of the real shape (a Lambda ARN, a queue URL), so that ARN checks apply.
 */
export function definitionOf(template: Template, machine: StateMachine): Definition {
  const resources = (template.toJSON() as { Resources: Record<string, { Type: string }> }).Resources;
  const typeOf = (logicalId: string): string => {
    const resource = resources[logicalId];
    if (resource === undefined) throw new Error(`no resource ${logicalId} in the template`);
    return resource.Type;
  };
  const placeholder = (part: unknown): string => {
    if (typeof part === 'string') return part;
    const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
    if (token.Ref === 'AWS::Partition') return 'aws';
    if (token.Ref !== undefined && typeOf(token.Ref) === 'AWS::SQS::Queue')
      return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${token.Ref}`;
    const getAtt = token['Fn::GetAtt'];
    if (getAtt?.[1] === 'Arn' && typeOf(getAtt[0]) === 'AWS::Lambda::Function')
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${getAtt[0]}`;
    throw new Error(`no placeholder for ${JSON.stringify(part)}`);
  };
  const definition = resourceOf(template, machine).Properties.DefinitionString as
    string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof definition === 'string'
      ? definition
      : definition['Fn::Join'][1].map(placeholder).join(definition['Fn::Join'][0]);
  return JSON.parse(text) as Definition;
}

/** What a Task state's service does locally. Each gets what the real service would get. */
export interface LocalServices {
  /** The Lambda function: its event (the task's `Payload`, or the Parameters of a bare function ARN). */
  readonly lambda?: (payload: JsonValue) => JsonValue | Promise<JsonValue>;
  /** SQS SendMessage: the API's parameters (QueueUrl, MessageBody, DelaySeconds). */
  readonly sqsSendMessage?: (parameters: JsonValue) => void | Promise<void>;
}

/** How an execution ended, in DescribeExecution's words. */
export type ExecutionOutcome =
  | { status: 'SUCCEEDED'; output: JsonValue }
  | { status: 'FAILED'; error: string; cause: string }
  | { status: 'TIMED_OUT' };

/**
 * The error SendTaskFailure (or a function error) fails a task with: Step Functions matches Catch and
 * Retry on its name, as aws-local-stepfunctions does on a thrown error's `name`.
 */
export function taskFailure(error: string, cause: string): Error {
  return Object.assign(new Error(cause), { name: error });
}

/**
 * Runs `definition` on `input`. `taskToken` is the token `$$.Task.Token` gives every task; a
 * `.waitForTaskToken` task's result is what its local function returns (SendTaskSuccess's output).
 */
export async function runLocally(
  definition: Definition,
  input: JsonValue,
  services: LocalServices,
  taskToken = 'task-token-1',
): Promise<ExecutionOutcome> {
  const handlers: Record<string, (taskInput: JsonValue) => Promise<JsonValue>> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type === 'Task') handlers[name] = taskHandler(name, state.Resource, services);
  }
  const execution = new LocalStateMachine(definition).run(input, {
    overrides: { taskResourceLocalHandlers: handlers },
    context: { Task: { Token: taskToken } },
  });
  try {
    return { status: 'SUCCEEDED', output: await execution.result };
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionTimeoutError') return { status: 'TIMED_OUT' };
    const failure = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    if (failure instanceof Error) return { status: 'FAILED', error: failure.name, cause: failure.message };
    throw error;
  }
}

function taskHandler(
  name: string,
  resource: string,
  services: LocalServices,
): (taskInput: JsonValue) => Promise<JsonValue> {
  const needed = <T>(service: T | undefined, what: string): T => {
    if (service === undefined) throw new Error(`state ${name} calls ${what}, which the test did not provide`);
    return service;
  };
  const payloadOf = (taskInput: JsonValue): JsonValue =>
    (taskInput as { Payload: JsonValue } | null)?.Payload ?? null;

  if (resource === 'arn:aws:states:::lambda:invoke.waitForTaskToken') {
    // The task's output is what SendTaskSuccess sends, not what the function returns.
    return async (taskInput) => needed(services.lambda, 'Lambda')(payloadOf(taskInput));
  }
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return async (taskInput) => ({
      Payload: await needed(services.lambda, 'Lambda')(payloadOf(taskInput)),
      StatusCode: 200,
    });
  }
  if (/^arn:aws:lambda:[^:]+:\d{12}:function:/.test(resource)) {
    return async (taskInput) => needed(services.lambda, 'Lambda')(taskInput);
  }
  if (resource === 'arn:aws:states:::sqs:sendMessage') {
    return async (taskInput) => {
      await needed(services.sqsSendMessage, 'SQS')(taskInput);
      return { MessageId: 'message-1', MD5OfMessageBody: 'placeholder' };
    };
  }
  throw new Error(`state ${name}: no local stand-in for ${resource}`);
}
