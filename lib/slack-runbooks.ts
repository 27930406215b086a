/**
 * Slack-approved runbooks (config `slack.enabled`): the Slack app's secret, the runbooks' state
 * machines and their step Lambda, the Slack endpoint (a function URL for clicks and `/ato`), and the
 * incident topic's Slack subscriber that keeps one thread per incident.
 *
 * Roles, each for its job:
 * - the endpoint: record (store), read the Slack secret, start the runbooks and answer their approval
 *   steps (states:StartExecution, SendTaskSuccess, SendTaskFailure on these machines only);
 * - the thread subscriber: read the store and the Slack secret, start the runbooks;
 * - the step Lambda: the responder's own containment role (protected principals denied) with the IAM
 *   removals an approval may carry out, the Slack secret, the Twilio secret when Twilio is set up (read,
 *   and rewritten by an approved token reset), the SendGrid approver key's own secret, the SES alarms
 *   a resume reads first, and the task responses (an approval decided by `ato approve` before its
 *   runbook asked answers its own token).
 * The URL has no IAM auth (Slack cannot sign AWS requests): every request is authenticated by its
 * signature first. The secret starts random: until an operator puts the app's values in it, every
 * request is refused and nothing is posted.
 */
import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SES_ALARM_PREFIX } from '../lambdas/core/ses-alarms';
import {
  acknowledgeRuntime,
  evidenceLogGroup,
  handlerEnvironment,
  handlerFunctionProps,
} from './handler-function';
import { HandlerRole, type RecordingHandlerProps, recordingFunctionProps } from './handler-role';
import { ResponderRole } from './responder-role';
import { Runbooks } from './runbooks';

export interface SlackRunbooksProps extends RecordingHandlerProps {
  readonly investigationQueue: IQueue;
  /** Where the step Lambda's failed async invocations would go (the responder role grants it). */
  readonly failureQueue: IQueue;
  /** The Twilio secret, when Twilio is set up: the twilio-lockdown runbook changes Twilio with it. */
  readonly twilioSecret?: ISecret;
}

