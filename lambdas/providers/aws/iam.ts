/**
 * IamPort over the AWS SDK v3 IAM client. Individual commands and paginators only (never the
 * aggregated `IAM` class): each Lambda bundles what it sends and nothing more.
 */
import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type Tag,
  UpdateAccessKeyCommand,
  paginateListAccessKeys,
  paginateListRoleTags,
  paginateListUserTags,
} from '@aws-sdk/client-iam';
import type { IamPrincipal } from '../../core/action';
import type { PrincipalSnapshot } from '../../core/incident';
import { type Clock, type IamPort, ProviderError } from '../../core/ports';
import { awsCall } from './errors';
import { collect, decodePolicy, nullWhenMissing, principalResource } from './iam-calls';
import { readPrincipalSnapshot } from './iam-snapshot';

/**
 * The responder only ever writes or deletes inline policies it named itself. IAM has no condition
 * key for an inline policy's name, so the role's policy cannot enforce this: the code does.
 */
export const RESPONDER_POLICY_PREFIX = 'ato-responder-';

const systemClock: Clock = { now: () => new Date() };

function tagsToRecord(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

const policyResource = (principal: IamPrincipal, policyName: string): string =>
  `${principalResource(principal)}/inline-policy/${policyName}`;

function assertResponderPolicy(call: string, resource: string, policyName: string): void {
  if (policyName.startsWith(RESPONDER_POLICY_PREFIX) && policyName.length > RESPONDER_POLICY_PREFIX.length)
    return;
  throw new ProviderError(
    call,
    resource,
    'RefusedByResponder',
    `the responder only manages inline policies named ${RESPONDER_POLICY_PREFIX}*`,
    false,
  );
}

export class AwsIam implements IamPort {
  constructor(
    private readonly iam: IAMClient,
    private readonly clock: Clock = systemClock,
  ) {}

  async findKeyOwner(accessKeyId: string): Promise<{ userName: string } | { root: true } | undefined> {
    const found = await this.accessKeyLastUsed(accessKeyId);
    if (found === null) return undefined;
    // The API reference documents UserName only as "the IAM user that owns this access key" and is
    // silent on root keys, which have no IAM user: an absent UserName is read as the root's. Should
    // IAM answer the literal "root" instead, that is also a legal IAM user name, so it counts as
    // the root user's key only if no IAM user "root" holds it.
    const userName = found.UserName;
    if (userName === undefined || userName === '') return { root: true };
    if (userName === 'root' && (await this.getAccessKeyStatus(userName, accessKeyId)) === undefined) {
      return { root: true };
    }
    return { userName };
  }

  /** When IAM last saw the key used: null if never (or before IAM tracked it), undefined for an unknown key. */
  async keyLastUsedAt(accessKeyId: string): Promise<Date | null | undefined> {
    const found = await this.accessKeyLastUsed(accessKeyId);
    if (found === null) return undefined;
    return found.AccessKeyLastUsed?.LastUsedDate ?? null;
  }

  private accessKeyLastUsed(accessKeyId: string) {
    return nullWhenMissing(
      awsCall('GetAccessKeyLastUsed', `access-key/${accessKeyId}`, () =>
        this.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })),
      ),
    );
  }

  async getAccessKeyStatus(userName: string, accessKeyId: string): Promise<string | undefined> {
    const status = await nullWhenMissing(
      awsCall('ListAccessKeys', `user/${userName}`, async () => {
        for await (const page of paginateListAccessKeys({ client: this.iam }, { UserName: userName })) {
          const key = page.AccessKeyMetadata?.find((k) => k.AccessKeyId === accessKeyId);
          if (key !== undefined) return key.Status;
        }
        return undefined;
      }),
    );
    return status ?? undefined;
  }

  async setAccessKeyStatus(
    userName: string,
    accessKeyId: string,
    status: 'Active' | 'Inactive',
  ): Promise<void> {
    // Containment's first call: nothing may run before it, and it touches this one key only.
    await awsCall('UpdateAccessKey', `user/${userName}/access-key/${accessKeyId}`, () =>
      this.iam.send(
        new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: status }),
      ),
    );
  }

  async getPrincipalTags(principal: IamPrincipal): Promise<Record<string, string>> {
    const { name } = principal;
    const tags =
      principal.type === 'user'
        ? await awsCall('ListUserTags', principalResource(principal), () =>
            collect(paginateListUserTags({ client: this.iam }, { UserName: name }), (page) => page.Tags),
          )
        : await awsCall('ListRoleTags', principalResource(principal), () =>
            collect(paginateListRoleTags({ client: this.iam }, { RoleName: name }), (page) => page.Tags),
          );
    return tagsToRecord(tags);
  }

  snapshotPrincipal(principal: IamPrincipal): Promise<PrincipalSnapshot> {
    return readPrincipalSnapshot(this.iam, this, principal, this.clock.now().toISOString());
  }

  async getInlinePolicy(principal: IamPrincipal, policyName: string): Promise<string | null> {
    const { name } = principal;
    const resource = policyResource(principal, policyName);
    const document = await nullWhenMissing(
      principal.type === 'user'
        ? awsCall('GetUserPolicy', resource, async () => {
            const out = await this.iam.send(
              new GetUserPolicyCommand({ UserName: name, PolicyName: policyName }),
            );
            return out.PolicyDocument;
          })
        : awsCall('GetRolePolicy', resource, async () => {
            const out = await this.iam.send(
              new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }),
            );
            return out.PolicyDocument;
          }),
    );
    return document == null ? null : decodePolicy(document);
  }

  async putInlinePolicy(principal: IamPrincipal, policyName: string, document: string): Promise<void> {
    const { name } = principal;
    const resource = policyResource(principal, policyName);
    if (principal.type === 'user') {
      assertResponderPolicy('PutUserPolicy', resource, policyName);
      await awsCall('PutUserPolicy', resource, () =>
        this.iam.send(
          new PutUserPolicyCommand({ UserName: name, PolicyName: policyName, PolicyDocument: document }),
        ),
      );
    } else {
      assertResponderPolicy('PutRolePolicy', resource, policyName);
      await awsCall('PutRolePolicy', resource, () =>
        this.iam.send(
          new PutRolePolicyCommand({ RoleName: name, PolicyName: policyName, PolicyDocument: document }),
        ),
      );
    }
  }

  /** Idempotent: a policy that is already gone is what the caller wanted. */
  async deleteInlinePolicy(principal: IamPrincipal, policyName: string): Promise<void> {
    const { name } = principal;
    const resource = policyResource(principal, policyName);
    if (principal.type === 'user') {
      assertResponderPolicy('DeleteUserPolicy', resource, policyName);
      await nullWhenMissing(
        awsCall('DeleteUserPolicy', resource, () =>
          this.iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: policyName })),
        ),
      );
    } else {
      assertResponderPolicy('DeleteRolePolicy', resource, policyName);
      await nullWhenMissing(
        awsCall('DeleteRolePolicy', resource, () =>
          this.iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policyName })),
        ),
      );
    }
  }
}
