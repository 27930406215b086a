import { Template } from 'aws-cdk-lib/assertions';
import {
  type Statement,
  allowedActionsOf,
  buildStack,
  resourceOf,
  resourcesOf,
  statementsOf,
} from './stack-builder';

const WRITE_ACTIONS = [
  'iam:UpdateAccessKey',
  'iam:PutUserPolicy',
  'iam:DeleteUserPolicy',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
];

const stack = buildStack({
  protectedPrincipals: ['break-glass', 'arn:aws:iam::123456789012:role/ops/Admin'],
});
const template = Template.fromStack(stack);
const roleId = stack.getLogicalId(stack.responder.role.role.node.defaultChild as never);

/** Every statement of every identity policy on the responder's role. */
const responderStatements = (): Statement[] => statementsOf(template, stack.responder.role.role);
const allowedActions = (): string[] => allowedActionsOf(responderStatements());
const statement = (sid: string): Statement | undefined => responderStatements().find((s) => s.Sid === sid);

describe("the responder's role", () => {
  it('allows exactly the actions the responder uses, and nothing else', () => {
    // Act
    const actions = allowedActions();

    // Assess
    expect([...actions].sort()).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'iam:DeleteRolePolicy',
      'iam:DeleteUserPolicy',
      'iam:GetAccessKeyLastUsed',
      'iam:GetLoginProfile',
      'iam:GetRole',
      'iam:GetRolePolicy',
      'iam:GetUserPolicy',
      'iam:ListAccessKeys',
      'iam:ListAttachedRolePolicies',
      'iam:ListAttachedUserPolicies',
      'iam:ListGroupsForUser',
      'iam:ListMFADevices',
      'iam:ListRolePolicies',
      'iam:ListRoleTags',
      'iam:ListUserPolicies',
      'iam:ListUserTags',
      'iam:PutRolePolicy',
      'iam:PutUserPolicy',
      'iam:UpdateAccessKey',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
  });

  it.each([
    'iam:CreateUser',
    'iam:CreateAccessKey',
    'iam:AttachUserPolicy',
    'iam:PassRole',
    'iam:DeleteAccessKey',
  ])('never allows %s, not even through a wildcard', (forbidden) => {
    // Act
    const actions = allowedActions();

    // Assess
    expect(actions).not.toContain(forbidden);
    expect(actions.filter((action) => action.includes('*'))).toEqual([]);
  });

  it('trusts only Lambda and carries no managed or inline policy of its own', () => {
    // Act
    const role = resourceOf(template, stack.responder.role.role);

    // Assess: its permissions all live in the one AWS::IAM::Policy read above.
    expect(role.Properties).toEqual({
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
        Version: '2012-10-17',
      },
      Description:
        'ato-responder: contains leaked AWS access keys (deactivate, quarantine), records, notifies',
    });
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    const policiesOnIt = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(roleId),
    );
    expect(policiesOnIt).toHaveLength(1);
  });

  it('writes only to users and roles of its own account, and reads only their IAM state', () => {
    // Act
    const iam = ['ReadUsersForSnapshots', 'ReadRolesForSnapshots', 'ContainUsers', 'ContainRoles'].map(
      statement,
    );

    // Assess
    expect(iam.map((s) => [s?.Sid, s?.Resource])).toEqual([
      ['ReadUsersForSnapshots', 'arn:aws:iam::123456789012:user/*'],
      ['ReadRolesForSnapshots', 'arn:aws:iam::123456789012:role/*'],
      ['ContainUsers', 'arn:aws:iam::123456789012:user/*'],
      ['ContainRoles', 'arn:aws:iam::123456789012:role/*'],
    ]);
    expect(statement('ContainUsers')?.Action).toEqual([
      'iam:UpdateAccessKey',
      'iam:PutUserPolicy',
      'iam:DeleteUserPolicy',
    ]);
    expect(statement('ContainRoles')?.Action).toEqual(['iam:PutRolePolicy', 'iam:DeleteRolePolicy']);
  });

  it('is denied every write on a principal tagged ato:protected=true, in any case', () => {
    // Act
    const deny = statement('NeverTouchTaggedPrincipals');

    // Assess
    expect(deny).toEqual({
      Sid: 'NeverTouchTaggedPrincipals',
      Effect: 'Deny',
      Action: WRITE_ACTIONS,
      Resource: '*',
      Condition: { StringEqualsIgnoreCase: { 'aws:ResourceTag/ato:protected': 'true' } },
    });
  });

  it('is denied every write on the configured protected principals, whatever their path', () => {
    // Act
    const deny = statement('NeverTouchConfiguredPrincipals');

    // Assess
    expect(deny).toEqual({
      Sid: 'NeverTouchConfiguredPrincipals',
      Effect: 'Deny',
      Action: WRITE_ACTIONS,
      Resource: [
        'arn:aws:iam::123456789012:user/break-glass',
        'arn:aws:iam::123456789012:user/*/break-glass',
        'arn:aws:iam::123456789012:role/break-glass',
        'arn:aws:iam::123456789012:role/*/break-glass',
        'arn:aws:iam::123456789012:role/ops/Admin',
        'arn:aws:iam::123456789012:role/Admin',
        'arn:aws:iam::123456789012:role/*/Admin',
      ],
    });
  });

  it('has no configured-principal deny when nothing is configured (the tag deny still applies)', () => {
    // Prepare
    const defaults = Template.fromStack(buildStack({}));

    // Act
    const sids = JSON.stringify(defaults.findResources('AWS::IAM::Policy'));

    // Assess
    expect(sids).not.toContain('NeverTouchConfiguredPrincipals');
    expect(sids).toContain('NeverTouchTaggedPrincipals');
    expect(sids).toContain('NeverTouchItself');
  });

  it('is denied every write on itself, so it can never quarantine or rewrite its own role', () => {
    // Act
    const deny = statement('NeverTouchItself');

    // Assess
    expect(deny).toEqual({
      Sid: 'NeverTouchItself',
      Effect: 'Deny',
      Action: WRITE_ACTIONS,
      Resource: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
  });

  it('touches the table, topic, key, queue and log group of this stack only', () => {
    // Prepare
    const ref = (value: string): unknown => stack.resolve(value);
    const tableArn = ref(stack.incidents.table.tableArn);

    // Act
    const rest = [
      'WriteOwnLogs',
      'RecordIncidents',
      'NotifyPeople',
      'EncryptNotifications',
      'ParkFailedInvocations',
    ].map((sid) => [sid, statement(sid)?.Resource, statement(sid)?.Condition]);

    // Assess
    expect(rest).toEqual([
      ['WriteOwnLogs', ref(stack.responder.function.logGroup.logGroupArn), undefined],
      ['RecordIncidents', [tableArn, { 'Fn::Join': ['', [tableArn, '/index/byKind']] }], undefined],
      ['NotifyPeople', ref(stack.notifications.topic.topicArn), undefined],
      [
        'EncryptNotifications',
        ref(stack.notifications.key.keyArn),
        { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
      ],
      ['ParkFailedInvocations', ref(stack.failedInvocations.queue.queueArn), undefined],
    ]);
  });

  it('refuses at synth more protected principals than the role policy quota can list', () => {
    // Prepare: each name becomes four ARNs of about 50 characters.
    const names = Array.from({ length: 40 }, (_, i) => `protected-principal-${i}`);

    // Act
    const build = (): unknown => buildStack({ protectedPrincipals: names });

    // Assess
    expect(build).toThrow(
      "invalid ato-responder config:\n  protectedPrincipals: 40 entries expand to 160 ARNs, more than the role's " +
        '10,240-character inline policy quota holds; tag them ato:protected=true instead',
    );
  });
});

describe("the responder's SES permissions", () => {
  const sesStatements = (config: unknown): Statement[] => {
    const built = buildStack(config);
    return statementsOf(Template.fromStack(built), built.responder.role.role).filter((s) =>
      [s.Action].flat().some((a) => typeof a === 'string' && /^(ses|ssm):/.test(a)),
    );
  };

  it('grants no SES or SSM action while SES is not watched', () => {
    expect(sesStatements({})).toEqual([]);
  });

  it("may switch off the account's sending, only in the watched regions, and read nothing", () => {
    // Act
    const statements = sesStatements({ ses: { regions: ['us-east-1', 'eu-west-1'] } });

    // Assess
    expect(statements).toEqual([
      {
        Sid: 'PauseSesSending',
        Effect: 'Allow',
        Action: 'ses:PutAccountSendingAttributes',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
      },
    ]);
  });

  it('may switch off only the configured configuration sets, by ARN, when config names them', () => {
    // Act
    const statements = sesStatements({
      ses: { regions: ['eu-west-1'], pause: { configurationSets: ['marketing', 'newsletters'] } },
    });

    // Assess
    expect(statements).toEqual([
      {
        Sid: 'PauseSesConfigurationSets',
        Effect: 'Allow',
        Action: 'ses:PutConfigurationSetSendingOptions',
        Resource: [
          'arn:aws:ses:eu-west-1:123456789012:configuration-set/marketing',
          'arn:aws:ses:eu-west-1:123456789012:configuration-set/newsletters',
        ],
      },
    ]);
  });

  it('may read and write the one failover parameter, in its own region', () => {
    // Act
    const statements = sesStatements({
      ses: { regions: ['us-east-1'], failoverFlag: { parameterName: '/ato-responder/email/provider' } },
    });

    // Assess
    expect(statements.find((s) => s.Sid === 'RaiseEmailFailoverFlag')).toEqual({
      Sid: 'RaiseEmailFailoverFlag',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:PutParameter'],
      Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/ato-responder/email/provider',
    });
  });

  it('may read who can send: the account authorization details, AWS managed policies, nothing it could change', () => {
    // Prepare
    const built = buildStack({ ses: { regions: ['us-east-1'] } });
    const statements = statementsOf(Template.fromStack(built), built.responder.role.role);

    // Act
    const reads = statements.filter((s) => s.Sid === 'FindSesSenders' || s.Sid === 'ReadAwsManagedPolicies');

    // Assess
    expect(reads).toEqual([
      { Sid: 'FindSesSenders', Effect: 'Allow', Action: 'iam:GetAccountAuthorizationDetails', Resource: '*' },
      {
        Sid: 'ReadAwsManagedPolicies',
        Effect: 'Allow',
        Action: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
        Resource: 'arn:aws:iam::aws:policy/*',
      },
    ]);
  });
});
