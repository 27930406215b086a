import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../lambdas/core/config';
import { AtoResponderStack } from '../../lib/ato-responder-stack';
import { buildStack, resourceOf } from './stack-builder';

const config = {
  mode: 'enforce',
  protectedPrincipals: ['break-glass'],
  notifications: { emails: ['soc@example.com'] },
};
const stack = buildStack(config);
const template = Template.fromStack(stack);
const fn = resourceOf(template, stack.responder.function);

describe('the leaked-key responder function', () => {
  it('runs on nodejs22.x, arm64, with 256 MB for at most 60 seconds', () => {
    // Act
    const { Runtime, Architectures, MemorySize, Timeout, Handler } = fn.Properties;

    // Assess
    expect({ Runtime, Architectures, MemorySize, Timeout, Handler }).toEqual({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 60,
      Handler: 'index.handler',
    });
  });

  it('gets the validated config, its account and role, the table, the topic and Powertools settings, and nothing else', () => {
    // Act
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

    // Assess
    expect(variables).toEqual({
      ATO_CONFIG: JSON.stringify(loadConfig(config)),
      ATO_ACCOUNT_ID: stack.resolve(stack.account) as unknown,
      ATO_ROLE_ARN: stack.resolve(stack.responder.role.role.roleArn) as unknown,
      ATO_TABLE_NAME: stack.resolve(stack.incidents.table.tableName) as unknown,
      ATO_TOPIC_ARN: stack.resolve(stack.notifications.topic.topicArn) as unknown,
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'ato-responder',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it('puts no credential of the synthesizing machine anywhere in the template', () => {
    // Prepare: test/setup-env.ts sets fake credentials, as a developer's shell would real ones.
    const secrets = [process.env.AWS_ACCESS_KEY_ID, process.env.AWS_SECRET_ACCESS_KEY];

    // Act
    const text = JSON.stringify(template.toJSON());

    // Assess
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 0)).toBe(true);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('logs to its own log group, kept a year and retained with the stack deleted', () => {
    // Prepare
    const logGroup = resourceOf(template, stack.responder.function.logGroup);

    // Act
    const logging = fn.Properties.LoggingConfig;

    // Assess
    expect(logging).toEqual({
      LogGroup: stack.resolve(stack.responder.function.logGroup.logGroupName) as unknown,
    });
    expect(logGroup.Properties).toEqual({ RetentionInDays: 365 });
    expect(logGroup.DeletionPolicy).toBe('Retain');
  });

  it('waits for its role policy before it exists, so the first event never meets a bare role', () => {
    // Prepare
    const policyId = stack.getLogicalId(
      stack.responder.role.role.node.findChild('DefaultPolicy').node.defaultChild as never,
    );

    // Act / Assess
    expect(fn.DependsOn).toContain(policyId);
  });

  it('reserves no concurrency unless asked, and reserves what it is asked for', () => {
    // Prepare
    const app = new App({
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    const reserved = new AtoResponderStack(app, 'Reserved', {
      config: loadConfig({}),
      reservedConcurrency: 5,
    });

    // Act
    const reservedFn = resourceOf(Template.fromStack(reserved), reserved.responder.function);

    // Assess
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    expect(reservedFn.Properties.ReservedConcurrentExecutions).toBe(5);
  });

  it('refuses at synth a config too large for the Lambda environment', () => {
    // Prepare
    const names = Array.from({ length: 200 }, (_, i) => `protected-principal-${i}`);

    // Act
    const build = (): unknown => buildStack({ protectedPrincipals: names });

    // Assess
    expect(build).toThrow(
      /^invalid ato-responder config:\n {2}\(root\): the config is \d+ bytes as JSON; the Lambda environment holds at most 3072/,
    );
  });
});
