/**
 * The state now of each thing the intruder touched, read once per name however many events
 * mention it: does it still exist, is the key still active, is the policy still attached.
 */
import type { PolicyHolder } from '../action';
import type { CurrentState, RogueRef } from './investigation';
import type { AttachedPolicies, IamInventory, ManagedPolicyState, RoleState, UserState } from './ports';

function memoize<T>(read: (name: string) => Promise<T>): (name: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (name) => {
    let pending = cache.get(name);
    if (pending === undefined) {
      pending = read(name);
      cache.set(name, pending);
    }
    return pending;
  };
}

/** The inventory, each read made at most once per name. */
export class InventoryReader {
  readonly user: (userName: string) => Promise<UserState | undefined>;
  readonly role: (roleName: string) => Promise<RoleState | undefined>;
  readonly managedPolicy: (policyArn: string) => Promise<ManagedPolicyState | undefined>;
  private readonly groupPolicies: (groupName: string) => Promise<AttachedPolicies | undefined>;

  constructor(inventory: IamInventory) {
    this.user = memoize((name) => inventory.user(name));
    this.role = memoize((name) => inventory.role(name));
    this.managedPolicy = memoize((arn) => inventory.managedPolicy(arn));
    this.groupPolicies = memoize((name) => inventory.groupPolicies(name));
  }

  async policiesOf(holder: PolicyHolder): Promise<AttachedPolicies | undefined> {
    if (holder.type === 'user') return (await this.user(holder.name))?.policies;
    if (holder.type === 'role') return (await this.role(holder.name))?.policies;
    return this.groupPolicies(holder.name);
  }
}

const GONE: CurrentState = { exists: false, detail: 'gone' };

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function policyWords(policies: AttachedPolicies): string {
  return `${count(policies.managed.length, 'managed policy', 'managed policies')}, ${count(policies.inline.length, 'inline policy', 'inline policies')}`;
}

export async function currentStateOf(ref: RogueRef, reader: InventoryReader): Promise<CurrentState> {
  switch (ref.kind) {
    case 'user': {
      const user = await reader.user(ref.userName);
      if (!user) return GONE;
      const active = user.accessKeys.filter((k) => k.status === 'Active').length;
      return {
        exists: true,
        detail: `exists: ${count(active, 'active key')}, ${user.loginProfile ? 'console password set' : 'no console password'}, ${policyWords(user.policies)}`,
      };
    }
    case 'access-key': {
      const key = (await reader.user(ref.userName))?.accessKeys.find(
        (k) => k.accessKeyId === ref.accessKeyId,
      );
      return key ? { exists: true, detail: key.status.toLowerCase() } : GONE;
    }
    case 'login-profile': {
      const user = await reader.user(ref.userName);
      return user?.loginProfile ? { exists: true, detail: 'console password set' } : GONE;
    }
    case 'role':
    case 'trust-policy': {
      const role = await reader.role(ref.roleName);
      return role ? { exists: true, detail: `role exists: ${policyWords(role.policies)}` } : GONE;
    }
    case 'managed-policy': {
      const policy = await reader.managedPolicy(ref.policyArn);
      return policy
        ? { exists: true, detail: `exists: attached to ${count(policy.attachedTo.length, 'principal')}` }
        : GONE;
    }
    case 'policy-attachment': {
      const policies = await reader.policiesOf(ref.holder);
      const attached =
        ref.policyArn !== undefined
          ? policies?.managed.includes(ref.policyArn)
          : policies?.inline.includes(ref.policyName ?? '');
      return attached
        ? { exists: true, detail: 'still attached' }
        : { exists: false, detail: 'no longer attached' };
    }
  }
}
