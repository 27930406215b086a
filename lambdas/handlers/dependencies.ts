/**
 * The responder Lambda's collaborators, built once per container from its environment: SDK
 * clients at module scope (Powertools style), config validated at cold start so a bad ATO_CONFIG
 * fails the init loudly rather than each event quietly.
 */
import type { ConfigInput, ResponderConfig } from '../core/config';
import { loadConfig } from '../core/config';
import type { RespondDeps } from '../core/respond';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ParameterPort, SesPort, SnapshotStore } from '../core/ports';
import type { SesSenderDirectory } from '../core/ses-senders';
import { createDynamoDbClient, createIamClient, createSnsClient } from '../providers/aws/clients';
import { DynamoDbIncidentStore } from '../providers/aws/dynamodb-store';
import { DynamoDbSnapshotStore } from '../providers/aws/dynamodb-snapshots';
import { DynamoDbBaselineStore } from '../providers/aws/dynamodb-baseline';
import type { StoredBaselineDeps } from '../sources/detection/stored-baseline';
import { AwsIam } from '../providers/aws/iam';
import { SnsNotifier } from '../providers/aws/sns';
import type { sesProviders } from './ses-dependencies';

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
): RespondDeps & { baseline: StoredBaselineDeps; snapshots: SnapshotStore } {
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
    ...(config.ses.regions.length ? lazySesPorts(iamClient, !!config.ses.failoverFlag) : {}),
    store: new DynamoDbIncidentStore(dynamoDb, tableName),
    snapshots: new DynamoDbSnapshotStore(dynamoDb, tableName),
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

/**
 * SES, SSM and the sender directory behind ports that load their providers (and SDK packages) on
 * first use: a cold start pays for them only when an SES alarm arrives.
 */
export function lazySesPorts(
  iamClient: IAMClient,
  failoverFlag: boolean,
): { ses: SesPort; senders: SesSenderDirectory; parameters?: ParameterPort } {
  let loading: Promise<ReturnType<typeof sesProviders>> | undefined;
  const load = () => (loading ??= import('./ses-dependencies').then((m) => m.sesProviders(iamClient)));
  const ses: SesPort = {
    sendingEnabled: async (region, set) => (await load()).ses.sendingEnabled(region, set),
    setSendingEnabled: async (region, enabled, set) =>
      (await load()).ses.setSendingEnabled(region, enabled, set),
  };
  const senders: SesSenderDirectory = { senders: async () => (await load()).senders.senders() };
  const parameters: ParameterPort = {
    get: async (name) => (await load()).parameters.get(name),
    put: async (name, value, create) => (await load()).parameters.put(name, value, create),
    delete: async (name) => (await load()).parameters.delete(name),
  };
  return failoverFlag ? { ses, senders, parameters } : { ses, senders };
}
