/**
 * The scheduled audit Lambda (EventBridge schedule, config sendgrid.auditEveryMinutes): reads the
 * SendGrid account and, when the Twilio webhook is deployed, the Twilio account; what is new since the
 * last run opens an incident. A failed account is logged and fails the invocation (the function's
 * error alarm), after the other account was audited.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { runScheduledAudit } from '../core/scheduled-audit';
import { CachedSecret, createSecretsManagerClient } from '../providers/aws/secret-value';
import { sendGridAuditFromSecret } from '../providers/sendgrid/sendgrid-ports';
import { sendGridBaseUrl } from '../providers/sendgrid/sendgrid-http';
import { twilioBaseUrls } from '../providers/twilio/twilio-http';
import { twilioFromSecret } from '../providers/twilio/twilio-from-secret';
import { inventoryChangeSignal } from '../sources/inventory-change';
import { responderDependencies } from './dependencies';

const logger = new Logger({ serviceName: 'ato-responder' });
const env = process.env;
const base = responderDependencies(env);
const secrets = createSecretsManagerClient();
const sendGridSecret = env.ATO_SENDGRID_SECRET_ARN
  ? new CachedSecret(secrets, env.ATO_SENDGRID_SECRET_ARN)
  : undefined;
const twilioSecret = env.ATO_TWILIO_SECRET_ARN
  ? new CachedSecret(secrets, env.ATO_TWILIO_SECRET_ARN)
  : undefined;
const { accountSid } = base.config.twilio;
const deps = {
  ...base,
  ...(sendGridSecret
    ? { sendGridAudit: sendGridAuditFromSecret(() => sendGridSecret.value(), sendGridBaseUrl(env)) }
    : {}),
  ...(twilioSecret && accountSid
    ? twilioFromSecret(accountSid, () => twilioSecret.value(), twilioBaseUrls(env))
    : {}),
  signalFor: inventoryChangeSignal,
};

export const handler = middy(async () => {
  const audits = await runScheduledAudit(deps);
  for (const audit of audits) {
    const fields = {
      provider: audit.provider,
      account: audit.account,
      result: audit.result,
      changes: audit.changes.length,
    };
    if (audit.result === 'failed') logger.error('scheduled audit failed', { ...fields, error: audit.error });
    else if (audit.result === 'not-set-up')
      logger.warn('scheduled audit not set up: put the credentials in the secret', {
        ...fields,
        error: audit.error,
      });
    else
      logger.info('scheduled audit', {
        ...fields,
        ...(audit.incidentId ? { incidentId: audit.incidentId } : {}),
      });
  }
  const failed = audits.filter((a) => a.result === 'failed');
  if (failed.length)
    throw new Error(`scheduled audit failed for ${failed.map((a) => a.provider).join(', ')}`);
  return audits.map(({ provider, account, result, changes, incidentId }) => ({
    provider,
    account,
    result,
    changes: changes.length,
    ...(incidentId ? { incidentId } : {}),
  }));
}).use(injectLambdaContext(logger, { clearState: true }));
