/**
 * ResponderRole's opt-in `removals`: exactly the IAM calls the removal port makes, on the account's
 * users, roles and groups, still fenced by the three Deny statements; never on the automatic
 * responder's role.
 */
import { type App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSolutionsChecks } from 'cdk-nag';
import { USER_REMOVAL_ORDER } from '../../lambdas/core/iam-removal-steps';
import type { PolicyHolder } from '../../lambdas/core/action';
import type { UserAttachment } from '../../lambdas/core/ports';
import { loadConfig } from '../../lambdas/core/config';
import { AwsIamRemovals } from '../../lambdas/providers/aws/iam-removals';
import { IAM_REMOVAL_ACTIONS, IAM_WRITE_ACTIONS, ResponderRole } from '../../lib/responder-role';
import { ACCOUNT, type Statement, allowedActionsOf, asList, buildStack, statementsOf } from './stack-builder';

const USERS = `arn:aws:iam::${ACCOUNT}:user/*`;
const ROLES = `arn:aws:iam::${ACCOUNT}:role/*`;
const GROUPS = `arn:aws:iam::${ACCOUNT}:group/*`;

/** A role of its own, in an App with cdk.json's feature flags (buildStack's). */
function roleStack(removals?: boolean): { stack: Stack; role: ResponderRole } {
  const app = buildStack({}).node.root as App;
  const stack = new Stack(app, 'Roles', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const role = new ResponderRole(stack, 'StepPermissions', {
    protectedPrincipals: ['break-glass'],
    logGroup: new LogGroup(stack, 'Logs'),
    table: new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
    topic: new Topic(stack, 'Topic'),
    topicKey: new Key(stack, 'Key'),
    failureQueue: new Queue(stack, 'Failures'),
    ses: loadConfig({ mode: 'enforce' }).ses,
    ...(removals === undefined ? {} : { removals }),
  });
  return { stack, role };
}

const synthesized = new Map<boolean | undefined, Statement[]>();
const statements = (removals?: boolean): Statement[] => {
  const cached = synthesized.get(removals);
  if (cached) return cached;
  const { stack, role } = roleStack(removals);
  const found = statementsOf(Template.fromStack(stack), role.role);
  synthesized.set(removals, found);
  return found;
};

/**
 * Every IAM call the removal port makes under the runbooks' role, as `iam:Action` with the resource
 * type IAM authorises it on.
 */
async function callsOfTheRemovalPort(): Promise<[string, 'user' | 'role' | 'group'][]> {
  const iam = mockClient(IAMClient);
  iam.onAnyCommand().resolves({});
  const port = new AwsIamRemovals(new IAMClient({}));
  const attachments: UserAttachment[] = [
    { kind: 'access-key', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active' },
    { kind: 'login-profile' },
    { kind: 'mfa-device', serialNumber: 'arn:aws:iam::123456789012:mfa/eve' },
    { kind: 'signing-certificate', certificateId: 'c', status: 'Active' },
    { kind: 'ssh-public-key', sshPublicKeyId: 's', status: 'Active' },
    {
      kind: 'service-specific-credential',
      credentialId: 'x',
      serviceName: 'codecommit.amazonaws.com',
      status: 'Active',
    },
    { kind: 'inline-policy', policyName: 'p', document: '{}' },
    { kind: 'managed-policy', policyName: 'P', policyArn: 'arn:aws:iam::aws:policy/P' },
    { kind: 'group', groupName: 'admins' },
  ];
  await port.userAttachments('eve', USER_REMOVAL_ORDER);
  for (const attachment of attachments) await port.removeFromUser('eve', attachment);
  await port.deleteUser('eve');
  // Group policies and trust policies are changed from a laptop only: the core refuses them under
  // this role (iam-removal-steps.ts), so the port makes no such call here.
  for (const type of ['user', 'role'] as const) {
    const holder: PolicyHolder = { type, name: 'x' };
    await port.attachedPolicies(holder);
    await port.inlinePolicy(holder, 'p');
    await port.detachPolicy(holder, 'arn:aws:iam::aws:policy/P');
    await port.deleteInlinePolicy(holder, 'p');
  }
  const calls = iam.calls().map((c): [string, 'user' | 'role' | 'group'] => {
    const input = c.args[0].input as Record<string, unknown>;
    const on = 'GroupName' in input ? 'group' : 'RoleName' in input ? 'role' : 'user';
    return [`iam:${c.args[0].constructor.name.replace(/Command$/, '')}`, on];
  });
  iam.restore();
  return calls;
}

describe("ResponderRole's removals", () => {
  it('are off by default: the automatic responder may make none of the removal calls', () => {
    // Prepare
    const built = buildStack({});

    // Act
    const actions = allowedActionsOf(statementsOf(Template.fromStack(built), built.responder.role.role));

    // Assess
    expect(actions.filter((a) => IAM_REMOVAL_ACTIONS.includes(a))).toEqual([]);
    expect(allowedActionsOf(statements())).toEqual(allowedActionsOf(statements(false)));
  });

  it('add exactly three statements: on users, roles and groups of the account', () => {
    // Act
    const added = statements(true).filter((s) => s.Sid?.startsWith('ApprovedRemovals'));

    // Assess
    expect(added).toEqual([
      {
        Sid: 'ApprovedRemovalsOnUsers',
        Effect: 'Allow',
        Action: [
          'iam:ListSigningCertificates',
          'iam:ListSSHPublicKeys',
          'iam:ListServiceSpecificCredentials',
          'iam:DeleteAccessKey',
          'iam:DeleteLoginProfile',
          'iam:DeactivateMFADevice',
          'iam:DeleteSigningCertificate',
          'iam:DeleteSSHPublicKey',
          'iam:DeleteServiceSpecificCredential',
          'iam:DetachUserPolicy',
          'iam:DeleteUser',
        ],
        Resource: USERS,
      },
      {
        Sid: 'ApprovedRemovalsOnRoles',
        Effect: 'Allow',
        Action: 'iam:DetachRolePolicy',
        Resource: ROLES,
      },
      {
        Sid: 'ApprovedRemovalsOnGroups',
        Effect: 'Allow',
        Action: 'iam:RemoveUserFromGroup',
        Resource: GROUPS,
      },
    ]);
    const others = statements(false);
    expect(
      statements(true).filter((s) => !s.Sid?.startsWith('ApprovedRemovals') && s.Effect === 'Allow'),
    ).toEqual(others.filter((s) => s.Effect === 'Allow'));
  });

  it('grant every call the removal port makes, on the resource IAM authorises it on, and nothing it does not make', async () => {
    // Prepare
    const allows = statements(true).filter((s) => s.Effect === 'Allow');
    const resourceOf = { user: USERS, role: ROLES, group: GROUPS };
    const allowed = (action: string, on: 'user' | 'role' | 'group'): boolean =>
      allows.some(
        (s) => asList(s.Action).includes(action) && asList(s.Resource as string).includes(resourceOf[on]),
      );

    // Act
    const calls = await callsOfTheRemovalPort();

    // Assess
    expect(calls.filter(([action, on]) => !allowed(action, on))).toEqual([]);
    const made = new Set(calls.map(([action]) => action));
    const added = allows
      .filter((s) => s.Sid?.startsWith('ApprovedRemovals'))
      .flatMap((s) => asList(s.Action));
    expect(added.filter((action) => !made.has(action))).toEqual([]);
    // Laptop only: no Deny can fence a group's members, and a trust policy on any role is admin.
    for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:DetachGroupPolicy', 'iam:DeleteGroupPolicy'])
      expect(allows.flatMap((s) => asList(s.Action))).not.toContain(action);
  });

  it.each(['NeverTouchTaggedPrincipals', 'NeverTouchConfiguredPrincipals', 'NeverTouchItself'])(
    'keep %s denying every write, the removals included',
    async (sid) => {
      // Prepare
      const writes = (await callsOfTheRemovalPort())
        .map(([action]) => action)
        .filter((action) => !/^iam:(List|Get)/.test(action));

      // Act
      const deny = statements(true).find((s) => s.Sid === sid);

      // Assess
      expect(deny?.Effect).toBe('Deny');
      expect(deny?.Action).toEqual([...IAM_WRITE_ACTIONS, ...IAM_REMOVAL_ACTIONS]);
      expect(writes.filter((action) => !asList(deny?.Action ?? []).includes(action))).toEqual([]);
    },
  );

  it('leave the Deny statements as they were when off', () => {
    // Act
    const denies = statements(false).filter((s) => s.Effect === 'Deny');

    // Assess
    expect(denies.map((s) => s.Action)).toEqual([IAM_WRITE_ACTIONS, IAM_WRITE_ACTIONS, IAM_WRITE_ACTIONS]);
  });

  it('leave nothing for cdk-nag unacknowledged on the role (the group wildcard is explained)', () => {
    // Prepare
    const { stack, role } = roleStack(true);

    // Act
    const report = new AwsSolutionsChecks(stack).validateScope(role);

    // Assess
    expect(report.violations).toEqual([]);
  });
});
