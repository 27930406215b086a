import { App } from 'aws-cdk-lib';
import { ConfigError, loadConfig } from '../../lambdas/core/config';
import { readResponderConfig } from '../../lib/config-context';
import { buildStack } from './stack-builder';

function appWithContext(value: unknown): App {
  return new App({ builtinCloudFormationValidation: false, context: { 'ato-responder': value } });
}

describe('the ato-responder context', () => {
  it('yields the defaults (dry-run, nothing protected) when cdk.json has no config', () => {
    // Prepare
    const app = new App({ builtinCloudFormationValidation: false });

    // Act
    const config = readResponderConfig(app);

    // Assess
    expect(config).toEqual(loadConfig({}));
    expect(config.mode).toBe('dry-run');
    expect(config.protectedPrincipals).toEqual([]);
  });

  it('accepts the config as a JSON string, the way `cdk synth -c ato-responder=…` passes it', () => {
    // Prepare
    const app = appWithContext('{"mode":"enforce","protectedPrincipals":["break-glass"]}');

    // Act
    const config = readResponderConfig(app);

    // Assess
    expect(config.mode).toBe('enforce');
    expect(config.protectedPrincipals).toEqual(['break-glass']);
  });

  it.each([
    ['an unknown mode', { mode: 'yolo' }, 'mode: Invalid option: expected one of "enforce"|"dry-run"'],
    [
      'a bad email address',
      { notifications: { emails: ['not-an-email'] } },
      'notifications.emails.0: Invalid email address',
    ],
    ['an unknown key', { surprise: true }, '(root): Unrecognized key: "surprise"'],
  ])('refuses %s with a ConfigError naming the field', (_case, raw, message) => {
    // Prepare
    const app = appWithContext(raw);

    // Act
    const read = (): unknown => readResponderConfig(app);

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(`invalid ato-responder config:\n  ${message}`);
  });

  it('refuses a -c value that is not JSON, saying so', () => {
    // Prepare
    const app = appWithContext('{mode: enforce}');

    // Act
    const read = (): unknown => readResponderConfig(app);

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      /^invalid ato-responder config:\n {2}\(root\): context ato-responder is not valid JSON: /,
    );
  });

  it('fails the synth of the whole stack on a bad config, before any resource exists', () => {
    // Prepare
    const badConfig = { mode: 'yolo' };

    // Act
    const build = (): unknown => buildStack(badConfig);

    // Assess
    expect(build).toThrow(
      'invalid ato-responder config:\n  mode: Invalid option: expected one of "enforce"|"dry-run"',
    );
  });

  it('fails the synth when a protected principal is an ARN without a name at the end', () => {
    // Prepare: the schema lets a trailing slash through; the IAM deny could not be written for it.
    const config = { protectedPrincipals: ['arn:aws:iam::123456789012:user/ops/'] };

    // Act
    const build = (): unknown => buildStack(config);

    // Assess
    expect(build).toThrow(
      'invalid ato-responder config:\n  protectedPrincipals: arn:aws:iam::123456789012:user/ops/ is not an IAM user or role ARN ending in a name',
    );
  });
});
