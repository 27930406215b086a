/**
 * An in-memory IAM account behind the IamPort: the drill, the bench and the core's tests run the
 * real executor against it and read back, in order, the IAM calls it would have received.
 */
import type { IamPrincipal } from '../../core/action';
import type { PrincipalSnapshot } from '../../core/incident';
import type { Clock, IamPort } from '../../core/ports';
import { ProviderError } from '../../core/ports';

export interface MemoryUser {
  name: string;
  arn?: string;
  accessKeys: { accessKeyId: string; status: 'Active' | 'Inactive'; createDate?: string }[];
  attachedPolicies?: { policyName: string; policyArn: string }[];
  inlinePolicies?: Record<string, string>;
  groups?: string[];
  loginProfile?: { createDate?: string; passwordResetRequired?: boolean } | null;
  mfaDevices?: { serialNumber: string; enableDate?: string }[];
  signingCertificates?: { certificateId: string; status: string }[];
  sshPublicKeys?: { sshPublicKeyId: string; status: string }[];
  serviceSpecificCredentials?: { credentialId: string; serviceName: string; status: string }[];
  tags?: Record<string, string>;
  /** Simulates the responder role's Deny on `ato:protected=true`: IAM answers AccessDenied. */
  denyWrites?: boolean;
}

export interface MemoryRole {
  name: string;
  arn?: string;
  attachedPolicies?: { policyName: string; policyArn: string }[];
  inlinePolicies?: Record<string, string>;
  trustPolicy?: string;
  tags?: Record<string, string>;
  denyWrites?: boolean;
}

export interface IamCall {
  operation: string;
  params: Record<string, string>;
}

export class InMemoryIamAccount implements IamPort {
  readonly calls: IamCall[] = [];
  /** Make the next call to `operation` fail with this error (once). */
  readonly failures = new Map<string, ProviderError>();
  private readonly users = new Map<string, MemoryUser>();
  private readonly roles = new Map<string, MemoryRole>();

  constructor(
    setup: { users?: MemoryUser[]; roles?: MemoryRole[]; rootKeys?: string[] } = {},
    private readonly clock: Clock = { now: () => new Date() },
  ) {
    for (const u of setup.users ?? []) this.users.set(u.name, structuredClone(u));
    for (const r of setup.roles ?? []) this.roles.set(r.name, structuredClone(r));
    this.rootKeys = new Set(setup.rootKeys ?? []);
  }

  private readonly rootKeys: Set<string>;

  user(name: string): MemoryUser | undefined {
    return this.users.get(name);
  }

  role(name: string): MemoryRole | undefined {
    return this.roles.get(name);
  }

  /** The user is gone (DeleteUser, in the removals fake). */
  forgetUser(name: string): void {
    this.users.delete(name);
  }

  /** Make the next `times` calls to `operation` fail with `error`. */
  failNext(operation: string, error: ProviderError, times: number): void {
    this.queued.set(operation, [
      ...(this.queued.get(operation) ?? []),
      ...Array<ProviderError>(times).fill(error),
    ]);
  }

  private readonly queued = new Map<string, ProviderError[]>();

  /** Log a call (and fail it, when told to): also for the sibling fakes sharing this account. */
  call(operation: string, params: Record<string, string>): void {
    this.calls.push({ operation, params });
    const queued = this.queued.get(operation)?.shift();
    if (queued) throw queued;
    const failure = this.failures.get(operation);
    if (failure) {
      this.failures.delete(operation);
      throw failure;
    }
  }

  private needUser(call: string, name: string): MemoryUser {
    const user = this.users.get(name);
    if (!user)
      throw new ProviderError(
        call,
        `user/${name}`,
        'NoSuchEntity',
        `The user with name ${name} cannot be found.`,
        false,
      );
    return user;
  }

  private holder(call: string, principal: IamPrincipal): MemoryUser | MemoryRole {
    if (principal.type === 'user') return this.needUser(call, principal.name);
    const role = this.roles.get(principal.name);
    if (!role)
      throw new ProviderError(
        call,
        `role/${principal.name}`,
        'NoSuchEntity',
        `The role with name ${principal.name} cannot be found.`,
        false,
      );
    return role;
  }

  denyIfProtected(call: string, holder: { denyWrites?: boolean }, resource: string): void {
    if (holder.denyWrites) {
      throw new ProviderError(
        call,
        resource,
        'AccessDenied',
        `not authorized to perform: iam:${call} on resource: ${resource} with an explicit deny`,
        false,
      );
    }
  }

  findKeyOwner(accessKeyId: string): Promise<{ userName: string } | { root: true } | undefined> {
    this.call('GetAccessKeyLastUsed', { AccessKeyId: accessKeyId });
    if (this.rootKeys.has(accessKeyId)) return Promise.resolve({ root: true });
    for (const user of this.users.values()) {
      if (user.accessKeys.some((k) => k.accessKeyId === accessKeyId))
        return Promise.resolve({ userName: user.name });
    }
    return Promise.resolve(undefined);
  }

