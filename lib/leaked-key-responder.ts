/**
 * The Lambda function that turns a leaked-key signal into containment, a record and a notification
 * (lambdas/handlers/respond.ts), with its log group and its execution role (ResponderRole).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IDestination } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import {
  acknowledgeRuntime,
  evidenceLogGroup,
  handlerEnvironment,
  handlerFunctionProps,
} from './handler-function';
import type { IncidentTopic } from './incident-topic';
import { ResponderRole } from './responder-role';

/**
 * Lambda's own retries after the handler failed. The handler is idempotent per source event (the
 * store's event claim), so retrying is safe; two is Lambda's maximum.
 */
export const ASYNC_RETRY_ATTEMPTS = 2;
/** A leaked key is worth containing hours late, so events are not dropped early… */
export const MAX_EVENT_AGE = Duration.hours(6);

export interface LeakedKeyResponderProps {
  readonly config: ResponderConfig;
  readonly table: ITable;
  readonly notifications: IncidentTopic;
  /** Receives the invocation record once Lambda has given up on an event. */
  readonly failureQueue: IQueue;
  /**
   * Optional reserved concurrency. Off by default: new accounts have a concurrency quota of 10 and
   * Lambda refuses any reservation that leaves fewer than 10 unreserved, so a default reservation
   * would break first deployments; the blast-radius budget, not concurrency, caps what the responder
   * does. Reserve a few (e.g. 5) in a mature account so that an intruder exhausting the account's
   * concurrency with their own functions cannot throttle the responder.
   */
  readonly reservedConcurrency?: number;
}

export class LeakedKeyResponder extends Construct {
  readonly function: NodejsFunction;
  readonly role: ResponderRole;

  constructor(scope: Construct, id: string, props: LeakedKeyResponderProps) {
    super(scope, id);
    // First: a config too large for the environment is the error to report, before any other.
    const environment = handlerEnvironment({
      config: props.config,
      table: props.table,
      topic: props.notifications.topic,
    });

    const logGroup = evidenceLogGroup(this, 'Logs');
    this.role = new ResponderRole(this, 'Permissions', {
      protectedPrincipals: props.config.protectedPrincipals,
      logGroup,
      table: props.table,
      topic: props.notifications.topic,
      topicKey: props.notifications.key,
      failureQueue: props.failureQueue,
      ses: props.config.ses,
    });

    this.function = new NodejsFunction(this, 'Function', {
      description: 'ato-responder: contains leaked AWS access keys within seconds of the first signal',
      ...handlerFunctionProps('respond.ts'),
      memorySize: 256,
      // Containment is one IAM call; the rest (snapshot, record, notify) is a handful more. A minute
      // leaves room for IAM throttling back-off without letting a stuck call run for 15.
      // Keep below CLAIM_LEASE_SECONDS (lambdas/core/respond.ts): a timed-out run's claim must
      // have expired when Lambda's retry arrives.
      timeout: Duration.seconds(60),
      role: this.role.role,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: sendToQueue(props.failureQueue),
      environment: {
        ...environment,
        // Signals about another account (an organization's Health view) must not drive this account's IAM.
        ATO_ACCOUNT_ID: Stack.of(this).account,
        // Its own calls (the SES pause above all) come back through CloudTrail: never detections.
        ATO_ROLE_ARN: this.role.role.roleArn,
      },
    });
    acknowledgeRuntime(this.function);
  }
}

/**
 * Lambda's on-failure destination as a bare queue ARN. The stock SqsDestination would also grant
 * sqs:GetQueueAttributes and sqs:GetQueueUrl; ResponderRole grants only sqs:SendMessage.
 */
function sendToQueue(queue: IQueue): IDestination {
  return { bind: () => ({ destination: queue.queueArn }) };
}
