/**
 * The key investigator Lambda: the incident table's stream (deactivations only, by the event
 * source mapping's filter) → investigate the key → evidence, approvals, report.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { investigateStreamEvent } from './investigate-deactivation';
import { investigatorDependencies } from './investigator-dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const deps = investigatorDependencies(process.env);

export const handler = middy((event: unknown) => investigateStreamEvent(event, deps, logger)).use(
  injectLambdaContext(logger, { clearState: true }),
);
