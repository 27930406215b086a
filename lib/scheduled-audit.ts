/**
 * The scheduled audit (config `sendgrid.enabled` or `twilio.enabled`): every
 * `scheduledAudit.everyMinutes` an EventBridge schedule runs a function that reads the SendGrid
 * account and, with the Twilio webhook deployed, the Twilio account; what is new since the last run
 * opens an incident (lambdas/handlers/scheduled-audit.ts).
 *
 * Its role may read exactly the secrets of the accounts it audits, record, and notify — nothing else.
 * The SendGrid secret is made here and starts as a random value, which SendGrid refuses: until an
 * operator puts the API key in it, the SendGrid audit fails (and says so in the logs).
 */
import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeRuntime, evidenceLogGroup } from './handler-function';
import { HandlerRole, type RecordingHandlerProps, recordingFunctionProps } from './handler-role';

export interface ScheduledAuditProps extends RecordingHandlerProps {
  /** The Twilio webhook's secret (auth token, API key), with config twilio.enabled: the Twilio account is audited too. */
  readonly twilioSecret?: ISecret;
  /** Where EventBridge parks a scheduled run it could not hand to Lambda, as for the responder's rules. */
  readonly deadLetterQueue: IQueue;
}

export class ScheduledAudit extends Construct {
  readonly function: NodejsFunction;
  readonly role: HandlerRole;
  readonly schedule: Rule;
  /** With config sendgrid.enabled: the API key the audit (and the SendGrid webhook's audits) read. */
  readonly sendGridSecret?: Secret;

  constructor(scope: Construct, id: string, props: ScheduledAuditProps) {
    super(scope, id);
    const environment: Record<string, string> = {};
    const secrets: ISecret[] = [];
    if (props.config.sendgrid.enabled) {
      this.sendGridSecret = new Secret(this, 'SendGridApiKey', {
        description: 'ato-responder: SendGrid API key, as JSON {"apiKey": "SG...."} or the key alone',
      });
      Validations.of(this.sendGridSecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The SendGrid API key is made in SendGrid and put here by a person; a Secrets Manager rotation ' +
          'Lambda cannot rotate it.',
      });
      environment.ATO_SENDGRID_SECRET_ARN = this.sendGridSecret.secretArn;
      secrets.push(this.sendGridSecret);
      new CfnOutput(this, 'SendGridSecretArn', {
        description: 'The SendGrid secret: put the API key here (JSON {"apiKey": "SG...."} or the key alone)',
        value: this.sendGridSecret.secretArn,
      });
    }
    if (props.twilioSecret) {
      environment.ATO_TWILIO_SECRET_ARN = props.twilioSecret.secretArn;
      secrets.push(props.twilioSecret);
    }

    const logGroup = evidenceLogGroup(this, 'Logs');
    this.role = new HandlerRole(this, 'Role', {
      description: 'ato-responder: scheduled SendGrid/Twilio audit (read the accounts, record, notify)',
      table: props.table,
      notifications: props.notifications,
      logGroup,
    });
    if (secrets.length) this.role.allowSecretReads('ReadAuditedAccountSecrets', secrets);

    this.function = new NodejsFunction(this, 'Function', {
      description:
        'ato-responder: scheduled audit of the SendGrid and Twilio accounts, what is new opens an incident',
      ...recordingFunctionProps('scheduled-audit.ts', { ...props, role: this.role, logGroup, environment }),
      // Two accounts read page by page (keys, teammates, subusers, numbers) with the providers'
      // back-off on 429s: seconds usually, minutes on a large or throttled account.
      timeout: Duration.minutes(5),
      // A failed run is not retried by Lambda either: the next run audits again, and the function's
      // errors are in its logs.
      retryAttempts: 0,
    });
    acknowledgeRuntime(this.function);

    this.schedule = new Rule(this, 'Schedule', {
      description: `ato-responder: the SendGrid/Twilio audit, every ${props.config.scheduledAudit.everyMinutes} minutes`,
      schedule: Schedule.rate(Duration.minutes(props.config.scheduledAudit.everyMinutes)),
      targets: [
        new LambdaFunction(this.function, {
          deadLetterQueue: props.deadLetterQueue,
          // The next run audits again: a late retry would only audit twice.
          retryAttempts: 0,
        }),
      ],
    });
  }
}
