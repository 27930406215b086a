/**
 * The removals a person approves, and what `ato undo` puts back, on the same in-memory account as
 * InMemoryIamAccount (its users, roles and call log) plus the account's groups. As IAM does, it
 * refuses DeleteUser while anything is attached, and RemoveUserFromGroup is authorised on the group
 * (a protected user's Deny does not stop it).
 */
import type { PolicyHolder } from '../../core/action';
import type { IamRemovalPort, IamRestorePort, UserAttachment, UserAttachmentKind } from '../../core/ports';
import { ProviderError } from '../../core/ports';
import type { InMemoryIamAccount, MemoryUser } from './iam-account';

export interface MemoryGroup {
  name: string;
  attachedPolicies?: { policyName: string; policyArn: string }[];
  inlinePolicies?: Record<string, string>;
  /** IAM answers AccessDenied to a write on it (a role without the permission). */
  denyWrites?: boolean;
}

/** What a policy call reads or changes on a user, role or group. */
type PolicyEntity = Omit<MemoryGroup, 'name'>;

const LISTINGS: Record<UserAttachmentKind, string> = {
  'access-key': 'ListAccessKeys',
  'login-profile': 'GetLoginProfile',
  'mfa-device': 'ListMFADevices',
  'signing-certificate': 'ListSigningCertificates',
  'ssh-public-key': 'ListSSHPublicKeys',
  'service-specific-credential': 'ListServiceSpecificCredentials',
  'inline-policy': 'ListUserPolicies',
  'managed-policy': 'ListAttachedUserPolicies',
  group: 'ListGroupsForUser',
};

/** The call that removes an attachment, and the parameter naming it. */
function removal(a: UserAttachment): [operation: string, params: Record<string, string>] {
  switch (a.kind) {
    case 'access-key':
      return ['DeleteAccessKey', { AccessKeyId: a.accessKeyId }];
    case 'login-profile':
      return ['DeleteLoginProfile', {}];
    case 'mfa-device':
      return ['DeactivateMFADevice', { SerialNumber: a.serialNumber }];
    case 'signing-certificate':
      return ['DeleteSigningCertificate', { CertificateId: a.certificateId }];
    case 'ssh-public-key':
      return ['DeleteSSHPublicKey', { SSHPublicKeyId: a.sshPublicKeyId }];
    case 'service-specific-credential':
      return ['DeleteServiceSpecificCredential', { ServiceSpecificCredentialId: a.credentialId }];
    case 'inline-policy':
      return ['DeleteUserPolicy', { PolicyName: a.policyName }];
    case 'managed-policy':
      return ['DetachUserPolicy', { PolicyArn: a.policyArn }];
    case 'group':
      return ['RemoveUserFromGroup', { GroupName: a.groupName }];
  }
}

/** Everything attached to the user, as IAM would list it. */
export function attachmentsOf(user: MemoryUser): UserAttachment[] {
  return [
    ...user.accessKeys.map((k): UserAttachment => ({ kind: 'access-key', ...k })),
    ...(user.loginProfile ? [{ kind: 'login-profile' as const, ...user.loginProfile }] : []),
    ...(user.mfaDevices ?? []).map((d): UserAttachment => ({ kind: 'mfa-device', ...d })),
    ...(user.signingCertificates ?? []).map((c): UserAttachment => ({ kind: 'signing-certificate', ...c })),
    ...(user.sshPublicKeys ?? []).map((k): UserAttachment => ({ kind: 'ssh-public-key', ...k })),
    ...(user.serviceSpecificCredentials ?? []).map((c): UserAttachment => ({
      kind: 'service-specific-credential',
      ...c,
    })),
    ...Object.entries(user.inlinePolicies ?? {}).map(([policyName, document]): UserAttachment => ({
      kind: 'inline-policy',
      policyName,
      document,
    })),
    ...(user.attachedPolicies ?? []).map((p): UserAttachment => ({ kind: 'managed-policy', ...p })),
    ...(user.groups ?? []).map((groupName): UserAttachment => ({ kind: 'group', groupName })),
  ];
}

const kindOf = (holder: PolicyHolder): string => holder.type[0]?.toUpperCase() + holder.type.slice(1);
const nameParam = (holder: PolicyHolder): Record<string, string> => ({
  [`${kindOf(holder)}Name`]: holder.name,
});

export class InMemoryIamRemovals implements IamRemovalPort, IamRestorePort {
  private readonly groups = new Map<string, MemoryGroup>();

  constructor(
    private readonly account: InMemoryIamAccount,
    groups: MemoryGroup[] = [],
  ) {
    for (const g of groups) this.groups.set(g.name, structuredClone(g));
  }

  group(name: string): MemoryGroup | undefined {
    return this.groups.get(name);
  }

  userAttachments(
    userName: string,
    kinds: readonly UserAttachmentKind[],
  ): Promise<UserAttachment[] | undefined> {
    for (const kind of kinds) this.account.call(LISTINGS[kind], { UserName: userName });
    const user = this.account.user(userName);
    return Promise.resolve(user && attachmentsOf(user).filter((a) => kinds.includes(a.kind)));
  }