  getAccessKeyStatus(userName: string, accessKeyId: string): Promise<string | undefined> {
    this.call('ListAccessKeys', { UserName: userName });
    return Promise.resolve(
      this.needUser('ListAccessKeys', userName).accessKeys.find((k) => k.accessKeyId === accessKeyId)?.status,
    );
  }

  setAccessKeyStatus(userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void> {
    this.call('UpdateAccessKey', { UserName: userName, AccessKeyId: accessKeyId, Status: status });
    const user = this.needUser('UpdateAccessKey', userName);
    this.denyIfProtected('UpdateAccessKey', user, `user/${userName}`);
    const key = user.accessKeys.find((k) => k.accessKeyId === accessKeyId);
    if (!key)
      throw new ProviderError(
        'UpdateAccessKey',
        accessKeyId,
        'NoSuchEntity',
        `The Access Key with id ${accessKeyId} cannot be found.`,
        false,
      );
    key.status = status;
    return Promise.resolve();
  }

  getPrincipalTags(principal: IamPrincipal): Promise<Record<string, string>> {
    this.call(principal.type === 'user' ? 'ListUserTags' : 'ListRoleTags', nameParam(principal));
    return Promise.resolve({ ...(this.holder('ListTags', principal).tags ?? {}) });
  }

  snapshotPrincipal(principal: IamPrincipal): Promise<PrincipalSnapshot> {
    const holder = this.holder('Snapshot', principal);
    const p = nameParam(principal);
    const isUser = principal.type === 'user';
    const ops = isUser
      ? [
          'ListAccessKeys',
          'ListAttachedUserPolicies',
          'ListUserPolicies',
          'ListGroupsForUser',
          'GetLoginProfile',
          'ListMFADevices',
          'ListUserTags',
        ]
      : ['GetRole', 'ListAttachedRolePolicies', 'ListRolePolicies', 'ListRoleTags'];
    for (const op of ops) this.call(op, p);
    const inline = holder.inlinePolicies ?? {};
    for (const policyName of Object.keys(inline))
      this.call(isUser ? 'GetUserPolicy' : 'GetRolePolicy', { ...p, PolicyName: policyName });
    const user = isUser ? (holder as MemoryUser) : undefined;
    return Promise.resolve({
      takenAt: this.clock.now().toISOString(),
      principal: { ...principal, ...(holder.arn ? { arn: holder.arn } : {}) },
      accessKeys: (user?.accessKeys ?? []).map((k) => ({ ...k })),
      attachedPolicies: (holder.attachedPolicies ?? []).map((a) => ({ ...a })),
      inlinePolicies: Object.entries(inline).map(([policyName, document]) => ({ policyName, document })),
      groups: [...(user?.groups ?? [])],
      loginProfile: user?.loginProfile ? { ...user.loginProfile } : null,
      mfaDevices: (user?.mfaDevices ?? []).map((m) => ({ ...m })),
      tags: { ...(holder.tags ?? {}) },
    });
  }

  getInlinePolicy(principal: IamPrincipal, policyName: string): Promise<string | null> {
    this.call(principal.type === 'user' ? 'GetUserPolicy' : 'GetRolePolicy', {
      ...nameParam(principal),
      PolicyName: policyName,
    });
    return Promise.resolve(this.holder('GetPolicy', principal).inlinePolicies?.[policyName] ?? null);
  }

  putInlinePolicy(principal: IamPrincipal, policyName: string, document: string): Promise<void> {
    const op = principal.type === 'user' ? 'PutUserPolicy' : 'PutRolePolicy';
    this.call(op, { ...nameParam(principal), PolicyName: policyName });
    const holder = this.holder(op, principal);
    this.denyIfProtected(op, holder, `${principal.type}/${principal.name}`);
    holder.inlinePolicies = { ...(holder.inlinePolicies ?? {}), [policyName]: document };
    return Promise.resolve();
  }

  deleteInlinePolicy(principal: IamPrincipal, policyName: string): Promise<void> {
    const op = principal.type === 'user' ? 'DeleteUserPolicy' : 'DeleteRolePolicy';
    this.call(op, { ...nameParam(principal), PolicyName: policyName });
    const holder = this.holder(op, principal);
    this.denyIfProtected(op, holder, `${principal.type}/${principal.name}`);
    if (holder.inlinePolicies) delete holder.inlinePolicies[policyName];
    return Promise.resolve();
  }
}

function nameParam(principal: IamPrincipal): Record<string, string> {
  return principal.type === 'user' ? { UserName: principal.name } : { RoleName: principal.name };
}
