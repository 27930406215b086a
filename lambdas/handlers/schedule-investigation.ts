/**
 * The investigation scheduler Lambda: the incident table's stream (deactivations only, by the event
 * source mapping's filter) → the investigation queue, delayed until CloudTrail's history has caught up.
 * Its own small function, so the stream's reader holds no CloudTrail or IAM permission.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { SqsInvestigationQueue } from '../providers/aws/investigation-queue';
import { createSqsClient } from '../providers/aws/investigation-clients';
import { configFromEnv, required } from './dependencies';
import { scheduleFromStream } from './investigate-deactivation';

const logger = new Logger({ serviceName: 'ato-responder' });
const deps = {
  queue: new SqsInvestigationQueue(createSqsClient(), required(process.env, 'ATO_INVESTIGATION_QUEUE_URL')),
  clock: { now: () => new Date() },
  delayMinutes: configFromEnv(process.env).investigation.delayMinutes,
};

export const handler = middy((event: unknown) => scheduleFromStream(event, deps, logger)).use(
  injectLambdaContext(logger, { clearState: true }),
);
