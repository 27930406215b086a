/**
 * A rogue user, a back-doored role and group, and the removals an investigation proposes for them,
 * carried out as `ato approve` does: the real executor, an in-memory account. Placeholders only:
 * account 123456789012, AWS's documentation identifiers.
 */
import type { Action, ActionRecord, ActionSpec, Mode } from '../../lambdas/core/action';
import type { ResponderConfig } from '../../lambdas/core/config';
import { executePlan } from '../../lambdas/core/execute';
import { targetKey } from '../../lambdas/core/plan';
import type { MemoryRole, MemoryUser } from '../../lambdas/providers/memory/iam-account';
import { InMemoryIamRemovals, type MemoryGroup } from '../../lambdas/providers/memory/iam-removals';
import { anIncident } from '../providers/store-fixtures';
import { harness } from './harness';

export const EVE_KEY = 'AKIAI44QH8DHBEXAMPLE';
export const EVE_SECOND_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const VIRTUAL_MFA = 'arn:aws:iam::123456789012:mfa/eve';
export const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
export const TRUST_OURS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
export const TRUST_INTRUDER = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' },
  ],
});

/** A user the intruder made, holding one of everything IAM makes DeleteUser wait for. */
export function eve(overrides: Partial<MemoryUser> = {}): MemoryUser {
  return {
    name: 'eve',
    arn: 'arn:aws:iam::123456789012:user/eve',
    accessKeys: [
      { accessKeyId: EVE_KEY, status: 'Active', createDate: '2026-11-22T02:43:05.000Z' },
      { accessKeyId: EVE_SECOND_KEY, status: 'Inactive' },
    ],
    loginProfile: { createDate: '2026-11-22T02:43:09.000Z', passwordResetRequired: false },
    mfaDevices: [{ serialNumber: VIRTUAL_MFA, enableDate: '2026-11-22T02:44:00.000Z' }],
    signingCertificates: [{ certificateId: 'TA7SMP42TDN5Z26OBPJE7EXAMPLE', status: 'Active' }],
    sshPublicKeys: [{ sshPublicKeyId: 'APKAEIBAERJR2EXAMPLE', status: 'Active' }],
    serviceSpecificCredentials: [
      { credentialId: 'ACCAQFODXMPL4YFHP7DZE', serviceName: 'codecommit.amazonaws.com', status: 'Active' },
    ],
    inlinePolicies: { 'keep-door-open': ALLOW_ALL },
    attachedPolicies: [{ policyName: 'AdministratorAccess', policyArn: ADMIN }],
    groups: ['admins'],
    tags: {},
    ...overrides,
  };
}

/** A role whose trust policy the intruder pointed at their own account, with a policy added. */
export function deployRole(overrides: Partial<MemoryRole> = {}): MemoryRole {
  return {
    name: 'deploy',
    arn: 'arn:aws:iam::123456789012:role/deploy',
    attachedPolicies: [{ policyName: 'AdministratorAccess', policyArn: ADMIN }],
    inlinePolicies: { 'keep-door-open': ALLOW_ALL },
    trustPolicy: TRUST_INTRUDER,
    tags: {},
    ...overrides,
  };
}

export function admins(): MemoryGroup {
  return { name: 'admins', attachedPolicies: [{ policyName: 'AdministratorAccess', policyArn: ADMIN }] };
}

export function removalHarness(
  opts: {
    users?: MemoryUser[];
    roles?: MemoryRole[];
    config?: ResponderConfig;
    protectedTagCheck?: 'iam-policy' | 'preflight';
  } = {},
) {
  const h = harness({
    users: opts.users ?? [eve()],
    roles: opts.roles ?? [deployRole()],
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.protectedTagCheck ? { protectedTagCheck: opts.protectedTagCheck } : {}),
  });
  return { ...h, removals: new InMemoryIamRemovals(h.iam, [admins()]) };
}

export function proposal(spec: ActionSpec, mode: Mode = 'enforce'): Action {
  return {
    ...spec,
    // Named by what it removes, as proposals are: two detaches are two actions.
    id: `inc-0001/investigation-${targetKey(spec)}-${spec.kind}`,
    incidentId: 'inc-0001',
    phase: 'investigation',
    mode,
    approval: 'required',
    reversible: false,
    reason: 'made with the leaked key during the incident',
  };
}

/** The approved removal run as `ato approve` runs it; `removals: false`: where no removal port is wired. */
export async function approved(
  h: ReturnType<typeof removalHarness>,
  spec: ActionSpec,
  options: { removals?: boolean; mode?: Mode } = {},
): Promise<{ record: ActionRecord; escalations: string[] }> {
  const plan = {
    incidentId: 'inc-0001',
    actions: [proposal(spec, options.mode)],
    skipped: [],
    escalations: [],
    budgetHeld: false,
  };
  const result = await executePlan(plan, anIncident(), {
    ...h.deps,
    ...(options.removals === false ? {} : { iamRemovals: h.removals }),
    actor: 'cli:jane',
    approvedBy: 'cli:jane',
    approvalId: 'apr-0001',
  });
  const [record] = result.records;
  if (!record || result.records.length !== 1) throw new Error('expected exactly one record');
  return { record, escalations: result.incident.escalations };
}

/** What a record says happened, for exact comparison. */
export function outcomeOf(record: ActionRecord) {
  const { status, before, after, error, undo } = record;
  return { status, before, after, error, undo };
}
