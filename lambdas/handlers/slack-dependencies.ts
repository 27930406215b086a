/**
 * What the Slack-side Lambdas share, built once per container: the Slack app's secret (signing
 * secrets, bot token), the Slack Web API with that token, the runbooks' state machines.
 */
import { slackSecretOf, type SlackSecret } from '../core/slack-secret';
import { CachedSecret, createSecretsManagerClient } from '../providers/aws/secret-value';
import { StepFunctionsRunbooks, createSfnClient, runbookArnsFromEnv } from '../providers/aws/runbooks';
import { SlackWeb, slackApiUrl } from '../providers/slack/slack-web';
import { required } from './dependencies';

export function slackDependencies(env: NodeJS.ProcessEnv): {
  secret: () => Promise<SlackSecret>;
  slack: SlackWeb;
  runbooks: StepFunctionsRunbooks;
} {
  const cached = new CachedSecret(createSecretsManagerClient(), required(env, 'ATO_SLACK_SECRET_ARN'));
  const secret = async () => slackSecretOf(await cached.value());
  const slack = new SlackWeb({
    token: async () => {
      const { botToken } = await secret();
      if (!botToken) throw new Error('the Slack secret holds no bot token (xoxb-…)');
      return botToken;
    },
    baseUrl: slackApiUrl(env),
  });
  const arns = env.ATO_RUNBOOK_ARNS ? runbookArnsFromEnv(env) : undefined;
  return { secret, slack, runbooks: new StepFunctionsRunbooks(createSfnClient(), arns) };
}
