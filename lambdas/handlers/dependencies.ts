/**
 * The responder Lambda's collaborators, built once per container from its environment: SDK
 * clients at module scope (Powertools style), config validated at cold start so a bad ATO_CONFIG
 * fails the init loudly rather than each event quietly.
 */
import type { ConfigInput, ResponderConfig } from '../core/config';
import { loadConfig } from '../core/config';
import type { RespondDeps } from '../core/respond';
import {
  createDynamoDbClient,
  createIamClient,
  createSesClient,
  createSnsClient,
  createSsmClient,
} from '../providers/aws/clients';
import { DynamoDbIncidentStore } from '../providers/aws/dynamodb-store';
import { DynamoDbBaselineStore } from '../providers/aws/dynamodb-baseline';
import type { StoredBaselineDeps } from '../sources/detection/stored-baseline';
import { AwsIam } from '../providers/aws/iam';
import { AwsSes } from '../providers/aws/ses';
import { AwsSesSenders } from '../providers/aws/ses-senders';
import { SnsNotifier } from '../providers/aws/sns';
import { SsmParameters } from '../providers/aws/ssm-parameters';

export function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the stack sets it)`);
  return value;
}

/** ATO_CONFIG, validated: a bad one fails the cold start, not each event. */
export function configFromEnv(env: NodeJS.ProcessEnv): ResponderConfig {
  let raw: ConfigInput;
  try {
    raw = JSON.parse(env.ATO_CONFIG ?? '{}') as ConfigInput;
  } catch (error) {
    throw new Error(`ATO_CONFIG is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return loadConfig(raw);
}

export function responderDependencies(
  env: NodeJS.ProcessEnv,
): RespondDeps & { baseline: StoredBaselineDeps } {
  const iamClient = createIamClient();
  const iam = new AwsIam(iamClient);
  const dynamoDb = createDynamoDbClient();
  const tableName = required(env, 'ATO_TABLE_NAME');
  const clock = { now: () => new Date() };
  const config = configFromEnv(env);
  return {
    config,
    iam,
    // Only where config asks for them (the role grants nothing else): otherwise recorded as skipped.
    ...(config.ses.regions.length
      ? { ses: new AwsSes(createSesClient), senders: new AwsSesSenders(iamClient) }
      : {}),
    ...(config.ses.failoverFlag ? { parameters: new SsmParameters(createSsmClient()) } : {}),
    store: new DynamoDbIncidentStore(dynamoDb, tableName),
    baseline: {
      store: new DynamoDbBaselineStore(dynamoDb, tableName),
      keyLastUsed: (accessKeyId) => iam.keyLastUsedAt(accessKeyId),
      now: clock.now,
    },
    notifier: new SnsNotifier(createSnsClient(), required(env, 'ATO_TOPIC_ARN')),
    clock,
    actor: 'ato-responder',
    ...(env.ATO_ACCOUNT_ID ? { accountId: env.ATO_ACCOUNT_ID } : {}),
    // The stack's role denies writes on principals tagged ato:protected=true: IAM itself refuses,
    // and no call is spent before the deactivation.
    protectedTagCheck: 'iam-policy',
  };
}
