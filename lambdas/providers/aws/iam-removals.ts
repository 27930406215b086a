/**
 * IamRemovalPort over the AWS SDK v3 IAM client: the removals a person approved. Wired only where
 * approvals are carried out (`ato approve`, the approval runbooks' step, whose role grants these
 * calls with `removals: true`); the automatic responder neither holds it nor may make these calls.
 * Every listing is read to its last page; every removal is idempotent (NoSuchEntity is "done").
 */
import {
  type AttachedPolicy,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteRolePolicyCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  type ServiceSpecificCredentialMetadata,
  RemoveUserFromGroupCommand,
  UpdateAssumeRolePolicyCommand,
  paginateListAccessKeys,
  paginateListAttachedGroupPolicies,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListSSHPublicKeys,
  paginateListSigningCertificates,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import type { PolicyHolder } from '../../core/action';
import type { IamRemovalPort, UserAttachment, UserAttachmentKind } from '../../core/ports';
import { awsCall } from './errors';
import {
  byHolder,
  collect,
  decodePolicy,
  holderKind,
  isoDate,
  nullWhenMissing,
  principalResource,
} from './iam-calls';

type Pages<Item> = AsyncIterable<Item>;

/** UpdateAssumeRolePolicy: shared with the restore port (`ato undo` puts the previous one back). */
export async function updateAssumeRolePolicy(
  iam: IAMClient,
  roleName: string,
  document: string,
): Promise<void> {
  await awsCall('UpdateAssumeRolePolicy', `role/${roleName}/trust-policy`, () =>
    iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: document })),
  );
}

export class AwsIamRemovals implements IamRemovalPort {
  constructor(private readonly iam: IAMClient) {}

  async userAttachments(
    userName: string,
    kinds: readonly UserAttachmentKind[],
  ): Promise<UserAttachment[] | undefined> {
    // Every listing but GetLoginProfile answers NoSuchEntity only when the user itself is missing.
    const lists = await nullWhenMissing(Promise.all(kinds.map((kind) => this.list(userName, kind))));
    return lists === null ? undefined : lists.flat();
  }

  private async list(UserName: string, kind: UserAttachmentKind): Promise<UserAttachment[]> {
    const client = { client: this.iam };
    const input = { UserName };
    const resource = `user/${UserName}`;
    const read = <Page, Item>(call: string, pages: Pages<Page>, items: (page: Page) => Item[] | undefined) =>
      awsCall(call, resource, () => collect(pages, items));
    switch (kind) {
      case 'access-key':
        return (
          await read('ListAccessKeys', paginateListAccessKeys(client, input), (p) => p.AccessKeyMetadata)
        ).map((k) => ({
          kind,
          accessKeyId: k.AccessKeyId ?? '',
          status: k.Status ?? '',
          ...isoDate('createDate', k.CreateDate),
        }));
      case 'login-profile': {
        const profile = await nullWhenMissing(
          awsCall(
            'GetLoginProfile',
            resource,
            async () => (await this.iam.send(new GetLoginProfileCommand(input))).LoginProfile,
          ),
        );
        if (profile == null) return [];
        const reset = profile.PasswordResetRequired;
        return [
          {
            kind,
            ...isoDate('createDate', profile.CreateDate),
            ...(reset === undefined ? {} : { passwordResetRequired: reset }),
          },
        ];
      }
      case 'mfa-device':
        return (await read('ListMFADevices', paginateListMFADevices(client, input), (p) => p.MFADevices)).map(
          (d) => ({ kind, serialNumber: d.SerialNumber ?? '', ...isoDate('enableDate', d.EnableDate) }),
        );
      case 'signing-certificate':
        return (
          await read(
            'ListSigningCertificates',
            paginateListSigningCertificates(client, input),
            (p) => p.Certificates,
          )
        ).map((c) => ({ kind, certificateId: c.CertificateId ?? '', status: c.Status ?? '' }));
      case 'ssh-public-key':
        return (
          await read('ListSSHPublicKeys', paginateListSSHPublicKeys(client, input), (p) => p.SSHPublicKeys)
        ).map((k) => ({ kind, sshPublicKeyId: k.SSHPublicKeyId ?? '', status: k.Status ?? '' }));
      case 'service-specific-credential':
        return (
          await awsCall('ListServiceSpecificCredentials', resource, () => this.serviceCredentials(UserName))
        ).map((c) => ({
          kind,
          credentialId: c.ServiceSpecificCredentialId ?? '',
          serviceName: c.ServiceName ?? '',
          status: c.Status ?? '',
        }));
      case 'inline-policy': {
        const names = await read(
          'ListUserPolicies',
          paginateListUserPolicies(client, input),
          (p) => p.PolicyNames,
        );
        const user: PolicyHolder = { type: 'user', name: UserName };
        const read1 = async (policyName: string) => ({
          policyName,
          document: await this.inlinePolicy(user, policyName),
        });
        // A policy deleted between the listing and the read is no longer attached: left out.
        return (await Promise.all(names.map(read1))).flatMap(({ policyName, document }) =>
          document === null ? [] : [{ kind, policyName, document }],
        );
      }
      case 'managed-policy':
        return (await this.attachedPolicies({ type: 'user', name: UserName })).map((p) => ({ kind, ...p }));
      case 'group':
        return (
          await read('ListGroupsForUser', paginateListGroupsForUser(client, input), (p) => p.Groups)
        ).map((g) => ({ kind, groupName: g.GroupName ?? '' }));
    }
  }