  removeFromUser(userName: string, attachment: UserAttachment): Promise<void> {
    const [operation, params] = removal(attachment);
    this.account.call(operation, { UserName: userName, ...params });
    const user = this.account.user(userName);
    if (!user) return Promise.resolve();
    if (attachment.kind !== 'group') this.account.denyIfProtected(operation, user, `user/${userName}`);
    const other = <T>(list: T[] | undefined, same: (item: T) => boolean): T[] =>
      (list ?? []).filter((item) => !same(item));
    switch (attachment.kind) {
      case 'access-key':
        user.accessKeys = other(user.accessKeys, (k) => k.accessKeyId === attachment.accessKeyId);
        break;
      case 'login-profile':
        user.loginProfile = null;
        break;
      case 'mfa-device':
        user.mfaDevices = other(user.mfaDevices, (d) => d.serialNumber === attachment.serialNumber);
        break;
      case 'signing-certificate':
        user.signingCertificates = other(
          user.signingCertificates,
          (c) => c.certificateId === attachment.certificateId,
        );
        break;
      case 'ssh-public-key':
        user.sshPublicKeys = other(user.sshPublicKeys, (k) => k.sshPublicKeyId === attachment.sshPublicKeyId);
        break;
      case 'service-specific-credential':
        user.serviceSpecificCredentials = other(
          user.serviceSpecificCredentials,
          (c) => c.credentialId === attachment.credentialId,
        );
        break;
      case 'inline-policy':
        delete user.inlinePolicies?.[attachment.policyName];
        break;
      case 'managed-policy':
        user.attachedPolicies = other(user.attachedPolicies, (p) => p.policyArn === attachment.policyArn);
        break;
      case 'group':
        user.groups = other(user.groups, (g) => g === attachment.groupName);
        break;
    }
    return Promise.resolve();
  }

  deleteUser(userName: string): Promise<void> {
    this.account.call('DeleteUser', { UserName: userName });
    const user = this.account.user(userName);
    if (!user) return Promise.resolve();
    this.account.denyIfProtected('DeleteUser', user, `user/${userName}`);
    const left = attachmentsOf(user);
    if (left.length)
      throw new ProviderError(
        'DeleteUser',
        `user/${userName}`,
        'DeleteConflict',
        `Cannot delete entity, must remove ${left[0]?.kind} first.`,
        false,
      );
    this.account.forgetUser(userName);
    return Promise.resolve();
  }

  attachedPolicies(holder: PolicyHolder): Promise<{ policyName: string; policyArn: string }[]> {
    const entity = this.entity(`ListAttached${kindOf(holder)}Policies`, holder, {});
    return Promise.resolve((entity.attachedPolicies ?? []).map((p) => ({ ...p })));
  }

  inlinePolicy(holder: PolicyHolder, policyName: string): Promise<string | null> {
    const entity = this.entity(`Get${kindOf(holder)}Policy`, holder, { PolicyName: policyName });
    return Promise.resolve(entity.inlinePolicies?.[policyName] ?? null);
  }

  detachPolicy(holder: PolicyHolder, policyArn: string): Promise<void> {
    const entity = this.entity(`Detach${kindOf(holder)}Policy`, holder, { PolicyArn: policyArn }, true);
    entity.attachedPolicies = (entity.attachedPolicies ?? []).filter((p) => p.policyArn !== policyArn);
    return Promise.resolve();
  }

  deleteInlinePolicy(holder: PolicyHolder, policyName: string): Promise<void> {
    const entity = this.entity(`Delete${kindOf(holder)}Policy`, holder, { PolicyName: policyName }, true);
    delete entity.inlinePolicies?.[policyName];
    return Promise.resolve();
  }

  attachPolicy(holder: PolicyHolder, policyArn: string): Promise<void> {
    const entity = this.entity(`Attach${kindOf(holder)}Policy`, holder, { PolicyArn: policyArn }, true);
    const policyName = policyArn.slice(policyArn.lastIndexOf('/') + 1);
    entity.attachedPolicies = [...(entity.attachedPolicies ?? []), { policyName, policyArn }];
    return Promise.resolve();
  }

  putInlinePolicy(holder: PolicyHolder, policyName: string, document: string): Promise<void> {
    const entity = this.entity(`Put${kindOf(holder)}Policy`, holder, { PolicyName: policyName }, true);
    entity.inlinePolicies = { ...(entity.inlinePolicies ?? {}), [policyName]: document };
    return Promise.resolve();
  }

  trustPolicy(roleName: string): Promise<string | null> {
    this.account.call('GetRole', { RoleName: roleName });
    const role = this.account.role(roleName);
    return Promise.resolve(role ? (role.trustPolicy ?? '') : null);
  }

  updateTrustPolicy(roleName: string, document: string): Promise<void> {
    this.entity('UpdateAssumeRolePolicy', { type: 'role', name: roleName }, {}, true);
    const role = this.account.role(roleName);
    if (role) role.trustPolicy = document;
    return Promise.resolve();
  }

  /** Logs the call, finds the user, role or group (NoSuchEntity if none) and, for a write, its Deny. */
  private entity(
    operation: string,
    holder: PolicyHolder,
    params: Record<string, string>,
    write = false,
  ): PolicyEntity {
    this.account.call(operation, { ...nameParam(holder), ...params });
    const found =
      holder.type === 'user'
        ? this.account.user(holder.name)
        : holder.type === 'role'
          ? this.account.role(holder.name)
          : this.groups.get(holder.name);
    if (!found)
      throw new ProviderError(
        operation,
        `${holder.type}/${holder.name}`,
        'NoSuchEntity',
        `The ${holder.type} with name ${holder.name} cannot be found.`,
        false,
      );
    if (write) this.account.denyIfProtected(operation, found, `${holder.type}/${holder.name}`);
    return found;
  }
}
