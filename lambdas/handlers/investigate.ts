/**
 * The key investigator Lambda: the investigation queue (a deactivation, delayed by the scheduler until
 * CloudTrail's history has caught up) → investigate the key → evidence, approvals, report.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { investigateQueued } from './investigate-deactivation';
import { investigatorDependencies } from './investigator-dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const deps = investigatorDependencies(process.env);

/** Time kept back to publish the report and record it after reading stops. */
const REPORT_MARGIN_MS = 90_000;

export const handler = middy((event: unknown, context: Context) =>
  investigateQueued(
    event,
    { ...deps, deadline: new Date(Date.now() + context.getRemainingTimeInMillis() - REPORT_MARGIN_MS) },
    logger,
  ),
).use(injectLambdaContext(logger, { clearState: true }));