  /** The SDK has no paginator for this one (its Marker came later): followed by hand. */
  private async serviceCredentials(UserName: string): Promise<ServiceSpecificCredentialMetadata[]> {
    const all: ServiceSpecificCredentialMetadata[] = [];
    let Marker: string | undefined;
    do {
      const page = await this.iam.send(
        new ListServiceSpecificCredentialsCommand({ UserName, ...(Marker ? { Marker } : {}) }),
      );
      all.push(...(page.ServiceSpecificCredentials ?? []));
      Marker = page.IsTruncated ? page.Marker : undefined;
    } while (Marker);
    return all;
  }

  removeFromUser(UserName: string, attachment: UserAttachment): Promise<void> {
    const at = (what: string): string => `user/${UserName}/${what}`;
    const iam = this.iam;
    switch (attachment.kind) {
      case 'access-key': {
        const { accessKeyId: AccessKeyId } = attachment;
        return remove('DeleteAccessKey', at(`access-key/${AccessKeyId}`), () =>
          iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId })),
        );
      }
      case 'login-profile':
        return remove('DeleteLoginProfile', at('login-profile'), () =>
          iam.send(new DeleteLoginProfileCommand({ UserName })),
        );
      case 'mfa-device': {
        const { serialNumber: SerialNumber } = attachment;
        return remove('DeactivateMFADevice', at(`mfa/${SerialNumber}`), () =>
          iam.send(new DeactivateMFADeviceCommand({ UserName, SerialNumber })),
        );
      }
      case 'signing-certificate': {
        const { certificateId: CertificateId } = attachment;
        return remove('DeleteSigningCertificate', at(`signing-certificate/${CertificateId}`), () =>
          iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId })),
        );
      }
      case 'ssh-public-key': {
        const { sshPublicKeyId: SSHPublicKeyId } = attachment;
        return remove('DeleteSSHPublicKey', at(`ssh-public-key/${SSHPublicKeyId}`), () =>
          iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId })),
        );
      }
      case 'service-specific-credential': {
        const { credentialId: ServiceSpecificCredentialId } = attachment;
        return remove(
          'DeleteServiceSpecificCredential',
          at(`service-specific-credential/${ServiceSpecificCredentialId}`),
          () =>
            iam.send(new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId })),
        );
      }
      case 'inline-policy':
        return this.deleteInlinePolicy({ type: 'user', name: UserName }, attachment.policyName);
      case 'managed-policy':
        return this.detachPolicy({ type: 'user', name: UserName }, attachment.policyArn);
      case 'group': {
        const { groupName: GroupName } = attachment;
        return remove('RemoveUserFromGroup', at(`group/${GroupName}`), () =>
          iam.send(new RemoveUserFromGroupCommand({ GroupName, UserName })),
        );
      }
    }
  }

  deleteUser(UserName: string): Promise<void> {
    return remove('DeleteUser', `user/${UserName}`, () => this.iam.send(new DeleteUserCommand({ UserName })));
  }

  async attachedPolicies(holder: PolicyHolder): Promise<{ policyName: string; policyArn: string }[]> {
    const client = { client: this.iam };
    const pages = byHolder<Pages<{ AttachedPolicies?: AttachedPolicy[] }>>(holder, {
      user: (UserName) => paginateListAttachedUserPolicies(client, { UserName }),
      role: (RoleName) => paginateListAttachedRolePolicies(client, { RoleName }),
      group: (GroupName) => paginateListAttachedGroupPolicies(client, { GroupName }),
    });
    const attached = await awsCall(
      `ListAttached${holderKind(holder)}Policies`,
      principalResource(holder),
      () => collect(pages, (p) => p.AttachedPolicies),
    );
    return attached.map((p) => ({ policyName: p.PolicyName ?? '', policyArn: p.PolicyArn ?? '' }));
  }

  async inlinePolicy(holder: PolicyHolder, PolicyName: string): Promise<string | null> {
    const iam = this.iam;
    const get = byHolder<() => Promise<{ PolicyDocument?: string }>>(holder, {
      user: (UserName) => () => iam.send(new GetUserPolicyCommand({ UserName, PolicyName })),
      role: (RoleName) => () => iam.send(new GetRolePolicyCommand({ RoleName, PolicyName })),
      group: (GroupName) => () => iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName })),
    });
    const resource = `${principalResource(holder)}/inline-policy/${PolicyName}`;
    const found = await nullWhenMissing(awsCall(`Get${holderKind(holder)}Policy`, resource, get));
    return found?.PolicyDocument == null ? null : decodePolicy(found.PolicyDocument);
  }

  detachPolicy(holder: PolicyHolder, PolicyArn: string): Promise<void> {
    const iam = this.iam;
    const send = byHolder<() => Promise<unknown>>(holder, {
      user: (UserName) => () => iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn })),
      role: (RoleName) => () => iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn })),
      group: (GroupName) => () => iam.send(new DetachGroupPolicyCommand({ GroupName, PolicyArn })),
    });
    const resource = `${principalResource(holder)}/managed-policy/${PolicyArn}`;
    return remove(`Detach${holderKind(holder)}Policy`, resource, send);
  }

  deleteInlinePolicy(holder: PolicyHolder, PolicyName: string): Promise<void> {
    const iam = this.iam;
    const send = byHolder<() => Promise<unknown>>(holder, {
      user: (UserName) => () => iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName })),
      role: (RoleName) => () => iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName })),
      group: (GroupName) => () => iam.send(new DeleteGroupPolicyCommand({ GroupName, PolicyName })),
    });
    const resource = `${principalResource(holder)}/inline-policy/${PolicyName}`;
    return remove(`Delete${holderKind(holder)}Policy`, resource, send);
  }

  async trustPolicy(RoleName: string): Promise<string | null> {
    const role = await nullWhenMissing(
      awsCall(
        'GetRole',
        `role/${RoleName}`,
        async () => (await this.iam.send(new GetRoleCommand({ RoleName }))).Role,
      ),
    );
    return role?.AssumeRolePolicyDocument == null ? null : decodePolicy(role.AssumeRolePolicyDocument);
  }

  updateTrustPolicy(roleName: string, document: string): Promise<void> {
    return updateAssumeRolePolicy(this.iam, roleName, document);
  }
}

/** Idempotent: what is already gone is what the caller wanted. */
async function remove(call: string, resource: string, send: () => Promise<unknown>): Promise<void> {
  await nullWhenMissing(awsCall(call, resource, send));
}
