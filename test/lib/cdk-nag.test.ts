/**
 * cdk-nag runs on its own App here: once its plugin is registered on an App, Template.fromStack on
 * that App throws, so assertion tests and nag tests never share one.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildStack } from './stack-builder';

const fullConfig = {
  mode: 'enforce',
  protectedPrincipals: ['break-glass', 'arn:aws:iam::123456789012:role/ops/Admin'],
  notifications: { emails: ['soc@example.com'] },
};

/** Every SES alarm kind, in the responder's region and elsewhere. */
const sesConfig = {
  ...fullConfig,
  ses: {
    regions: ['us-east-1', 'eu-west-1'],
    sendsPerFiveMinutes: 1000,
    alarmConfigurationSets: ['marketing'],
  },
};

/** Slack's ids as its docs write them: app A…, workspace T…, channel C…, users U…. */
const SLACK = {
  enabled: true,
  appId: 'A0000APP01',
  teamId: 'T0000TEAM1',
  channel: 'C0000INCID',
  approvers: ['U0000BOB01', 'U0000CAROL'],
};

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the default config in us-east-1', {}, 'us-east-1'],
    ['a full config in us-east-1', fullConfig, 'us-east-1'],
    ['a full config with no environment (what `cdk synth` without credentials sees)', fullConfig, null],
    ['a full config watching SES in us-east-1', sesConfig, 'us-east-1'],
    ['a full config watching SES, with no environment', sesConfig, null],
    ['the Twilio webhook', { ...fullConfig, twilio: { enabled: true } }, 'us-east-1'],
    [
      'everything on: the Twilio and SendGrid webhooks and the scheduled audit of both accounts',
      {
        ...fullConfig,
        twilio: { enabled: true },
        sendgrid: {
          enabled: true,
          eventWebhook: { enabled: true, publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' },
        },
        scheduledAudit: { everyMinutes: 15 },
      },
      'us-east-1',
    ],
    [
      "SendGrid's Event Webhook alone, with no environment",
      {
        ...fullConfig,
        sendgrid: { eventWebhook: { enabled: true, publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' } },
      },
      null,
    ],
    [
      'SES paused by configuration set, with a failover flag',
      {
        ...sesConfig,
        ses: {
          ...sesConfig.ses,
          pause: { configurationSets: ['marketing'] },
          failoverFlag: { parameterName: '/ato-responder/email/provider' },
        },
      },
      'us-east-1',
    ],
    [
      'Slack-approved runbooks with Twilio, with no environment',
      { ...fullConfig, twilio: { enabled: true }, slack: SLACK },
      null,
    ],
    ['Slack-approved runbooks in us-east-1', { ...fullConfig, slack: SLACK }, 'us-east-1'],
  ])('finds nothing unacknowledged for %s', (_case, config, region) => {
    // Prepare
    const stack = buildStack(config, { region });

    // Act
    const report = new AwsSolutionsChecks(stack).validateScope(stack);

    // Assess
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('still reports a wildcard nobody acknowledged, so the acknowledgements above are not blanket ones', () => {
    // Prepare: a statement with a wildcard resource the stack does not acknowledge.
    const stack = buildStack();
    stack.responder.role.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['iam:ListUsers'], resources: ['*'] }),
    );

    // Act
    const report = new AwsSolutionsChecks(stack).validateScope(stack);

    // Assess
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
    ]);
  });

  it('lets the synth through when registered on the App the way bin/app.ts registers it', () => {
    // Prepare
    const stack = buildStack(fullConfig);
    const app = stack.node.root as App;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const synth = (): unknown => app.synth();

    // Assess
    expect(synth).not.toThrow();
  });

  it('fails the synth on an unacknowledged finding when registered on the App', () => {
    // Prepare
    const stack = buildStack();
    stack.responder.role.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['iam:ListUsers'], resources: ['*'] }),
    );
    const app = stack.node.root as App;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const synth = (): unknown => app.synth();

    // Assess
    expect(synth).toThrow(/contains wildcard permissions/);
  });
});
