/**
 * A principal's IAM state as it was before the responder touched it: keys, policies, groups,
 * console login, MFA and tags, each listing read to its last page: the basis of `undo`.
 */
import {
  GetLoginProfileCommand,
  GetRoleCommand,
  type IAMClient,
  paginateListAccessKeys,
  paginateListAttachedRolePolicies,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListRolePolicies,
  paginateListUserPolicies,
} from '@aws-sdk/client-iam';
import type { IamPrincipal } from '../../core/action';
import type { PrincipalSnapshot } from '../../core/incident';
import type { IamPort } from '../../core/ports';
import { awsCall } from './errors';
import { collect, isoDate, nullWhenMissing, principalResource } from './iam-calls';

/** Tags and inline policies are read through the port, exactly as the responder reads them elsewhere. */
export type PrincipalReads = Pick<IamPort, 'getPrincipalTags' | 'getInlinePolicy'>;

export function readPrincipalSnapshot(
  iam: IAMClient,
  reads: PrincipalReads,
  principal: IamPrincipal,
  takenAt: string,
): Promise<PrincipalSnapshot> {
  return principal.type === 'user'
    ? snapshotUser(iam, reads, principal.name, takenAt)
    : snapshotRole(iam, reads, principal.name, takenAt);
}

/** Every read is independent: issue them together, each listing to its last page. */
async function snapshotUser(
  iam: IAMClient,
  reads: PrincipalReads,
  name: string,
  takenAt: string,
): Promise<PrincipalSnapshot> {
  const principal: IamPrincipal = { type: 'user', name };
  const resource = principalResource(principal);
  const client = { client: iam };
  const input = { UserName: name };
  const [keys, attached, inlineNames, groups, loginProfile, mfa, tags] = await Promise.all([
    awsCall('ListAccessKeys', resource, () =>
      collect(paginateListAccessKeys(client, input), (p) => p.AccessKeyMetadata),
    ),
    awsCall('ListAttachedUserPolicies', resource, () =>
      collect(paginateListAttachedUserPolicies(client, input), (p) => p.AttachedPolicies),
    ),
    awsCall('ListUserPolicies', resource, () =>
      collect(paginateListUserPolicies(client, input), (p) => p.PolicyNames),
    ),
    awsCall('ListGroupsForUser', resource, () =>
      collect(paginateListGroupsForUser(client, input), (p) => p.Groups),
    ),
    nullWhenMissing(
      awsCall(
        'GetLoginProfile',
        resource,
        async () => (await iam.send(new GetLoginProfileCommand(input))).LoginProfile,
      ),
    ),
    awsCall('ListMFADevices', resource, () =>
      collect(paginateListMFADevices(client, input), (p) => p.MFADevices),
    ),
    reads.getPrincipalTags(principal),
  ]);
  return {
    takenAt,
    principal: { type: 'user', name },
    accessKeys: keys.map((k) => ({
      accessKeyId: k.AccessKeyId ?? '',
      status: k.Status ?? '',
      ...isoDate('createDate', k.CreateDate),
    })),
    attachedPolicies: attached.map((p) => ({
      policyName: p.PolicyName ?? '',
      policyArn: p.PolicyArn ?? '',
    })),
    inlinePolicies: await readInlinePolicies(reads, principal, inlineNames),
    groups: groups.map((g) => g.GroupName ?? ''),
    loginProfile:
      loginProfile == null
        ? null
        : {
            ...isoDate('createDate', loginProfile.CreateDate),
            ...(loginProfile.PasswordResetRequired === undefined
              ? {}
              : { passwordResetRequired: loginProfile.PasswordResetRequired }),
          },
    mfaDevices: mfa.map((d) => ({
      serialNumber: d.SerialNumber ?? '',
      ...isoDate('enableDate', d.EnableDate),
    })),
    tags,
  };
}

async function snapshotRole(
  iam: IAMClient,
  reads: PrincipalReads,
  name: string,
  takenAt: string,
): Promise<PrincipalSnapshot> {
  const principal: IamPrincipal = { type: 'role', name };
  const resource = principalResource(principal);
  const client = { client: iam };
  const input = { RoleName: name };
  const [role, attached, inlineNames, tags] = await Promise.all([
    awsCall('GetRole', resource, async () => (await iam.send(new GetRoleCommand(input))).Role),
    awsCall('ListAttachedRolePolicies', resource, () =>
      collect(paginateListAttachedRolePolicies(client, input), (p) => p.AttachedPolicies),
    ),
    awsCall('ListRolePolicies', resource, () =>
      collect(paginateListRolePolicies(client, input), (p) => p.PolicyNames),
    ),
    reads.getPrincipalTags(principal),
  ]);
  return {
    takenAt,
    principal: { type: 'role', name, ...(role?.Arn === undefined ? {} : { arn: role.Arn }) },
    accessKeys: [],
    attachedPolicies: attached.map((p) => ({
      policyName: p.PolicyName ?? '',
      policyArn: p.PolicyArn ?? '',
    })),
    inlinePolicies: await readInlinePolicies(reads, principal, inlineNames),
    groups: [],
    loginProfile: null,
    mfaDevices: [],
    tags,
  };
}

/** A policy deleted between the listing and the read is skipped: it is not part of the state. */
async function readInlinePolicies(
  reads: PrincipalReads,
  principal: IamPrincipal,
  policyNames: readonly string[],
): Promise<PrincipalSnapshot['inlinePolicies']> {
  const read = await Promise.all(
    policyNames.map(async (policyName) => ({
      policyName,
      document: await reads.getInlinePolicy(principal, policyName),
    })),
  );
  return read.flatMap(({ policyName, document }) => (document === null ? [] : [{ policyName, document }]));
}
