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
import { runbookStepDependencies } from './runbook-step-dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const { deps, forExecution } = runbookStepDependencies(process.env, (message, error) =>
  logger.warn(message, { reason: error instanceof Error ? error.message : String(error) }),
);

export const handler = middy(async (event: unknown) => {
  const input = runbookStepInputOf(event);
  if (!input.ok) throw new Error(`not a runbook step: ${input.reason}`);
  const step = input.value;
  const result = await runbookStep(
    step,
    step.step === 'execute' ? { ...deps, ...(await forExecution()) } : deps,
  );
  logger.info('runbook step', { step: step.step, runbook: step.runbook, ...result });
  return result;
}).use(injectLambdaContext(logger, { clearState: true }));
