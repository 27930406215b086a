import { Template } from 'aws-cdk-lib/assertions';
import { loadConfig } from '../../lambdas/core/config';
import { RUNBOOKS } from '../../lambdas/core/slack-ports';
import { allowedActionsOf, buildStack, resourceOf, statementsOf } from './stack-builder';
import { variablesOf } from './handler-role-expectations';

/** Slack's ids as its docs write them: app A…, workspace T…, channel C…, users U…. */
const SLACK = {
  enabled: true,
  appId: 'A0000APP01',
  teamId: 'T0000TEAM1',
  channel: 'C0000INCID',
  approvers: ['U0000BOB01', 'U0000CAROL'],
};

function slackStack(extra: Record<string, unknown> = {}) {
  const stack = buildStack({ slack: SLACK, ...extra });
  const slack = stack.slackRunbooks;
  if (!slack) throw new Error('no Slack runbooks');
  return { stack, slack, template: Template.fromStack(stack) };
}

const STORE_AND_NOTIFY = [
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
];

describe('the Slack-approved runbooks', () => {
  it('are not deployed unless config slack.enabled', () => {
    // Act
    const stack = buildStack({});

    // Assess
    expect(stack.slackRunbooks).toBeUndefined();
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'))).toEqual(
      [],
    );
  });

  it('refuse a config that turns Slack on without its app, workspace and channel', () => {
    // Act
    const load = () => loadConfig({ slack: { enabled: true, appId: 'A0000APP01' } });

    // Assess
    expect(load).toThrow('needs appId, teamId and channel');
  });

  it('deploy eight state machines, an endpoint URL without IAM auth (the signature is the auth) and its outputs', () => {
    // Act
    const { stack, slack, template } = slackStack();

    // Assess
    expect(Object.keys(template.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(8);
    expect(resourceOf(template, slack.url).Properties).toEqual({
      AuthType: 'NONE',
      TargetFunctionArn: stack.resolve(slack.endpoint.functionArn) as unknown,
    });
    const outputs = template.findOutputs('*') as Record<string, { Description?: string }>;
    expect(Object.values(outputs).map((o) => o.Description)).toEqual(
      expect.arrayContaining([
        "The Slack app's Interactivity Request URL and the /ato command's Request URL",
        'The Slack secret: put {"signingSecret": "...", "botToken": "xoxb-..."} here',
      ]),
    );
    const arns = variablesOf(template, slack.endpoint).ATO_RUNBOOK_ARNS;
    const rendered = JSON.stringify(stack.resolve(arns));
    for (const name of RUNBOOKS) expect(rendered).toContain(`\\"${name}\\":\\"`);
  });

  it("gives the endpoint only the task responses and starts of these machines, and reads only the Slack app's secret", () => {
    // Prepare
    const { stack, slack, template } = slackStack({ twilio: { enabled: true } });

    // Act
    const statements = statementsOf(template, slack.endpointRole);

    // Assess
    expect([...new Set(allowedActionsOf(statements))].sort()).toEqual(
      [
        ...STORE_AND_NOTIFY,
        'states:SendTaskFailure',
        'states:SendTaskSuccess',
        'states:StartExecution',
      ].sort(),
    );
    const machines = RUNBOOKS.map(
      (name) => stack.resolve(slack.runbooks.machines[name].stateMachineArn) as unknown,
    );
    const states = statements.filter((s) => JSON.stringify(s.Action).includes('states:'));
    expect(states.map((s) => s.Resource)).toEqual([machines, machines]);
    expect(statements.find((s) => s.Sid === 'ReadSlackSecret')?.Resource).toEqual(
      stack.resolve(slack.secret.secretArn) as unknown,
    );
    expect(JSON.stringify(statements)).not.toContain('iam:');
  });

  it('subscribes the thread function to the incident topic, and lets the step function answer only these machines', () => {
    // Prepare
    const { stack, slack, template } = slackStack();

    // Act
    const subscriptions = template.findResources('AWS::SNS::Subscription', {
      Properties: { Protocol: 'lambda' },
    }) as Record<string, { Properties: { Endpoint: unknown; TopicArn: unknown } }>;
    const answers = Object.values(
      template.findResources('AWS::IAM::Policy') as Record<
        string,
        { Properties: { PolicyDocument: { Statement: { Sid?: string; Resource: unknown }[] } } }
      >,
    )
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .find((s) => s.Sid === 'AnswerApprovalDecidedElsewhere');

    // Assess
    expect(Object.values(subscriptions).map((s) => s.Properties)).toEqual([
      expect.objectContaining({
        Endpoint: stack.resolve(slack.threadFunction.functionArn) as unknown,
        TopicArn: stack.resolve(stack.notifications.topic.topicArn) as unknown,
      }),
    ]);
    expect(answers?.Resource).toEqual(
      RUNBOOKS.map((name) => stack.resolve(slack.runbooks.machines[name].stateMachineArn) as unknown),
    );
    expect(variablesOf(template, slack.threadFunction).ATO_SLACK_CHANNEL).toBe('C0000INCID');
  });

  it('lets the step function rewrite only the Twilio secret, read the approver key and the SES alarms of its regions', () => {
    // Prepare
    const { stack, slack, template } = slackStack({
      twilio: { enabled: true, accountSid: `AC${'a'.repeat(32)}` },
      sendgrid: { enabled: true },
      ses: { regions: ['eu-west-1', 'us-east-1'] },
    });
    const twilioSecret = stack.twilioWebhook?.secret;
    const approverSecret = slack.sendGridApproverSecret;
    if (!twilioSecret || !approverSecret)
      throw new Error('expected the Twilio and SendGrid approver secrets');

    // Act
    const statements = statementsOf(template, slack.stepRole.role);
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid);

    // Assess
    expect(bySid('ReadSlackAndAccountSecrets')).toMatchObject({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: [slack.secret, twilioSecret, approverSecret].map(
        (s) => stack.resolve(s.secretArn) as unknown,
      ),
    });
    expect(bySid('RewriteTwilioSecretOnTokenReset')).toMatchObject({
      Effect: 'Allow',
      Action: 'secretsmanager:PutSecretValue',
      Resource: stack.resolve(twilioSecret.secretArn) as unknown,
    });
    expect(statements.filter((s) => JSON.stringify(s.Action).includes('PutSecretValue'))).toHaveLength(1);
    // The approved IAM removals are this role's (the automatic responder's has none of them).
    expect(allowedActionsOf(statements)).toEqual(
      expect.arrayContaining(['iam:DeleteUser', 'iam:DeleteAccessKey', 'iam:DetachUserPolicy']),
    );
    expect(allowedActionsOf(statementsOf(template, stack.responder.role.role))).not.toContain(
      'iam:DeleteUser',
    );
    expect(bySid('ReadSesAlarmsBeforeResume')).toMatchObject({
      Effect: 'Allow',
      Action: 'cloudwatch:DescribeAlarms',
      Resource: ['eu-west-1', 'us-east-1'].map(
        (region) =>
          stack.resolve(
            `arn:${stack.partition}:cloudwatch:${region}:${stack.account}:alarm:ato-responder-ses-*`,
          ) as unknown,
      ),
    });
    expect(variablesOf(template, slack.stepFunction).ATO_SENDGRID_APPROVER_SECRET_ARN).toEqual(
      stack.resolve(approverSecret.secretArn),
    );
    expect(variablesOf(template, slack.stepFunction).ATO_TWILIO_SECRET_ARN).toEqual(
      stack.resolve(twilioSecret.secretArn),
    );
  });

  it('gives the step function no account secret, secret write or alarm read that config does not call for', () => {
    // Prepare
    const { stack, slack, template } = slackStack();

    // Act
    const statements = statementsOf(template, slack.stepRole.role);

    // Assess
    expect(slack.sendGridApproverSecret).toBeUndefined();
    expect(statements.find((s) => s.Sid === 'ReadSlackAndAccountSecrets')?.Resource).toEqual(
      stack.resolve(slack.secret.secretArn),
    );
    expect(JSON.stringify(statements)).not.toMatch(/PutSecretValue|cloudwatch:/);
    expect(variablesOf(template, slack.stepFunction)).not.toHaveProperty('ATO_SENDGRID_APPROVER_SECRET_ARN');
    expect(variablesOf(template, slack.stepFunction)).not.toHaveProperty('ATO_TWILIO_SECRET_ARN');
  });

  it('has no dependency cycle between the machines and their step function (CloudFormation would refuse it)', () => {
    // Prepare
    const { template } = slackStack({ twilio: { enabled: true } });
    const resources = (template.toJSON() as { Resources: Record<string, unknown> }).Resources;

    // Act
    const cycle = findCycle(resources);

    // Assess
    expect(cycle).toEqual([]);
  });
});

/** A dependency cycle among CloudFormation resources (Ref, Fn::GetAtt, DependsOn), or [] when none. */
function findCycle(resources: Record<string, unknown>): string[] {
  const edges = new Map<string, Set<string>>();
  const refsIn = (value: unknown, into: Set<string>): void => {
    if (Array.isArray(value)) for (const v of value) refsIn(v, into);
    else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'Ref' && typeof v === 'string' && v in resources) into.add(v);
        else if (key === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') into.add(v[0]);
        else if (key === 'DependsOn')
          for (const d of [v].flat())
            if (typeof d === 'string') into.add(d);
            else refsIn(v, into);
      }
    }
  };
  for (const [id, resource] of Object.entries(resources)) {
    const into = new Set<string>();
    refsIn(resource, into);
    edges.set(id, into);
  }
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] => {
    if (state.get(id) === 'done') return [];
    if (state.get(id) === 'open') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'open');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const found = visit(next);
      if (found.length) return found;
    }
    path.pop();
    state.set(id, 'done');
    return [];
  };
  for (const id of edges.keys()) {
    const found = visit(id);
    if (found.length) return found;
  }
  return [];
}
