/**
 * SesSenderDirectory over IAM: every user and role whose policies allow an SES send action, each
 * sending user with its access keys and their last use. Read-only. The calls, per the IAM API Reference:
 * - GetAccountAuthorizationDetails (Filter User, Role, Group, LocalManagedPolicy), every page: each
 *   principal's inline policies, attached managed policies and groups, and each customer managed
 *   policy with its versions; documents URL-encoded.
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 * - GetPolicy (DefaultVersionId), GetPolicyVersion (Document): each AWS managed policy attached to
 *   something, read once. Asking the listing for AWSManagedPolicy instead would bring every AWS
 *   managed policy in existence with every version, attached or not.
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html
 * - ListAccessKeys: a sending user's keys, their Status and CreateDate.
 * - GetAccessKeyLastUsed: LastUsedDate, ServiceName, Region of each active key; ServiceName and
 *   Region are `N/A` for a key never used.
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
 */
import {
  type AttachedPolicy,
  type EntityType,
  GetAccessKeyLastUsedCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  type GroupDetail,
  type IAMClient,
  type ManagedPolicyDetail,
  type PolicyDetail,
  type RoleDetail,
  type UserDetail,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
} from '@aws-sdk/client-iam';
import type { SenderKey, SesSender, SesSenderDirectory } from '../../core/ses-senders';
import { grantsSesSending } from '../../core/ses-senders';
import { awsCall } from './errors';
import { collect, nullWhenMissing } from './iam-calls';

const ENTITIES: EntityType[] = ['User', 'Role', 'Group', 'LocalManagedPolicy'];

/** IAM's request rates are per account, shared with everything else running in it. */
const IAM_CONCURRENCY = 4;

/** What GetAccessKeyLastUsed says for a key never used (and for Region, before April 2015). */
const NOT_AVAILABLE = 'N/A';

interface AuthorizationDetails {
  users: UserDetail[];
  roles: RoleDetail[];
  groups: GroupDetail[];
  policies: ManagedPolicyDetail[];
}

/** A policy's default-version document by ARN, still URL-encoded; undefined when it could not be read. */
type PolicyDocuments = Map<string, string | undefined>;

export class AwsSesSenders implements SesSenderDirectory {
  constructor(private readonly iam: IAMClient) {}

  async senders(): Promise<SesSender[]> {
    const details = await this.authorizationDetails();
    const documents = await this.policyDocuments(details);
    const groups = new Map(details.groups.map((group) => [group.GroupName, group]));

    const users = details.users.flatMap((user): SesSender[] => {
      const memberOf = (user.GroupList ?? []).flatMap((name) => groups.get(name) ?? []);
      const grantedBy = distinct([
        ...granting(user.UserPolicyList, user.AttachedManagedPolicies, documents),
        ...memberOf.flatMap((group) =>
          granting(group.GroupPolicyList, group.AttachedManagedPolicies, documents),
        ),
      ]);
      return senderOf('user', user.UserName, user.Arn, grantedBy);
    });
    const roles = details.roles.flatMap((role) =>
      senderOf(
        'role',
        role.RoleName,
        role.Arn,
        granting(role.RolePolicyList, role.AttachedManagedPolicies, documents),
      ),
    );

    const keys = await inParallel(users, (user) => this.accessKeys(user.principal.name));
    const withKeys = users.flatMap((user, i) => {
      const accessKeys = keys[i];
      // null: the user was deleted since the listing, and sends nothing any more.
      return accessKeys === null || accessKeys === undefined ? [] : [{ ...user, accessKeys }];
    });
    return [...withKeys, ...roles];
  }

  private async authorizationDetails(): Promise<AuthorizationDetails> {
    const pages = await awsCall('iam:GetAccountAuthorizationDetails', 'account', () =>
      collect(paginateGetAccountAuthorizationDetails({ client: this.iam }, { Filter: ENTITIES }), (page) => [
        page,
      ]),
    );
    return {
      users: pages.flatMap((page) => page.UserDetailList ?? []),
      roles: pages.flatMap((page) => page.RoleDetailList ?? []),
      groups: pages.flatMap((page) => page.GroupDetailList ?? []),
      policies: pages.flatMap((page) => page.Policies ?? []),
    };
  }

