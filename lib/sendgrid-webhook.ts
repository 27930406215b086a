/**
 * SendGrid's signed Event Webhook (config `sendgrid.eventWebhook.enabled`): a function URL that
 * SendGrid posts event batches to; a bounce or spam-report spike opens an incident
 * (lambdas/handlers/sendgrid-webhook.ts). With config sendgrid.enabled, the audit a spike starts
 * reads the account with the scheduled audit's API key, the one secret this role may read.
 *
 * The URL has no IAM auth (SendGrid cannot sign AWS requests): every request is authenticated by
 * SendGrid's ECDSA signature, with the public key from the config, before anything else is read or
 * written (lambdas/sources/sendgrid-webhook.ts).
 */
import { CfnOutput, Duration } from 'aws-cdk-lib';
import { type FunctionUrl, FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeRuntime, evidenceLogGroup } from './handler-function';
import { HandlerRole, type RecordingHandlerProps, recordingFunctionProps } from './handler-role';

export interface SendGridWebhookProps extends RecordingHandlerProps {
  /** The scheduled audit's SendGrid API key, with config sendgrid.enabled. */
  readonly sendGridSecret?: ISecret;
}

export class SendGridWebhook extends Construct {
  readonly function: NodejsFunction;
  readonly url: FunctionUrl;
  readonly role: HandlerRole;

  constructor(scope: Construct, id: string, props: SendGridWebhookProps) {
    super(scope, id);
    const logGroup = evidenceLogGroup(this, 'Logs');
    this.role = new HandlerRole(this, 'Role', {
      description: 'ato-responder: SendGrid Event Webhook (verify, record, notify)',
      table: props.table,
      notifications: props.notifications,
      logGroup,
    });
    const environment: Record<string, string> = {};
    if (props.sendGridSecret) {
      this.role.allowSecretReads('ReadSendGridApiKey', [props.sendGridSecret]);
      environment.ATO_SENDGRID_SECRET_ARN = props.sendGridSecret.secretArn;
    }

    this.function = new NodejsFunction(this, 'Function', {
      description: 'ato-responder: SendGrid Event Webhook, signature checked before anything else',
      ...recordingFunctionProps('sendgrid-webhook.ts', { ...props, role: this.role, logGroup, environment }),
      // As the Twilio webhook: room for the record, the notification and the audit a spike starts
      // (the SendGrid API, page by page), even when the caller has stopped waiting.
      timeout: Duration.seconds(60),
      // No reserved concurrency: a reservation of even a few fails the first deploy in a new account,
      // whose quota of 10 must stay unreserved (see LeakedKeyResponderProps.reservedConcurrency). A
      // request without SendGrid's signature is refused before any AWS call.
    });
    acknowledgeRuntime(this.function);
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    new CfnOutput(this, 'Url', {
      description:
        "The URL to give SendGrid's Event Webhook (Settings → Mail Settings), with signature verification on",
      value: this.url.url,
    });
  }
}
