/** The responder Lambda: EventBridge (Health, GuardDuty, Trusted Advisor, CloudTrail) → contain. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { responderDependencies } from './dependencies';
import { respondToEvent } from '../core/respond-to-event';
import { normalize } from '../sources';

const logger = new Logger({ serviceName: 'ato-responder' });
const deps = responderDependencies(process.env);

export const handler = middy((event: unknown) => respondToEvent(event, normalize, deps, logger)).use(
  injectLambdaContext(logger, { clearState: true }),
);
