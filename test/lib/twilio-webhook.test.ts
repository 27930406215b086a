import { Template } from 'aws-cdk-lib/assertions';
import { allowedActionsOf, buildStack, resourceOf, statementsOf } from './stack-builder';

describe('the Twilio webhook', () => {
  it('is not deployed unless config twilio.enabled', () => {
    // Act
    const stack = buildStack({});

    // Assess
    expect(stack.twilioWebhook).toBeUndefined();
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::Lambda::Url'))).toEqual([]);
  });

  it('is a function URL without IAM auth (the signature is the auth) and outputs the URL to give Twilio', () => {
    // Prepare
    const stack = buildStack({ twilio: { enabled: true } });
    const template = Template.fromStack(stack);
    const webhook = stack.twilioWebhook;
    if (!webhook) throw new Error('no webhook');

    // Act
    const url = resourceOf(template, webhook.url);
    const fn = resourceOf(template, webhook.function);

    // Assess
    expect(url.Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: stack.resolve(webhook.function.functionArn) as unknown,
    });
    expect(
      (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.ATO_TWILIO_SECRET_ARN,
    ).toEqual(stack.resolve(webhook.secret.secretArn) as unknown);
    const outputs = template.findOutputs('*') as Record<string, { Description?: string }>;
    expect(Object.values(outputs).map((o) => o.Description)).toContain(
      'The URL to give Twilio usage triggers as their callback (or put behind your own domain)',
    );
  });

  it('may read its own secret, record incidents and notify — nothing else, and no IAM at all', () => {
    // Prepare
    const stack = buildStack({ twilio: { enabled: true } });
    const webhook = stack.twilioWebhook;
    if (!webhook) throw new Error('no webhook');

    // Act
    const statements = statementsOf(Template.fromStack(stack), webhook.role);

    // Assess
    expect([...allowedActionsOf(statements)].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:GetSecretValue',
      'sns:Publish',
    ]);
    expect(statements.find((s) => s.Sid === 'ReadTwilioAuthToken')?.Resource).toEqual(
      stack.resolve(webhook.secret.secretArn) as unknown,
    );
  });
});
