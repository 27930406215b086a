/** The responder Lambda: EventBridge (Health, GuardDuty, Trusted Advisor, CloudTrail) → contain. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { respondToEvent } from '../core/respond-to-event';
import { responderDependencies } from './dependencies';
import { lambdaNormalizer } from './detection-context';

const logger = new Logger({ serviceName: 'ato-responder' });
const { baseline, ...deps } = responderDependencies(process.env);
const normalize = lambdaNormalizer(deps.config, baseline, process.env.ATO_ROLE_ARN);

export const handler = middy((event: unknown) => respondToEvent(event, normalize, deps, logger)).use(
  injectLambdaContext(logger, { clearState: true }),
);
