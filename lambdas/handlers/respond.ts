/** The responder Lambda: EventBridge (Health, GuardDuty, Trusted Advisor, CloudTrail) → contain. */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { respondToEvent } from '../core/respond-to-event';
import { normalize } from '../sources';
import { responderDependencies } from './dependencies';
import { lambdaRuleContext } from './detection-context';

const logger = new Logger({ serviceName: 'ato-responder' });
const deps = responderDependencies(process.env);
const rules = lambdaRuleContext(deps.config);

export const handler = middy((event: unknown) =>
  respondToEvent(event, (e) => normalize(e, rules), deps, logger),
).use(injectLambdaContext(logger, { clearState: true }));
