/**
 * The incident topic's Slack subscriber: each notification names its incident (message attribute);
 * the incident's one thread is brought up to date and the runbooks of its new approvals started.
 * SNS invokes it asynchronously: a failure is retried by Lambda, and every step is idempotent.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { onIncidentNotified } from '../core/slack-notified';
import { notifiedIncidentsOf } from '../sources/sns-notification';
import { required, responderDependencies } from './dependencies';
import { slackDependencies } from './slack-dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const env = process.env;
const base = responderDependencies(env);
const { slack, runbooks } = slackDependencies(env);
const deps = {
  store: base.store,
  clock: base.clock,
  slack,
  runbooks,
  channel: required(env, 'ATO_SLACK_CHANNEL'),
};

export const handler = middy(async (event: unknown) => {
  const { incidentIds, skipped } = notifiedIncidentsOf(event);
  for (const reason of skipped) logger.warn('notification without an incident', { reason });
  for (const incidentId of incidentIds) {
    const outcome = await onIncidentNotified(incidentId, deps);
    logger.info('slack thread', { ...outcome });
  }
}).use(injectLambdaContext(logger, { clearState: true }));
