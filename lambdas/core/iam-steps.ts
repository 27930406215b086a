/**
 * The IAM steps of a plan and the state one execution carries between them: deactivate a key,
 * check protection, snapshot, write the responder's own inline policies. Every step answers with
 * an Outcome for the record; a step that cannot be sure it may act sets `halt` (fail closed).
 */
import type { ActionRecord, ActionState, IamPrincipal } from './action';
import type { ExecuteDeps } from './execute';
import { protectedByConfig, protectedByTags } from './guardrails';
import type { Incident, PrincipalSnapshot } from './incident';
import { ProviderError } from './ports';

/** Mutable context of one execution: the principal learnt on the way, and whether to go on. */
export interface Run {
  incident: Incident;
  principal?: IamPrincipal;
  /** Once set, no further write touches the principal (fail closed). */
  halt?: string;
  records: ActionRecord[];
  retryable?: ProviderError;
  budgetReserved: boolean;
  /** Takes the budget unit before a containment write; an Outcome means "do not write". */
  reserve: () => Promise<Outcome | undefined>;
}

export type Outcome = Pick<ActionRecord, 'status' | 'before' | 'after' | 'error' | 'undo' | 'approvalId'>;

export async function deactivateKey(
  target: { accessKeyId: string; userName?: string },
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  let userName = target.userName ?? (run.principal?.type === 'user' ? run.principal.name : undefined);
  if (!userName) {
    const owner = await deps.iam.findKeyOwner(target.accessKeyId);
    if (!owner) {
      run.halt = `access key ${target.accessKeyId} belongs to no user of this account`;
      escalate(run, `${run.halt}: check which account it belongs to.`);
      return { status: 'failed', error: run.halt };
    }
    if ('root' in owner) {
      run.halt = `access key ${target.accessKeyId} is the root user's: no automatic action on root`;
      escalate(run, `${run.halt}. Delete it by hand, signed in as root.`);
      return { status: 'refused', error: run.halt };
    }
    userName = owner.userName;
    learnPrincipal(run, { type: 'user', name: userName });
  }
  const principal: IamPrincipal = { type: 'user', name: userName };
  const refusal = await guard(principal, run, deps);
  if (refusal) return refusal;

  // The CLI (preflight) can afford to read the status first; the Lambda cannot (first call rule).
  let before: ActionState = {
    type: 'access-key',
    userName,
    accessKeyId: target.accessKeyId,
    status: 'Active',
    observed: false,
  };
  if (deps.protectedTagCheck === 'preflight') {
    const status = await deps.iam.getAccessKeyStatus(userName, target.accessKeyId);
    before = { ...before, status: status ?? 'unknown', observed: true };
  }
  const held = await run.reserve();
  if (held) return held;
  await deps.iam.setAccessKeyStatus(userName, target.accessKeyId, 'Inactive');
  return {
    status: 'done',
    before,
    after: {
      type: 'access-key',
      userName,
      accessKeyId: target.accessKeyId,
      status: 'Inactive',
      observed: true,
    },
    undo: `aws iam update-access-key --user-name ${userName} --access-key-id ${target.accessKeyId} --status Active`,
  };
}

/** Config protection always; tag protection by pre-flight read when the role cannot enforce it. */
export async function guard(
  principal: IamPrincipal,
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome | undefined> {
  if (protectedByConfig(principal, run.incident.accountId, deps.config)) {
    run.halt = `${principal.type} ${principal.name} is a protected principal (config)`;
    escalate(run, `${run.halt}: nothing was changed; contain it by hand.`);
    return { status: 'refused', error: run.halt };
  }
  if (deps.protectedTagCheck !== 'preflight') return undefined;
  let tags: Record<string, string>;
  try {
    tags = await deps.iam.getPrincipalTags(principal);
  } catch (error) {
    // Throttling is worth a retry of the whole run; anything else means "cannot tell": fail closed.
    if (error instanceof ProviderError && error.retryable) throw error;
    const why = error instanceof Error ? error.message : String(error);
    run.halt = `could not check whether ${principal.type} ${principal.name} is protected (${why})`;
    escalate(run, `${run.halt}: nothing was changed (fail closed).`);
    return { status: 'refused', error: run.halt };
  }
  if (protectedByTags(tags)) {
    run.halt = `${principal.type} ${principal.name} is tagged ato:protected=true`;
    escalate(run, `${run.halt}: nothing was changed; contain it by hand.`);
    return { status: 'refused', error: run.halt };
  }
  return undefined;
}

export async function snapshot(run: Run, deps: ExecuteDeps): Promise<Outcome> {
  if (!run.principal) {
    run.halt = 'the principal behind the key is unknown';
    escalate(run, `${run.halt}: no snapshot, so no reversible change is made.`);
    return { status: 'skipped', error: run.halt };
  }
  let snap: PrincipalSnapshot;
  try {
    snap = await deps.iam.snapshotPrincipal(run.principal);
  } catch (error) {
    if (error instanceof ProviderError && error.retryable) throw error;
    // Without a snapshot nothing later could be undone, nor the tags checked: fail closed.
    const why = error instanceof Error ? error.message : String(error);
    run.halt = `snapshot of ${run.principal.type} ${run.principal.name} failed (${why})`;
    escalate(run, `${run.halt}: no further change made (fail closed).`);
    return { status: 'failed', error: why };
  }
  run.incident.snapshot = snap;
  if (snap.principal.arn) learnPrincipal(run, { ...run.principal }, snap.principal.arn);
  if (protectedByTags(snap.tags)) {
    run.halt = `${run.principal.type} ${run.principal.name} is tagged ato:protected=true`;
    escalate(run, `${run.halt}: no further change made.`);
  }
  return { status: 'done', after: { type: 'principal-snapshot', snapshot: snap } };
}

export async function putOwnPolicy(
  run: Run,
  deps: ExecuteDeps,
  policyName: string,
  document: string,
): Promise<Outcome> {
  const principal = run.principal;
  if (!principal) return { status: 'skipped', error: 'the principal behind the key is unknown' };
  const refusal = await guard(principal, run, deps);
  if (refusal) return refusal;
  const held = await run.reserve();
  if (held) return held;
  const previous = await deps.iam.getInlinePolicy(principal, policyName);
  await deps.iam.putInlinePolicy(principal, policyName, document);
  const flag = principal.type === 'role' ? '--role-name' : '--user-name';
  return {
    status: 'done',
    before: { type: 'inline-policy', principal, policyName, document: previous },
    after: { type: 'inline-policy', principal, policyName, document },
    undo:
      previous === null
        ? `aws iam delete-${principal.type}-policy ${flag} ${principal.name} --policy-name ${policyName}`
        : `restore the previous ${policyName} document recorded in before-state (ato undo does it)`,
  };
}

export function principalOf(incident: Incident): IamPrincipal | undefined {
  const p = incident.principal;
  return p.name && (p.type === 'user' || p.type === 'role') ? { type: p.type, name: p.name } : undefined;
}

export function learnPrincipal(run: Run, principal: IamPrincipal, arn?: string): void {
  run.principal = principal;
  run.incident.principal = {
    ...run.incident.principal,
    type: principal.type,
    name: principal.name,
    ...(arn ? { arn } : {}),
  };
}

export function escalate(run: Run, reason: string): void {
  if (!run.incident.escalations.includes(reason)) run.incident.escalations.push(reason);
}
