/**
 * What the handlers beside the responder share (the Twilio and SendGrid webhooks, the scheduled
 * audit): a role of their own that may record incidents, notify and write its own log group, and
 * to which each construct adds, statement by statement, only what is its own (a secret to read).
 *
 * The role and its log group are made in the caller's scope, under the ids the caller picks: the
 * Twilio webhook's role, log group and function keep the logical ids they were deployed with (a
 * replaced function would change the URL configured in Twilio).
 */
import { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import { handlerEnvironment, handlerFunctionProps } from './handler-function';
import { BY_KIND_INDEX } from './incident-table';
import type { IncidentTopic } from './incident-topic';
import { STORE_ACTIONS } from './responder-role';

/** What every such handler is given by the stack. */
export interface RecordingHandlerProps {
  readonly config: ResponderConfig;
  readonly table: ITable;
  readonly notifications: IncidentTopic;
}

export interface HandlerRoleProps {
  /** What the handler does, as the role's description shows it in IAM. */
  readonly description: string;
  readonly table: ITable;
  readonly notifications: IncidentTopic;
  readonly logGroup: ILogGroup;
}

export class HandlerRole extends Role {
  constructor(scope: Construct, id: string, props: HandlerRoleProps) {
    // No AWSLambdaBasicExecutionRole: its logs actions on `*` are replaced by WriteOwnLogs below.
    super(scope, id, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.allow('RecordIncidents', STORE_ACTIONS, [
      props.table.tableArn,
      `${props.table.tableArn}/index/${BY_KIND_INDEX}`,
    ]);
    this.allow('NotifyPeople', ['sns:Publish'], [props.notifications.topic.topicArn]);
    // The key is for SNS messages only, not a general-purpose decryption oracle.
    this.allow(
      'EncryptNotifications',
      ['kms:GenerateDataKey', 'kms:Decrypt'],
      [props.notifications.key.keyArn],
      {
        StringEquals: { 'kms:ViaService': `sns.${Stack.of(this).region}.amazonaws.com` },
      },
    );
    this.allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [props.logGroup.logGroupArn]);
  }

  /** One Allow statement, named by its sid so a reviewer reads the policy as a list of purposes. */
  allow(sid: string, actions: string[], resources: string[], conditions?: Record<string, unknown>): void {
    this.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources, conditions }));
  }

  /** GetSecretValue on exactly these secrets, nothing more (no Put: the handlers only read). */
  allowSecretReads(sid: string, secrets: readonly ISecret[]): void {
    this.allow(
      sid,
      ['secretsmanager:GetSecretValue'],
      secrets.map((secret) => secret.secretArn),
    );
  }
}

export interface RecordingFunctionProps extends RecordingHandlerProps {
  readonly role: HandlerRole;
  readonly logGroup: ILogGroup;
  /** Added to handlerEnvironment's variables: the handler's own (its secrets' ARNs). */
  readonly environment?: Record<string, string>;
}

/**
 * The props of a handler in `lambdas/handlers/<file>` running with a HandlerRole: the stack's
 * bundling and runtime, 256 MB, the role and log group, and the common environment plus its own.
 * The caller adds its description and timeout.
 */
export function recordingFunctionProps(file: string, props: RecordingFunctionProps): NodejsFunctionProps {
  return {
    ...handlerFunctionProps(file),
    memorySize: 256,
    role: props.role,
    logGroup: props.logGroup,
    environment: {
      ...handlerEnvironment({ config: props.config, table: props.table, topic: props.notifications.topic }),
      ...props.environment,
    },
  };
}
