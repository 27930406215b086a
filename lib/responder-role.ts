/**
 * The responder's execution role, written out statement by statement because it is the part of
 * the stack a reviewer must be able to read in one sitting. The responder can switch a key off,
 * read a principal's IAM state for the incident record, and write or remove its own inline policies
 * on users and roles. It cannot create users or keys, attach managed policies, pass roles or delete
 * keys: containment here is always reversible (`ato undo`). Only with `removals` (the approval
 * runbooks' step) may it also carry out the removals a person approved: delete a user's keys,
 * password or the user, detach or delete a user's or role's policies (never a group's, never a trust
 * policy: those only from a laptop).
 *
 * Three Deny statements fence the writes whatever the code does: a principal tagged
 * `ato:protected=true`, the principals named in `protectedPrincipals`, and this role itself.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import { ConfigError, type ResponderConfig } from '../lambdas/core/config';
import { BY_KIND_INDEX } from './incident-table';

const USER_READS = [
  'iam:GetAccessKeyLastUsed', // who owns a key when the source event does not say
  'iam:ListAccessKeys',
  'iam:ListAttachedUserPolicies',
  'iam:ListUserPolicies',
  'iam:GetUserPolicy',
  'iam:ListGroupsForUser',
  'iam:GetLoginProfile',
  'iam:ListMFADevices',
  'iam:ListUserTags',
];
const ROLE_READS = [
  'iam:GetRole',
  'iam:ListAttachedRolePolicies',
  'iam:ListRolePolicies',
  'iam:GetRolePolicy',
  'iam:ListRoleTags',
];
// IAM has no condition key for an inline policy's name, so these cannot be limited to our own
// policies here: the provider refuses any policy name not starting with `ato-responder-`. Nor is
// there one for the policy document: that the responder only ever writes Deny policies is a
// property of its code, which is why the Deny statements below matter.
const USER_WRITES = ['iam:UpdateAccessKey', 'iam:PutUserPolicy', 'iam:DeleteUserPolicy'];
const ROLE_WRITES = ['iam:PutRolePolicy', 'iam:DeleteRolePolicy'];
export const IAM_WRITE_ACTIONS = [...USER_WRITES, ...ROLE_WRITES];

/**
 * What the removal port (providers/aws/iam-removals.ts) calls beyond the reads and writes above
 * (it also lists keys, policies, groups, login profile and MFA devices, and deletes inline policies).
 * DeactivateMFADevice only unassigns a device: DeleteVirtualMFADevice is on mfa/, left to a person.
 */
const REMOVAL_USER_ACTIONS = [
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
];
// Not iam:UpdateAssumeRolePolicy: a trust policy is put back only with a document a person supplies,
// from a laptop; on every unprotected role it would be as strong as admin.
const REMOVAL_ROLE_ACTIONS = ['iam:DetachRolePolicy'];
// RemoveUserFromGroup is authorised on the group: the core reads the user's tags before it.
const REMOVAL_GROUP_ACTIONS = [
  // Only leaving a group, for DeleteUser: a group's own policies are changed from a laptop, since no
  // Deny here can tell whether a protected principal is among its members.
  'iam:RemoveUserFromGroup',
];
/** The removals' writes: with `removals`, the Deny statements fence them as they fence IAM_WRITE_ACTIONS. */
export const IAM_REMOVAL_ACTIONS = [
  ...REMOVAL_USER_ACTIONS,
  ...REMOVAL_ROLE_ACTIONS,
  ...REMOVAL_GROUP_ACTIONS,
].filter((action) => !/^iam:(List|Get)/.test(action));

export const STORE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  // Also what TransactWriteItems checks for a condition-only item; there is no Transact* action.
  'dynamodb:ConditionCheckItem',
];

/**
 * IAM caps a role's inline policies at 10,240 characters together; the statements other than the
 * protected ARNs take about 2,400 (with tokens, which print longer than the account id they become).
 */
const MAX_PROTECTED_ARN_CHARS = 7000;
/** What the removals add: three Allow statements and their actions in each of the three Denies. */
const REMOVAL_POLICY_CHARS = 2000;

export const PROTECTED_TAG_CONDITION_KEY = 'aws:ResourceTag/ato:protected';

