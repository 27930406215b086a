import { Template } from 'aws-cdk-lib/assertions';
import type { AtoResponderStack } from '../../lib/ato-responder-stack';
import type { SendGridWebhook } from '../../lib/sendgrid-webhook';
import { buildStack, resourceOf, statementsOf } from './stack-builder';
import { COMMON_VARIABLES, recordAndNotifyStatements, variablesOf } from './handler-role-expectations';

/** A verification key as SendGrid shows it (base64 DER); never checked at synth. */
const eventWebhook = { enabled: true, publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' };

function webhookOf(stack: AtoResponderStack): SendGridWebhook {
  if (!stack.sendGridWebhook) throw new Error('no SendGrid webhook');
  return stack.sendGridWebhook;
}

describe("SendGrid's Event Webhook", () => {
  it.each([
    ['the default config', {}],
    ['the SendGrid audit alone', { sendgrid: { enabled: true } }],
  ])('is not deployed with %s', (_case, config) => {
    // Act
    const stack = buildStack(config);
    const template = Template.fromStack(stack);

    // Assess
    expect(stack.sendGridWebhook).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::Lambda::Url'))).toEqual([]);
  });

  it('is a function URL without IAM auth (the signature is the auth) and outputs the URL to give SendGrid', () => {
    // Prepare
    const stack = buildStack({ sendgrid: { eventWebhook } });
    const template = Template.fromStack(stack);
    const webhook = webhookOf(stack);

    // Act
    const url = resourceOf(template, webhook.url);
    const outputs = Object.entries(
      template.findOutputs('*') as Record<string, { Description?: string; Value: unknown }>,
    ).filter(([id]) => id.startsWith('SendGridWebhookUrl'));

    // Assess
    expect(url.Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: stack.resolve(webhook.function.functionArn) as unknown,
    });
    expect(outputs.map(([, output]) => output)).toEqual([
      {
        Description:
          "The URL to give SendGrid's Event Webhook (Settings → Mail Settings), with signature verification on",
        Value: stack.resolve(webhook.url.url) as unknown,
      },
    ]);
  });

  it('is a 256 MB function with a minute to answer and no reserved concurrency', () => {
    // Prepare
    const stack = buildStack({ sendgrid: { eventWebhook } });
    const webhook = webhookOf(stack);

    // Act
    const fn = resourceOf(Template.fromStack(stack), webhook.function);

    // Assess
    expect(fn.Properties.MemorySize).toBe(256);
    expect(fn.Properties.Timeout).toBe(60);
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('may record incidents and notify — nothing else — without the SendGrid audit', () => {
    // Prepare
    const stack = buildStack({ sendgrid: { eventWebhook } });
    const template = Template.fromStack(stack);
    const webhook = webhookOf(stack);

    // Act
    const statements = statementsOf(template, webhook.role);

    // Assess
    expect(Object.keys(variablesOf(template, webhook.function)).sort()).toEqual(COMMON_VARIABLES);
    expect(statements).toEqual(recordAndNotifyStatements(stack, webhook.function));
  });

  it("also reads the scheduled audit's SendGrid API key with the audit on, for the audit a spike starts", () => {
    // Prepare
    const stack = buildStack({ sendgrid: { enabled: true, eventWebhook } });
    const template = Template.fromStack(stack);
    const webhook = webhookOf(stack);
    const secretArn = stack.resolve(stack.scheduledAudit?.sendGridSecret?.secretArn) as unknown;

    // Act
    const statements = statementsOf(template, webhook.role);
    const variables = variablesOf(template, webhook.function);

    // Assess
    expect(Object.keys(variables).sort()).toEqual([...COMMON_VARIABLES, 'ATO_SENDGRID_SECRET_ARN'].sort());
    expect(variables.ATO_SENDGRID_SECRET_ARN).toEqual(secretArn);
    expect(statements).toEqual([
      ...recordAndNotifyStatements(stack, webhook.function),
      {
        Sid: 'ReadSendGridApiKey',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: secretArn,
      },
    ]);
  });
});
