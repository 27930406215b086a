/**
 * IamInventory over IAM: read-only, every listing to its last page, a missing entity read as
 * absence. The calls, per the IAM API Reference:
 * - GetAccessKeyLastUsed: the user that owns a key (none for a root key);
 * - GetUser, GetRole: existence and CreateDate (GetRole also the trust policy, URL-encoded);
 * - ListAccessKeys: a user's keys, their Status and CreateDate;
 * - GetLoginProfile: a console password exists (NoSuchEntity when not);
 * - ListAttached{User,Role,Group}Policies, List{User,Role,Group}Policies: managed and inline policies;
 * - ListEntitiesForPolicy: where a managed policy is attached (NoSuchEntity once deleted);
 * - ListUsers: every user with its CreateDate, for the pass over what was created in the window.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListEntitiesForPolicy,
  paginateListGroupPolicies,
  paginateListRolePolicies,
  paginateListUserPolicies,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import type { PolicyHolder } from '../../core/action';
import type {
  AccessKeyState,
  AttachedPolicies,
  CreatedInWindow,
  IamInventory,
  ManagedPolicyState,
  RoleState,
  TimeWindow,
  UserState,
} from '../../core/investigation/ports';
import { awsCall } from './errors';
import { collect, nullWhenMissing } from './iam-calls';

/** IAM's default request rates are per account: a few listings at a time, not hundreds. */
const KEY_LISTING_CONCURRENCY = 4;

/** The two listings per kind of holder; paginators differ by name only. */
const POLICY_LISTINGS = {
  user: {
    attached: (client: IAMClient, name: string) =>
      paginateListAttachedUserPolicies({ client }, { UserName: name }),
    inline: (client: IAMClient, name: string) => paginateListUserPolicies({ client }, { UserName: name }),
  },
  role: {
    attached: (client: IAMClient, name: string) =>
      paginateListAttachedRolePolicies({ client }, { RoleName: name }),
    inline: (client: IAMClient, name: string) => paginateListRolePolicies({ client }, { RoleName: name }),
  },
  group: {
    attached: (client: IAMClient, name: string) =>
      paginateListAttachedGroupPolicies({ client }, { GroupName: name }),
    inline: (client: IAMClient, name: string) => paginateListGroupPolicies({ client }, { GroupName: name }),
  },
} as const;

const CALL_NAMES = { user: 'User', role: 'Role', group: 'Group' } as const;

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

