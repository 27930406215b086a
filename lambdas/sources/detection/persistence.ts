/**
 * Persistence: back doors an intruder leaves so that revoking the leaked key is not enough — new users,
 * keys and passwords for other users, admin rights, roles another account can assume.
 * ATT&CK: https://attack.mitre.org/tactics/TA0003/ ; Stratus Red Team ids from stratus-red-team.cloud.
 */
import type { Severity } from '../../core/signal';
import type { CloudTrailCall } from '../cloudtrail-call';
import { stringAt, valueAt } from '../eventbridge-envelope';
import { callerUserName } from './caller';
import { did, eventRule, known, param } from './call-matching';
import { grantsAdmin, policyDocumentOf, trustedAwsPrincipals } from './policy-document';
import type { DetectionRule, RuleFinding } from './rule';

const IAM = 'iam.amazonaws.com';

export const createUser = eventRule({
  id: 'persistence.create-user',
  title: 'IAM user created',
  severity: 'medium',
  technique: 'T1136.003 Create Account: Cloud Account (Stratus: aws.persistence.iam-create-admin-user)',
  rationale:
    'A new user outlives the leaked key: intruders create one (often with admin rights and its own key) first thing.',
  eventSource: IAM,
  eventNames: ['CreateUser'],
  find: (call) => {
    const user = param(call, 'userName') ?? 'with no name';
    return {
      summary: `${did(call, 'created', 'create')} IAM user ${user}`,
      evidence: known({ targetUser: param(call, 'userName') }),
    };
  },
});

/** The IAM user a credential call is for, when that is not the caller itself (absent userName = the caller). */
function otherTargetUser(call: CloudTrailCall): string | undefined {
  const target = param(call, 'userName');
  return target === undefined || target === callerUserName(call) ? undefined : target;
}

export const accessKeyForAnotherUser = eventRule({
  id: 'persistence.access-key-for-another-user',
  title: 'Access key created for another IAM user',
  severity: 'high',
  technique:
    'T1098.001 Account Manipulation: Additional Cloud Credentials (Stratus: aws.persistence.iam-backdoor-user)',
  rationale:
    'People create keys for themselves; a key made for someone else is a second door that survives revoking the first.',
  eventSource: IAM,
  eventNames: ['CreateAccessKey'],
  find: (call) => {
    const target = otherTargetUser(call);
    if (target === undefined) return undefined;
    return {
      summary: `${did(call, 'created', 'create')} an access key for IAM user ${target}`,
      evidence: known({
        targetUser: target,
        createdAccessKeyId: stringAt(call.responseElements, 'accessKey', 'accessKeyId'),
      }),
    };
  },
});

export const rootAccessKey = eventRule({
  id: 'persistence.root-access-key',
  title: 'Access key created for the root user',
  severity: 'critical',
  technique: 'T1098.001 Account Manipulation: Additional Cloud Credentials',
  rationale:
    'AWS advises against root access keys: no policy, SCP or permission boundary limits them, so an intruder signed in as root makes one to keep the whole account.',
  eventSource: IAM,
  eventNames: ['CreateAccessKey'],
  find: (call) => {
    // Root names no user: the key is its own. Root naming a user makes that user's key (the rule above).
    if (call.userIdentity.type !== 'Root' || param(call, 'userName') !== undefined) return undefined;
    return {
      summary: `${did(call, 'created', 'create')} an access key for the root user`,
      evidence: known({ createdAccessKeyId: stringAt(call.responseElements, 'accessKey', 'accessKeyId') }),
    };
  },
});

export const loginProfileForAnotherUser = eventRule({
  id: 'persistence.login-profile-for-another-user',
  title: 'Console password set for another IAM user',
  severity: 'high',
  technique:
    'T1098.001 Account Manipulation: Additional Cloud Credentials (Stratus: aws.persistence.iam-create-user-login-profile, aws.privilege-escalation.iam-update-user-login-profile)',
  rationale:
    'Giving another user a console password, or resetting theirs, lets an intruder sign in as that user.',
  eventSource: IAM,
  eventNames: ['CreateLoginProfile', 'UpdateLoginProfile'],
  find: (call) => {
    const target = otherTargetUser(call);
    if (target === undefined) return undefined;
    const summary =
      call.eventName === 'CreateLoginProfile'
        ? `${did(call, 'gave', 'give')} IAM user ${target} a console password`
        : `${did(call, 'changed', 'change')} the console password of IAM user ${target}`;
    return { summary, evidence: { targetUser: target } };
  },
});

const ADMIN_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** Admin on a user is an intruder's own login; on a role or group it is broader but one step removed. */
const ADMIN_TARGETS: readonly { key: string; kind: string; severity: Severity }[] = [
  { key: 'userName', kind: 'IAM user', severity: 'critical' },
  { key: 'roleName', kind: 'role', severity: 'high' },
  { key: 'groupName', kind: 'group', severity: 'high' },
];

