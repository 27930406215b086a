/** The Twilio usage-trigger webhook Lambda (function URL): verify the signature, then record and notify. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { respondToWebhook } from '../core/respond-to-webhook';
import { CachedSecret, createSecretsManagerClient } from '../providers/aws/secret-value';
import { twilioBaseUrls } from '../providers/twilio/twilio-http';
import { twilioFromSecret } from '../providers/twilio/twilio-from-secret';
import { twilioUsageWebhook } from '../sources/twilio-webhook';
import { required, responderDependencies } from './dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const secret = new CachedSecret(createSecretsManagerClient(), required(process.env, 'ATO_TWILIO_SECRET_ARN'));
const base = responderDependencies(process.env);
const { accountSid } = base.config.twilio;
const deps = accountSid
  ? { ...base, ...twilioFromSecret(accountSid, () => secret.value(), twilioBaseUrls(process.env)) }
  : base;
const flow = twilioUsageWebhook({
  secret: () => secret.value(),
  freshSecret: () => secret.refreshed(),
  ...(deps.config.twilio.webhookUrl ? { publicUrl: deps.config.twilio.webhookUrl } : {}),
  now: () => new Date(),
});

export const handler = middy((event: unknown) => respondToWebhook(event, flow, deps, logger)).use(
  injectLambdaContext(logger, { clearState: true }),
);