export class SlackRunbooks extends Construct {
  readonly secret: Secret;
  /** With config sendgrid.enabled: the key approved SendGrid removals run with (not the audit's read-only one). */
  readonly sendGridApproverSecret?: Secret;
  readonly runbooks: Runbooks;
  readonly stepFunction: NodejsFunction;
  /** The step function's role: the responder's, with what approved changes need besides. */
  readonly stepRole: ResponderRole;
  readonly endpoint: NodejsFunction;
  readonly endpointRole: HandlerRole;
  readonly threadFunction: NodejsFunction;
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: SlackRunbooksProps) {
    super(scope, id);
    const { config } = props;
    this.secret = new Secret(this, 'AppSecret', {
      description:
        'ato-responder: the Slack app, as JSON {"signingSecret": "...", "botToken": "xoxb-..."}; while ' +
        'the signing secret is rotated also "previousSigningSecret"',
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Slack's signing secret and bot token are made in Slack (app settings) and copied here by a person; " +
        'a Secrets Manager rotation Lambda cannot rotate them.',
    });

    // The step Lambda: the responder's containment permissions, so an approved runbook can do
    // exactly what the automatic path can, and no more.
    const stepLogs = evidenceLogGroup(this, 'StepLogs');
    const stepRole = new ResponderRole(this, 'StepPermissions', {
      // What an investigation proposes and a person approved: delete rogue users, keys, policies.
      removals: true,
      protectedPrincipals: config.protectedPrincipals,
      logGroup: stepLogs,
      table: props.table,
      topic: props.notifications.topic,
      topicKey: props.notifications.key,
      failureQueue: props.failureQueue,
      ses: config.ses,
    });
    this.stepRole = stepRole;
    if (config.sendgrid.enabled) {
      this.sendGridApproverSecret = new Secret(this, 'SendGridApproverKey', {
        description:
          'ato-responder: the SendGrid API key the Slack-approved removals run with, as JSON {"apiKey": "SG...."}',
      });
      Validations.of(this.sendGridApproverSecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The SendGrid API key is made in SendGrid and put here by a person; a Secrets Manager rotation ' +
          'Lambda cannot rotate it.',
      });
    }
    const secretReads = [
      this.secret,
      ...(props.twilioSecret ? [props.twilioSecret] : []),
      ...(this.sendGridApproverSecret ? [this.sendGridApproverSecret] : []),
    ];
    stepRole.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadSlackAndAccountSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: secretReads.map((s) => s.secretArn),
      }),
    );
    if (props.twilioSecret)
      // An approved auth-token reset writes the new token to the secret before it promotes it.
      stepRole.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'RewriteTwilioSecretOnTokenReset',
          actions: ['secretsmanager:PutSecretValue'],
          resources: [props.twilioSecret.secretArn],
        }),
      );
    if (config.ses.regions.length) {
      const { account, partition } = Stack.of(this);
      // An approved resume reads the responder's SES alarms first (metric alarms: scoped ARNs suffice).
      stepRole.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'ReadSesAlarmsBeforeResume',
          actions: ['cloudwatch:DescribeAlarms'],
          resources: config.ses.regions.map(
            (region) => `arn:${partition}:cloudwatch:${region}:${account}:alarm:${SES_ALARM_PREFIX}*`,
          ),
        }),
      );
    }
    this.stepFunction = new NodejsFunction(this, 'StepFunction', {
      description: 'ato-responder: the steps of the Slack-approved runbooks (ask, carry out, record)',
      ...handlerFunctionProps('runbook-step.ts'),
      memorySize: 256,
      // Within the state machine's 5-minute step timeout.
      timeout: Duration.minutes(4),
      role: stepRole.role,
      logGroup: stepLogs,
      environment: {
        ...handlerEnvironment({ config, table: props.table, topic: props.notifications.topic }),
        ATO_SLACK_SECRET_ARN: this.secret.secretArn,
        ...(props.twilioSecret ? { ATO_TWILIO_SECRET_ARN: props.twilioSecret.secretArn } : {}),
        ...(this.sendGridApproverSecret
          ? { ATO_SENDGRID_APPROVER_SECRET_ARN: this.sendGridApproverSecret.secretArn }
          : {}),
        ATO_ACCOUNT_ID: Stack.of(this).account,
      },
    });
    acknowledgeRuntime(this.stepFunction);

    this.runbooks = new Runbooks(this, 'Runbooks', {
      stepFunction: this.stepFunction,
      investigationQueue: props.investigationQueue,
      approvalTimeout: Duration.minutes(config.slack.approvalMinutes),
    });
    // Not the role's default policy: the function depends on that one, and the machines on the
    // function, so the task responses go in a policy of their own (no dependency cycle).
    new Policy(this, 'StepAnswersOwnApprovals', {
      roles: [stepRole.role],
      statements: [
        new PolicyStatement({
          sid: 'AnswerApprovalDecidedElsewhere',
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: this.runbooks.stateMachineArns,
        }),
      ],
    });
    const runbookArns = Stack.of(this).toJsonString(
      Object.fromEntries(
        Object.entries(this.runbooks.machines).map(([name, m]) => [name, m.stateMachineArn]),
      ),
    );

    const endpointLogs = evidenceLogGroup(this, 'EndpointLogs');
    this.endpointRole = new HandlerRole(this, 'EndpointRole', {
      description: 'ato-responder: Slack endpoint (verify, decide approvals, start runbooks)',
      table: props.table,
      notifications: props.notifications,
      logGroup: endpointLogs,
    });
    this.endpointRole.allowSecretReads('ReadSlackSecret', [this.secret]);
    this.runbooks.grantStartExecution(this.endpointRole);
    this.runbooks.grantTaskResponse(this.endpointRole);
    this.endpoint = new NodejsFunction(this, 'Endpoint', {
      description: "ato-responder: Slack's signed clicks and /ato commands, answered within 3 seconds",
      ...recordingFunctionProps('slack.ts', {
        ...props,
        role: this.endpointRole,
        logGroup: endpointLogs,
        environment: {
          ATO_SLACK_SECRET_ARN: this.secret.secretArn,
          ATO_RUNBOOK_ARNS: runbookArns,
          ATO_ACCOUNT_ID: Stack.of(this).account,
        },
      }),
      // Slack waits 3 s; the hand-off is a few store calls and one Step Functions call.
      timeout: Duration.seconds(10),
    });
    acknowledgeRuntime(this.endpoint);
    this.url = this.endpoint.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    const threadLogs = evidenceLogGroup(this, 'ThreadLogs');
    const threadRole = new HandlerRole(this, 'ThreadRole', {
      description: 'ato-responder: one Slack thread per incident (post, update, start runbooks)',
      table: props.table,
      notifications: props.notifications,
      logGroup: threadLogs,
    });
    threadRole.allowSecretReads('ReadSlackSecret', [this.secret]);
    this.runbooks.grantStartExecution(threadRole);
    this.threadFunction = new NodejsFunction(this, 'ThreadFunction', {
      description: 'ato-responder: keeps each incident in one Slack thread, starts the runbooks it waits for',
      ...recordingFunctionProps('slack-thread.ts', {
        ...props,
        role: threadRole,
        logGroup: threadLogs,
        environment: {
          ATO_SLACK_SECRET_ARN: this.secret.secretArn,
          ATO_RUNBOOK_ARNS: runbookArns,
          ATO_SLACK_CHANNEL: config.slack.channel ?? '',
        },
      }),
      timeout: Duration.seconds(60),
    });
    acknowledgeRuntime(this.threadFunction);
    this.threadFunction.addEventSource(new SnsEventSource(props.notifications.topic));

    new CfnOutput(this, 'Url', {
      description: "The Slack app's Interactivity Request URL and the /ato command's Request URL",
      value: this.url.url,
    });
    if (this.sendGridApproverSecret)
      new CfnOutput(this, 'SendGridApproverSecretArn', {
        description:
          'The SendGrid key Slack-approved removals use: put {"apiKey": "SG...."} here (scopes in the README)',
        value: this.sendGridApproverSecret.secretArn,
      });
    new CfnOutput(this, 'SecretArn', {
      description: 'The Slack secret: put {"signingSecret": "...", "botToken": "xoxb-..."} here',
      value: this.secret.secretArn,
    });
  }
}