export const adminPolicy = eventRule({
  id: 'persistence.admin-policy',
  title: 'Full administrator rights granted',
  severity: 'high',
  technique:
    'T1098.003 Account Manipulation: Additional Cloud Roles (Stratus: aws.persistence.iam-create-admin-user)',
  rationale:
    'AdministratorAccess or an inline Allow */* turns a user, role or group into a master key; owners grant it rarely and deliberately.',
  eventSource: IAM,
  eventNames: [
    'AttachUserPolicy',
    'AttachRolePolicy',
    'AttachGroupPolicy',
    'PutUserPolicy',
    'PutRolePolicy',
    'PutGroupPolicy',
  ],
  find: (call): RuleFinding | undefined => {
    const target = ADMIN_TARGETS.find(({ key }) => param(call, key) !== undefined);
    if (target === undefined) return undefined;
    const name = param(call, target.key) ?? '';
    const policyArn = param(call, 'policyArn');
    const policyName = param(call, 'policyName');
    const managed = policyArn !== undefined && ADMIN_MANAGED_POLICY.test(policyArn);
    const document = policyDocumentOf(valueAt(call.requestParameters, 'policyDocument'));
    if (!managed && (document === undefined || !grantsAdmin(document))) return undefined;
    const grant = managed ? 'AdministratorAccess' : `inline policy ${policyName ?? ''} allowing * on *`;
    return {
      summary: `${did(call, 'granted', 'grant')} ${grant} to ${target.kind} ${name}`,
      severity: target.severity,
      evidence: known({ [target.key]: name, policyArn, policyName }),
    };
  },
});

export const roleTrustsForeignAccount = eventRule({
  id: 'persistence.role-trusts-foreign-account',
  title: 'Role trusts an account outside this one',
  severity: 'high',
  technique:
    'T1098.003 Account Manipulation: Additional Cloud Roles (Stratus: aws.persistence.iam-backdoor-role)',
  rationale:
    "A role the intruder's own account can assume is a back door no key rotation closes; trusts outside the configured accounts are rare.",
  eventSource: IAM,
  eventNames: ['CreateRole', 'UpdateAssumeRolePolicy'],
  find: (call, ctx) => {
    const field = call.eventName === 'CreateRole' ? 'assumeRolePolicyDocument' : 'policyDocument';
    const document = policyDocumentOf(valueAt(call.requestParameters, field));
    if (document === undefined) return undefined;
    const own = call.recipientAccountId ?? call.userIdentity.accountId;
    const foreign = trustedAwsPrincipals(document).filter(
      ({ account }) => account !== own && !ctx.trustedAccounts.includes(account),
    );
    if (foreign.length === 0) return undefined;
    const anyone = foreign.some(({ account }) => account === '*');
    const whom = anyone
      ? 'anyone (Principal *)'
      : `account ${[...new Set(foreign.map((f) => f.account))].join(', ')}`;
    const role = param(call, 'roleName') ?? 'with no name';
    const summary =
      call.eventName === 'CreateRole'
        ? `${did(call, 'created', 'create')} role ${role} trusting ${whom}`
        : `${did(call, 'made', 'make')} role ${role} trust ${whom}`;
    return {
      summary,
      severity: anyone ? 'critical' : undefined,
      evidence: known({
        roleName: param(call, 'roleName'),
        trustedPrincipals: foreign.map((f) => f.principal).join(', '),
      }),
    };
  },
});

/**
 * The event names the group, not its policies: a name is all there is to go on. Groups named like
 * "Admins", "Administrators", "aws-admin", "PowerUsers" match; an admin group named "ops" does not.
 */
const ADMIN_GROUP_NAME = /admin|power-?users?|superusers?/i;

export const addUserToAdminGroup = eventRule({
  id: 'persistence.add-user-to-admin-group',
  title: 'User added to an admin group',
  severity: 'high',
  technique: 'T1098.003 Account Manipulation: Additional Cloud Roles',
  rationale:
    'Joining an admin group is privilege escalation without touching a policy, and easy to miss in a review.',
  eventSource: IAM,
  eventNames: ['AddUserToGroup'],
  find: (call) => {
    const group = param(call, 'groupName');
    const user = param(call, 'userName') ?? 'with no name';
    if (group === undefined || !ADMIN_GROUP_NAME.test(group)) return undefined;
    return {
      summary: `${did(call, 'added', 'add')} IAM user ${user} to group ${group}`,
      evidence: known({ groupName: group, targetUser: param(call, 'userName') }),
    };
  },
});

export const PERSISTENCE_RULES: readonly DetectionRule[] = [
  createUser,
  accessKeyForAnotherUser,
  rootAccessKey,
  loginProfileForAnotherUser,
  adminPolicy,
  roleTrustsForeignAccount,
  addUserToAdminGroup,
];