function decodePolicyDocument(document: string | undefined): string | undefined {
  if (document === undefined) return undefined;
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

const inside = (date: Date | undefined, window: TimeWindow): boolean =>
  date !== undefined && date >= window.start && date <= window.end;

export class AwsIamInventory implements IamInventory {
  constructor(private readonly iam: IAMClient) {}

  async accessKey(accessKeyId: string): Promise<AccessKeyState | undefined> {
    const owner = await nullWhenMissing(
      awsCall('GetAccessKeyLastUsed', `access-key/${accessKeyId}`, () =>
        this.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })),
      ),
    );
    if (!owner?.UserName) return undefined;
    return (await this.accessKeys(owner.UserName))?.find((k) => k.accessKeyId === accessKeyId);
  }

  async user(userName: string): Promise<UserState | undefined> {
    const resource = `user/${userName}`;
    const found = await nullWhenMissing(
      awsCall('GetUser', resource, () => this.iam.send(new GetUserCommand({ UserName: userName }))),
    );
    if (found === null) return undefined;
    const [accessKeys, loginProfile, policies] = await Promise.all([
      this.accessKeys(userName),
      nullWhenMissing(
        awsCall('GetLoginProfile', resource, () =>
          this.iam.send(new GetLoginProfileCommand({ UserName: userName })),
        ),
      ),
      this.policiesOf({ type: 'user', name: userName }),
    ]);
    const createDate = iso(found.User?.CreateDate);
    return {
      userName,
      ...(createDate !== undefined ? { createDate } : {}),
      accessKeys: accessKeys ?? [],
      loginProfile: loginProfile !== null,
      policies: policies ?? { managed: [], inline: [] },
    };
  }

  async role(roleName: string): Promise<RoleState | undefined> {
    const found = await nullWhenMissing(
      awsCall('GetRole', `role/${roleName}`, () => this.iam.send(new GetRoleCommand({ RoleName: roleName }))),
    );
    if (found === null) return undefined;
    const policies = await this.policiesOf({ type: 'role', name: roleName });
    const createDate = iso(found.Role?.CreateDate);
    const trustPolicy = decodePolicyDocument(found.Role?.AssumeRolePolicyDocument);
    return {
      roleName,
      ...(createDate !== undefined ? { createDate } : {}),
      ...(trustPolicy !== undefined ? { trustPolicy } : {}),
      policies: policies ?? { managed: [], inline: [] },
    };
  }

  async groupPolicies(groupName: string): Promise<AttachedPolicies | undefined> {
    return (await this.policiesOf({ type: 'group', name: groupName })) ?? undefined;
  }

  async managedPolicy(policyArn: string): Promise<ManagedPolicyState | undefined> {
    const pages = await nullWhenMissing(
      awsCall('ListEntitiesForPolicy', `policy/${policyArn}`, () =>
        collect(paginateListEntitiesForPolicy({ client: this.iam }, { PolicyArn: policyArn }), (page) => [
          page,
        ]),
      ),
    );
    if (pages === null) return undefined;
    const attachedTo: PolicyHolder[] = pages.flatMap((page) => [
      ...(page.PolicyUsers ?? []).map((u) => ({ type: 'user' as const, name: u.UserName ?? '' })),
      ...(page.PolicyRoles ?? []).map((r) => ({ type: 'role' as const, name: r.RoleName ?? '' })),
      ...(page.PolicyGroups ?? []).map((g) => ({ type: 'group' as const, name: g.GroupName ?? '' })),
    ]);
    return { policyArn, attachedTo: attachedTo.filter((h) => h.name !== '') };
  }

  async createdIn(window: TimeWindow): Promise<CreatedInWindow> {
    const users = await awsCall('ListUsers', 'account', () =>
      collect(paginateListUsers({ client: this.iam }, {}), (page) => page.Users),
    );
    const names = users.map((u) => u.UserName).filter((n): n is string => n !== undefined);
    const accessKeys: AccessKeyState[] = [];
    for (let i = 0; i < names.length; i += KEY_LISTING_CONCURRENCY) {
      const batch = await Promise.all(
        names.slice(i, i + KEY_LISTING_CONCURRENCY).map((n) => this.accessKeys(n)),
      );
      accessKeys.push(...batch.flatMap((keys) => keys ?? []));
    }
    return {
      users: users
        .filter((u) => u.UserName !== undefined && inside(u.CreateDate, window))
        .map((u) => ({ userName: u.UserName ?? '', createDate: iso(u.CreateDate) ?? '' })),
      accessKeys: accessKeys.filter(
        (k) => k.createDate !== undefined && inside(new Date(k.createDate), window),
      ),
    };
  }

  /** null when the user is gone (deleted between two calls). */
  private accessKeys(userName: string): Promise<AccessKeyState[] | null> {
    return nullWhenMissing(
      awsCall('ListAccessKeys', `user/${userName}`, async () => {
        const keys = await collect(
          paginateListAccessKeys({ client: this.iam }, { UserName: userName }),
          (page) => page.AccessKeyMetadata,
        );
        return keys.map((k) => {
          const createDate = iso(k.CreateDate);
          return {
            accessKeyId: k.AccessKeyId ?? '',
            userName,
            status: k.Status ?? 'unknown',
            ...(createDate !== undefined ? { createDate } : {}),
          };
        });
      }),
    );
  }

  private policiesOf(holder: PolicyHolder): Promise<AttachedPolicies | null> {
    const listings = POLICY_LISTINGS[holder.type];
    const kind = CALL_NAMES[holder.type];
    const resource = `${holder.type}/${holder.name}`;
    return nullWhenMissing(
      Promise.all([
        awsCall(`ListAttached${kind}Policies`, resource, () =>
          collect(listings.attached(this.iam, holder.name), (page) => page.AttachedPolicies),
        ),
        awsCall(`List${kind}Policies`, resource, () =>
          collect(listings.inline(this.iam, holder.name), (page) => page.PolicyNames),
        ),
      ]).then(([attached, inline]) => ({
        managed: attached.map((p) => p.PolicyArn).filter((a): a is string => a !== undefined),
        inline,
      })),
    );
  }
}