  /**
   * Customer managed policies come with the listing; any other attached policy (AWS managed, in
   * whatever partition) is read with GetPolicy and GetPolicyVersion, once each.
   */
  private async policyDocuments(details: AuthorizationDetails): Promise<PolicyDocuments> {
    const documents: PolicyDocuments = new Map();
    for (const policy of details.policies) {
      if (policy.Arn === undefined) continue;
      const version = policy.PolicyVersionList?.find((v) => v.IsDefaultVersion);
      documents.set(policy.Arn, version?.Document);
    }
    const attached = [...details.users, ...details.groups, ...details.roles].flatMap(
      (holder) => holder.AttachedManagedPolicies ?? [],
    );
    const unread = distinct(attached.flatMap((p) => p.PolicyArn ?? [])).filter((arn) => !documents.has(arn));
    const read = await inParallel(unread, (arn) => this.defaultVersionDocument(arn));
    unread.forEach((arn, i) => documents.set(arn, read[i]));
    return documents;
  }

  /** Undefined when the policy was deleted since the listing: it grants nothing any more. */
  private async defaultVersionDocument(policyArn: string): Promise<string | undefined> {
    const resource = `policy/${policyArn}`;
    const policy = await nullWhenMissing(
      awsCall('iam:GetPolicy', resource, () => this.iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))),
    );
    const versionId = policy?.Policy?.DefaultVersionId;
    if (versionId === undefined) return undefined;
    const version = await nullWhenMissing(
      awsCall('iam:GetPolicyVersion', resource, () =>
        this.iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
      ),
    );
    return version?.PolicyVersion?.Document;
  }

  /**
   * Every key with its status; the last use of the active ones only, one after the other, so a user
   * holds one of the IAM_CONCURRENCY slots. Null when the user is gone.
   */
  private async accessKeys(userName: string): Promise<SenderKey[] | null> {
    const listed = await nullWhenMissing(
      awsCall('iam:ListAccessKeys', `user/${userName}`, () =>
        collect(
          paginateListAccessKeys({ client: this.iam }, { UserName: userName }),
          (page) => page.AccessKeyMetadata,
        ),
      ),
    );
    if (listed === null) return null;
    const keys: SenderKey[] = [];
    for (const key of listed) {
      if (key.AccessKeyId === undefined) continue;
      const createDate = key.CreateDate?.toISOString();
      const lastUsed = key.Status === 'Active' ? await this.lastUsed(key.AccessKeyId) : undefined;
      keys.push({
        accessKeyId: key.AccessKeyId,
        status: key.Status ?? 'unknown',
        ...(createDate !== undefined ? { createDate } : {}),
        ...(lastUsed !== undefined ? { lastUsed } : {}),
      });
    }
    return keys;
  }

  private async lastUsed(accessKeyId: string): Promise<SenderKey['lastUsed']> {
    const response = await nullWhenMissing(
      awsCall('iam:GetAccessKeyLastUsed', `access-key/${accessKeyId}`, () =>
        this.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })),
      ),
    );
    const used = response?.AccessKeyLastUsed;
    const at = used?.LastUsedDate?.toISOString();
    const service = known(used?.ServiceName);
    const region = known(used?.Region);
    if (at === undefined && service === undefined && region === undefined) return undefined;
    return {
      ...(at !== undefined ? { at } : {}),
      ...(service !== undefined ? { service } : {}),
      ...(region !== undefined ? { region } : {}),
    };
  }
}

/** The names of the policies, inline or attached, whose document allows sending. */
function granting(
  inline: PolicyDetail[] | undefined,
  attached: AttachedPolicy[] | undefined,
  documents: PolicyDocuments,
): string[] {
  return [
    ...(inline ?? [])
      .filter((policy) => grantsSesSending(policy.PolicyDocument))
      .flatMap((policy) => policy.PolicyName ?? []),
    ...(attached ?? [])
      .filter((policy) => policy.PolicyArn !== undefined && grantsSesSending(documents.get(policy.PolicyArn)))
      .flatMap((policy) => policy.PolicyName ?? policy.PolicyArn ?? []),
  ];
}

function senderOf(
  type: 'user' | 'role',
  name: string | undefined,
  arn: string | undefined,
  grantedBy: string[],
): SesSender[] {
  if (name === undefined || grantedBy.length === 0) return [];
  return [{ principal: { type, name, ...(arn !== undefined ? { arn } : {}) }, grantedBy, accessKeys: [] }];
}

const known = (value: string | undefined): string | undefined =>
  value === undefined || value === '' || value === NOT_AVAILABLE ? undefined : value;

const distinct = (values: string[]): string[] => [...new Set(values)];

/**
 * `run` over every item, at most IAM_CONCURRENCY at a time, results in the items' order. After a
 * failure no further item starts; the first failure is the one reported.
 */
async function inParallel<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next;
      next += 1;
      try {
        results[i] = await run(items[i] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IAM_CONCURRENCY, items.length) }, worker));
  return results;
}