export interface ResponderRoleProps {
  /** Names or ARNs from the config; see protectedPrincipalArns. */
  readonly protectedPrincipals: readonly string[];
  readonly logGroup: ILogGroup;
  readonly table: ITable;
  readonly topic: ITopic;
  readonly topicKey: IKey;
  readonly failureQueue: IQueue;
  /** config.ses: which SES switches (and failover flag) the role may turn, if any. */
  readonly ses: ResponderConfig['ses'];
  /**
   * Also the IAM removals a person approved (delete a user's keys, password or the user, detach a
   * policy, replace a trust policy): for the approval runbooks' step only, never the automatic
   * responder. Default false.
   */
  readonly removals?: boolean;
}

export class ResponderRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ResponderRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const users = stack.formatArn({ service: 'iam', region: '', resource: 'user', resourceName: '*' });
    const roles = stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: '*' });
    const fenced = [...IAM_WRITE_ACTIONS, ...(props.removals ? IAM_REMOVAL_ACTIONS : [])];

    // No AWSLambdaBasicExecutionRole: its logs:CreateLogGroup/PutLogEvents on `*` are replaced by
    // the two log actions on our own log group below.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description:
        'ato-responder: contains leaked AWS access keys (deactivate, quarantine), records, notifies',
    });
    const allow = (sid: string, actions: string[], resources: string[]): void => {
      this.role.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources }));
    };
    const deny = (sid: string, resources: string[], conditions?: Record<string, unknown>): void => {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ sid, effect: Effect.DENY, actions: fenced, resources, conditions }),
      );
    };

    // Which principal owns a leaked key is known only from the event, at run time: `*` is the name.
    acknowledgeWildcard(
      this.role,
      users,
      'The user whose key leaked is known only from the event at run time. Allowed on users: ' +
        'UpdateAccessKey (deactivate, never delete), reads for the before-snapshot, and Put/DeleteUserPolicy ' +
        'for its own ato-responder-* inline deny policies; Deny statements exclude protected principals.',
    );
    acknowledgeWildcard(
      this.role,
      roles,
      'Leaked temporary credentials belong to a role known only from the event at run time. Allowed on ' +
        'roles: reads for the before-snapshot and Put/DeleteRolePolicy for its own ato-responder-* inline ' +
        'deny policies; Deny statements exclude protected roles and the responder role itself.',
    );
    allow('ReadUsersForSnapshots', USER_READS, [users]);
    allow('ReadRolesForSnapshots', ROLE_READS, [roles]);
    allow('ContainUsers', USER_WRITES, [users]);
    allow('ContainRoles', ROLE_WRITES, [roles]);
    if (props.removals) this.allowApprovedRemovals(allow, users, roles);

    // Enforced by IAM itself, not only by the code: fails closed even if the guardrail has a bug,
    // and costs no tag lookup on the critical path. Any case of "true", as the core reads the tag.
    deny('NeverTouchTaggedPrincipals', ['*'], {
      StringEqualsIgnoreCase: { [PROTECTED_TAG_CONDITION_KEY]: 'true' },
    });
    const protectedArns = protectedPrincipalArns(props.protectedPrincipals, stack);
    const arnChars = MAX_PROTECTED_ARN_CHARS - (props.removals ? REMOVAL_POLICY_CHARS : 0);
    if (protectedArns.join('","').length > arnChars) {
      throw new ConfigError([
        `protectedPrincipals: ${props.protectedPrincipals.length} entries expand to ${protectedArns.length} ARNs, ` +
          `more than the role's 10,240-character inline policy quota holds; tag them ato:protected=true instead`,
      ]);
    }
    if (protectedArns.length > 0) deny('NeverTouchConfiguredPrincipals', protectedArns);
    // Its own inline policies are among those PutRolePolicy could overwrite: never quarantine itself.
    deny('NeverTouchItself', [this.role.roleArn]);

    allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [props.logGroup.logGroupArn]);
    allow('RecordIncidents', STORE_ACTIONS, [
      props.table.tableArn,
      `${props.table.tableArn}/index/${BY_KIND_INDEX}`,
    ]);
    allow('NotifyPeople', ['sns:Publish'], [props.topic.topicArn]);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'EncryptNotifications',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.topicKey.keyArn],
        // The key is for SNS messages only, not a general-purpose decryption oracle.
        conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` } },
      }),
    );
    allow('ParkFailedInvocations', ['sqs:SendMessage'], [props.failureQueue.queueArn]);
    this.allowSesResponse(props.ses);
  }

  /** On users, roles and groups of this account; the Deny statements above still fence each write. */
  private allowApprovedRemovals(
    allow: (sid: string, actions: string[], resources: string[]) => void,
    users: string,
    roles: string,
  ): void {
    const groups = Stack.of(this).formatArn({
      service: 'iam',
      region: '',
      resource: 'group',
      resourceName: '*',
    });
    acknowledgeWildcard(
      this.role,
      groups,
      'The group a rogue user is in is known only from the approved deletion at run time. Allowed on ' +
        'groups: removing a user from them, nothing else (their policies are changed from a laptop).',
    );
    allow('ApprovedRemovalsOnUsers', REMOVAL_USER_ACTIONS, [users]);
    allow('ApprovedRemovalsOnRoles', REMOVAL_ROLE_ACTIONS, [roles]);
    allow('ApprovedRemovalsOnGroups', REMOVAL_GROUP_ACTIONS, [groups]);
  }

  /**
   * Only the writes the pause makes (it reads nothing first), only in the watched regions: the
   * account switch has no resource type, so `*` limited by aws:RequestedRegion; configuration sets
   * by ARN. The failover flag: read and write that one parameter. Nothing when SES is not watched.
   */
  private allowSesResponse(ses: ResponderConfig['ses']): void {
    if (!ses.regions.length) return;
    const stack = Stack.of(this);
    const sets = ses.pause.configurationSets;
    acknowledgeWildcard(
      this.role,
      '*',
      'ses:PutAccountSendingAttributes and iam:GetAccountAuthorizationDetails have no resource type; the first is limited to config ses.regions by aws:RequestedRegion, the second is read-only.',
    );
    if (!sets.length) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'PauseSesSending',
          actions: ['ses:PutAccountSendingAttributes'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:RequestedRegion': [...ses.regions] } },
        }),
      );
    } else {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'PauseSesConfigurationSets',
          actions: ['ses:PutConfigurationSetSendingOptions'],
          resources: ses.regions.flatMap((region) =>
            sets.map((set) =>
              stack.formatArn({ service: 'ses', region, resource: 'configuration-set', resourceName: set }),
            ),
          ),
        }),
      );
    }
    // Who can send (ListAccessKeys and GetAccessKeyLastUsed are granted on users above). The
    // account's authorization details have no resource type; AWS managed policies are read by ARN.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'FindSesSenders',
        actions: ['iam:GetAccountAuthorizationDetails'],
        resources: ['*'],
      }),
    );
    const awsManaged = `arn:${stack.partition}:iam::aws:policy/*`;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadAwsManagedPolicies',
        actions: ['iam:GetPolicy', 'iam:GetPolicyVersion'],
        resources: [awsManaged],
      }),
    );
    acknowledgeWildcard(
      this.role,
      awsManaged,
      'Which AWS managed policies grant SES sending is read from the policies themselves (GetPolicy, GetPolicyVersion): read-only.',
    );
    if (ses.failoverFlag) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'RaiseEmailFailoverFlag',
          actions: ['ssm:GetParameter', 'ssm:PutParameter'],
          resources: [
            stack.formatArn({
              service: 'ssm',
              resource: 'parameter',
              resourceName: ses.failoverFlag.parameterName.slice(1),
            }),
          ],
        }),
      );
    }
  }
}

/** Acknowledge cdk-nag's IAM5 finding for one wildcard resource, named exactly as cdk-nag names it. */
function acknowledgeWildcard(scope: Construct, arn: string, reason: string): void {
  const finding = flattenCfnReference(Stack.of(scope).resolve(arn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${finding}]`, reason });
}

/**
 * The IAM ARNs a protected-principal entry stands for. IAM ARNs carry the principal's path
 * (`user/ops/alice`) while the core matches names whatever the path, so every entry also yields a
 * `*\/name` form: IAM then refuses exactly what the core would skip. A name covers both the user
 * and the role of that name in this account; an ARN covers its own type and account, and is kept
 * as given too.
 */
export function protectedPrincipalArns(entries: readonly string[], stack: Stack): string[] {
  const arns = new Set<string>();
  for (const entry of entries) {
    const arn = /^arn:(aws[a-z-]*):iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(entry);
    if (arn) {
      const [, partition, account, type, name] = arn;
      const prefix = `arn:${partition}:iam::${account}:${type}`;
      arns.add(entry).add(`${prefix}/${name}`).add(`${prefix}/*/${name}`);
      continue;
    }
    if (entry.startsWith('arn:')) {
      throw new ConfigError([
        `protectedPrincipals: ${entry} is not an IAM user or role ARN ending in a name`,
      ]);
    }
    for (const type of ['user', 'role']) {
      for (const resourceName of [entry, `*/${entry}`]) {
        arns.add(stack.formatArn({ service: 'iam', region: '', resource: type, resourceName }));
      }
    }
  }
  return [...arns];
}
