/**
 * What the runbooks' step Lambda acts with, besides the responder's own collaborators: the IAM
 * removals a person approved, the Twilio account's changes from its secret (read afresh at each call,
 * rewritten by a token reset), the SendGrid approver key's removals, the SES alarms a resume checks
 * first, the Slack thread and the runbooks. Built once per container; the SendGrid approver key is
 * read when an approved step runs.
 */
import type { AlarmStatePort } from '../core/ports';
import type { RunbookStepDeps } from '../core/runbook-steps';
import { createIamClient } from '../providers/aws/clients';
import { AwsIamRemovals } from '../providers/aws/iam-removals';
import { CachedSecret, WritableSecret, createSecretsManagerClient } from '../providers/aws/secret-value';
import { sendGridAdminFromSecret } from '../providers/sendgrid/sendgrid-ports';
import { sendGridBaseUrl } from '../providers/sendgrid/sendgrid-http';
import { twilioBaseUrls } from '../providers/twilio/twilio-http';
import { twilioAdminFromSecret, twilioFromSecret } from '../providers/twilio/twilio-from-secret';
import { responderDependencies } from './dependencies';
import { slackDependencies } from './slack-dependencies';

export function runbookStepDependencies(
  env: NodeJS.ProcessEnv,
  warn: RunbookStepDeps['warn'],
): { deps: RunbookStepDeps; forExecution: () => Promise<Partial<RunbookStepDeps>> } {
  const base = responderDependencies(env);
  const { slack, runbooks } = slackDependencies(env);
  const secrets = createSecretsManagerClient();
  const { accountSid } = base.config.twilio;
  const channel = base.config.slack.channel;
  const twilioArn = env.ATO_TWILIO_SECRET_ARN;
  // No cache: a step after a token reset must not call Twilio with the token it just replaced.
  const twilioSecret = twilioArn ? new CachedSecret(secrets, twilioArn, 0) : undefined;
  const twilio =
    twilioArn && twilioSecret && accountSid
      ? {
          ...twilioFromSecret(accountSid, () => twilioSecret.value(), twilioBaseUrls(env)),
          twilioAdmin: twilioAdminFromSecret(accountSid, () => twilioSecret.value(), twilioBaseUrls(env)),
          twilioSecret: new WritableSecret(secrets, twilioArn),
        }
      : {};
  const approverArn = env.ATO_SENDGRID_APPROVER_SECRET_ARN;
  const approverSecret = approverArn ? new CachedSecret(secrets, approverArn) : undefined;
  return {
    deps: {
      ...base,
      ...twilio,
      // The role grants these removals to this Lambda alone (lib/slack-runbooks.ts, `removals`).
      iamRemovals: new AwsIamRemovals(createIamClient()),
      alarms: lazyAlarms(),
      runbooks,
      ...(channel ? { thread: { slack, channel } } : {}),
      warn,
    },
    // An unreadable approver key fails nothing else: SendGrid steps then say they have no access.
    forExecution: async () => {
      if (!approverSecret) return {};
      try {
        return sendGridAdminFromSecret(await approverSecret.value(), sendGridBaseUrl(env));
      } catch (error) {
        warn('the SendGrid approver key could not be read', error);
        return {};
      }
    },
  };
}

/** CloudWatch loads on the first resume only: the other steps never pay for its client. */
function lazyAlarms(): AlarmStatePort {
  let loading: Promise<AlarmStatePort> | undefined;
  const load = () =>
    (loading ??= Promise.all([
      import('@aws-sdk/client-cloudwatch'),
      import('../providers/aws/cloudwatch-alarms'),
      import('../providers/aws/clients'),
    ]).then(
      ([{ CloudWatchClient }, { CloudWatchAlarms }, { createClient }]) =>
        new CloudWatchAlarms((region) => createClient(CloudWatchClient, region)),
    ));
  return { alarmsInAlarm: async (region, prefix) => (await load()).alarmsInAlarm(region, prefix) };
}
