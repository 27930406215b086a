/**
 * The runbooks' step Lambda (lib/runbooks.ts invokes it from every state machine): ask for an
 * approval, carry out what was approved, record a denial or an expiry. The input is the state
 * machine's payload, checked before anything is read.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { runbookStep } from '../core/runbook-steps';
import { runbookStepInputOf } from '../sources/runbook-step-input';
import { twilioBaseUrls } from '../providers/twilio/twilio-http';
import { twilioFromSecret } from '../providers/twilio/twilio-from-secret';
import { CachedSecret, createSecretsManagerClient } from '../providers/aws/secret-value';
import { responderDependencies } from './dependencies';
import { slackDependencies } from './slack-dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const env = process.env;
const base = responderDependencies(env);
const { slack, runbooks } = slackDependencies(env);
const twilioSecret = env.ATO_TWILIO_SECRET_ARN
  ? new CachedSecret(createSecretsManagerClient(), env.ATO_TWILIO_SECRET_ARN)
  : undefined;
const { accountSid } = base.config.twilio;
const channel = base.config.slack.channel;
const deps = {
  ...base,
  ...(twilioSecret && accountSid
    ? twilioFromSecret(accountSid, () => twilioSecret.value(), twilioBaseUrls(env))
    : {}),
  runbooks,
  ...(channel ? { thread: { slack, channel } } : {}),
  warn: (message: string, error: unknown) =>
    logger.warn(message, { reason: error instanceof Error ? error.message : String(error) }),
};

export const handler = middy(async (event: unknown) => {
  const input = runbookStepInputOf(event);
  if (!input.ok) throw new Error(`not a runbook step: ${input.reason}`);
  const result = await runbookStep(input.value, deps);
  logger.info('runbook step', { step: input.value.step, runbook: input.value.runbook, ...result });
  return result;
}).use(injectLambdaContext(logger, { clearState: true }));
