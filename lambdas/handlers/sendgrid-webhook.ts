/** SendGrid's signed Event Webhook Lambda (function URL): verify the signature, then look for a spike. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { respondToWebhook } from '../core/respond-to-webhook';
import { sendGridEventWebhook } from '../sources/sendgrid-webhook';
import { CachedSecret, createSecretsManagerClient } from '../providers/aws/secret-value';
import { sendGridBaseUrl } from '../providers/sendgrid/sendgrid-http';
import { sendGridAuditFromSecret } from '../providers/sendgrid/sendgrid-ports';
import { responderDependencies } from './dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const base = responderDependencies(process.env);
const secretArn = process.env.ATO_SENDGRID_SECRET_ARN;
const secret = secretArn ? new CachedSecret(createSecretsManagerClient(), secretArn) : undefined;
// The audit a spike starts reads the account with the scheduled audit's key, where there is one.
const deps = secret
  ? { ...base, sendGridAudit: sendGridAuditFromSecret(() => secret.value(), sendGridBaseUrl(process.env)) }
  : base;
const { eventWebhook } = deps.config.sendgrid;
// Without a key no signature verifies: every request is refused, none is read.
const flow = sendGridEventWebhook({
  publicKey: eventWebhook.publicKey ?? '',
  spike: eventWebhook,
  now: () => new Date(),
});

export const handler = middy((event: unknown) => respondToWebhook(event, flow, deps, logger)).use(
  injectLambdaContext(logger, { clearState: true }),
);
