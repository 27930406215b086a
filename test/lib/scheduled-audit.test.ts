import { Template } from 'aws-cdk-lib/assertions';
import type { AtoResponderStack } from '../../lib/ato-responder-stack';
import type { ScheduledAudit } from '../../lib/scheduled-audit';
import { buildStack, resourceOf, resourcesOf, statementsOf } from './stack-builder';
import { COMMON_VARIABLES, recordAndNotifyStatements, variablesOf } from './handler-role-expectations';

function auditOf(stack: AtoResponderStack): ScheduledAudit {
  if (!stack.scheduledAudit) throw new Error('no scheduled audit');
  return stack.scheduledAudit;
}

describe('the scheduled audit', () => {
  it.each([
    ['the default config', {}],
    [
      "SendGrid's Event Webhook alone (it needs no audit)",
      { sendgrid: { eventWebhook: { enabled: true, publicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' } } },
    ],
  ])('is not deployed with %s', (_case, config) => {
    // Act
    const stack = buildStack(config);
    const template = Template.fromStack(stack);

    // Assess
    expect(stack.scheduledAudit).toBeUndefined();
    const schedules = Object.values(resourcesOf(template, 'AWS::Events::Rule')).filter(
      (rule) => rule.Properties.ScheduleExpression !== undefined,
    );
    expect(schedules).toEqual([]);
    expect(Object.keys(template.findOutputs('*')).filter((id) => id.includes('SendGridSecretArn'))).toEqual(
      [],
    );
  });

  it.each([
    // Schedule.rate writes whole hours as hours: 60 minutes is `rate(1 hour)`, the same schedule.
    ['every 60 minutes by default', {}, 'rate(1 hour)'],
    [
      'as often as scheduledAudit.everyMinutes says',
      { scheduledAudit: { everyMinutes: 15 } },
      'rate(15 minutes)',
    ],
    [
      'every 90 minutes, not a whole number of hours',
      { scheduledAudit: { everyMinutes: 90 } },
      'rate(90 minutes)',
    ],
  ])(
    'runs %s, once per run: no retry, an undeliverable run parked with the undelivered events',
    (_case, extra, rate) => {
      // Prepare
      const stack = buildStack({ sendgrid: { enabled: true }, ...extra });
      const audit = auditOf(stack);

      // Act
      const rule = resourceOf(Template.fromStack(stack), audit.schedule);

      // Assess
      expect(rule.Properties.ScheduleExpression).toBe(rate);
      expect(rule.Properties.State).toBe('ENABLED');
      expect(rule.Properties.Targets).toEqual([
        {
          Id: 'Target0',
          Arn: stack.resolve(audit.function.functionArn) as unknown,
          RetryPolicy: { MaximumRetryAttempts: 0 },
          DeadLetterConfig: { Arn: stack.resolve(stack.undeliveredEvents.queue.queueArn) as unknown },
        },
      ]);
    },
  );

  it('is a 256 MB function with five minutes to run, which Lambda does not retry either', () => {
    // Prepare
    const stack = buildStack({ sendgrid: { enabled: true } });
    const template = Template.fromStack(stack);
    const audit = auditOf(stack);

    // Act
    const fn = resourceOf(template, audit.function);
    const invokeConfigs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig')).filter(
      (config) =>
        JSON.stringify(config.Properties.FunctionName) ===
        JSON.stringify(stack.resolve(audit.function.functionName)),
    );

    // Assess
    expect(fn.Properties.MemorySize).toBe(256);
    expect(fn.Properties.Timeout).toBe(300);
    expect(fn.Properties.Role).toEqual(stack.resolve(audit.role.roleArn));
    expect(invokeConfigs.map((config) => config.Properties.MaximumRetryAttempts)).toEqual([0]);
  });

  it.each([
    ['SendGrid', { sendgrid: { enabled: true } }, ['ATO_SENDGRID_SECRET_ARN']],
    ['Twilio', { twilio: { enabled: true } }, ['ATO_TWILIO_SECRET_ARN']],
    [
      'SendGrid and Twilio',
      { sendgrid: { enabled: true }, twilio: { enabled: true } },
      ['ATO_SENDGRID_SECRET_ARN', 'ATO_TWILIO_SECRET_ARN'],
    ],
  ])('is told the secrets of the accounts it audits: %s', (_case, config, secretVariables) => {
    // Prepare
    const stack = buildStack(config);

    // Act
    const variables = variablesOf(Template.fromStack(stack), auditOf(stack).function);

    // Assess
    expect(Object.keys(variables).sort()).toEqual([...COMMON_VARIABLES, ...secretVariables].sort());
  });

  it('makes the SendGrid secret, outputs its ARN and points the function at it', () => {
    // Prepare
    const stack = buildStack({ sendgrid: { enabled: true } });
    const template = Template.fromStack(stack);
    const audit = auditOf(stack);
    if (!audit.sendGridSecret) throw new Error('no SendGrid secret');
    const secretArn = stack.resolve(audit.sendGridSecret.secretArn) as unknown;

    // Act
    const secret = resourceOf(template, audit.sendGridSecret);
    const outputs = Object.entries(template.findOutputs('*') as Record<string, { Value: unknown }>).filter(
      ([id]) => id.startsWith('ScheduledAuditSendGridSecretArn'),
    );

    // Assess
    expect(secret.Properties.Description).toBe(
      'ato-responder: SendGrid API key, as JSON {"apiKey": "SG...."} or the key alone',
    );
    expect(variablesOf(template, audit.function).ATO_SENDGRID_SECRET_ARN).toEqual(secretArn);
    expect(outputs.map(([, output]) => output.Value)).toEqual([secretArn]);
  });

  it('reads the Twilio webhook secret, and makes no SendGrid secret, when only Twilio is on', () => {
    // Prepare
    const stack = buildStack({ twilio: { enabled: true } });
    const template = Template.fromStack(stack);
    const audit = auditOf(stack);
    const twilioSecretArn = stack.resolve(stack.twilioWebhook?.secret.secretArn) as unknown;

    // Act
    const statements = statementsOf(template, audit.role);

    // Assess
    expect(audit.sendGridSecret).toBeUndefined();
    expect(Object.keys(resourcesOf(template, 'AWS::SecretsManager::Secret'))).toHaveLength(1);
    expect(variablesOf(template, audit.function).ATO_TWILIO_SECRET_ARN).toEqual(twilioSecretArn);
    expect(statements).toEqual([
      ...recordAndNotifyStatements(stack, audit.function),
      {
        Sid: 'ReadAuditedAccountSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: twilioSecretArn,
      },
    ]);
  });

  it('may read the two secrets, record incidents and notify — nothing else', () => {
    // Prepare
    const stack = buildStack({ sendgrid: { enabled: true }, twilio: { enabled: true } });
    const audit = auditOf(stack);

    // Act
    const statements = statementsOf(Template.fromStack(stack), audit.role);

    // Assess
    expect(statements).toEqual([
      ...recordAndNotifyStatements(stack, audit.function),
      {
        Sid: 'ReadAuditedAccountSecrets',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: [
          stack.resolve(audit.sendGridSecret?.secretArn),
          stack.resolve(stack.twilioWebhook?.secret.secretArn),
        ],
      },
    ]);
  });
});
