/**
 * The Slack endpoint Lambda (function URL): Slack's signed button clicks and `/ato` slash commands.
 * Verify, authorize, record, hand off to the runbook's state machine; answer within 3 seconds.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { respondToSlack } from '../sources/slack-endpoint';
import { required, responderDependencies } from './dependencies';
import { slackDependencies } from './slack-dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const env = process.env;
const base = responderDependencies(env);
const { secret, slack, runbooks } = slackDependencies(env);
const deps = {
  secret,
  slack,
  now: () => new Date(),
  log: logger,
  interaction: {
    store: base.store,
    clock: base.clock,
    config: base.config,
    runbooks,
    accountId: base.accountId ?? 'unknown',
    region: required(env, 'AWS_REGION'),
  },
};

export const handler = middy((event: unknown) => respondToSlack(event, deps)).use(
  injectLambdaContext(logger, { clearState: true }),
);
