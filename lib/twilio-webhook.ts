/**
 * The Twilio usage-trigger webhook (config `twilio.enabled`): a function URL that Twilio's usage
 * triggers call, the function behind it, the secret holding the auth token it checks signatures
 * with, and a role that may read that secret, record incidents and notify — nothing else.
 *
 * The URL has no IAM auth (Twilio cannot sign AWS requests): every request is authenticated by its
 * `X-Twilio-Signature` before anything else is read or written (lambdas/sources/twilio-webhook.ts).
 * The secret starts as a random value, which no signature matches: until an operator puts the auth
 * token in it, every request is refused.
 */
import { CfnOutput, Duration, Validations } from 'aws-cdk-lib';
import { FunctionUrlAuthType, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeRuntime, evidenceLogGroup } from './handler-function';
import { HandlerRole, type RecordingHandlerProps, recordingFunctionProps } from './handler-role';

export type TwilioWebhookProps = RecordingHandlerProps;

export class TwilioWebhook extends Construct {
  readonly function: NodejsFunction;
  readonly url: FunctionUrl;
  readonly secret: Secret;
  readonly role: HandlerRole;

  constructor(scope: Construct, id: string, props: TwilioWebhookProps) {
    super(scope, id);
    this.secret = new Secret(this, 'AuthToken', {
      description:
        'ato-responder: Twilio auth token, as JSON {"authToken": "..."}; during a rotation also ' +
        '"previousAuthToken" and "previousValidUntil" (ISO time)',
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "Twilio's auth token is rotated in Twilio (secondary token, then promote) and copied here by a " +
        'person; a Secrets Manager rotation Lambda cannot rotate it.',
    });

    const logGroup = evidenceLogGroup(this, 'Logs');
    this.role = new HandlerRole(this, 'Role', {
      description: 'ato-responder: Twilio usage-trigger webhook (verify, record, notify)',
      table: props.table,
      notifications: props.notifications,
      logGroup,
    });
    this.role.allowSecretReads('ReadTwilioAuthToken', [this.secret]);

    this.function = new NodejsFunction(this, 'Function', {
      description: 'ato-responder: Twilio usage-trigger webhook, signature checked before anything else',
      ...recordingFunctionProps('twilio-webhook.ts', {
        ...props,
        role: this.role,
        logGroup,
        environment: { ATO_TWILIO_SECRET_ARN: this.secret.secretArn },
      }),
      // Twilio stops waiting after 15 s, but the run goes on: the lockdown, the audit and the
      // notification finish even when the answer comes late.
      timeout: Duration.seconds(60),
    });
    acknowledgeRuntime(this.function);
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    new CfnOutput(this, 'Url', {
      description: 'The URL to give Twilio usage triggers as their callback (or put behind your own domain)',
      value: this.url.url,
    });
    new CfnOutput(this, 'SecretArn', {
      description:
        'The Twilio secret: put the auth token (and API key) here; ATO_TWILIO_SECRET_ID for `ato approve` of a token reset',
      value: this.secret.secretArn,
    });
  }
}
