/**
 * Executing a plan through the provider ports. Containment first and alone on the critical path:
 * the very first IAM call for a leaked key is the one that deactivates it (preceded only by the
 * owner lookup when the event did not name the user). Every action leaves an ActionRecord with its
 * before/after state; required approvals become pending approvals; dry-run records "would do".
 */
import type { Action, ActionRecord, ActionState, IamPrincipal, PendingApproval, Plan } from './action';
import type { ResponderConfig } from './config';
import { budgetVerdict, protectedByConfig, protectedByTags } from './guardrails';
import { approvalIdFor } from './ids';
import type { Incident, PrincipalSnapshot } from './incident';
import {
  QUARANTINE_POLICY_NAME,
  REVOKE_POLICY_NAME,
  quarantinePolicy,
  revokeOlderSessionsPolicy,
} from './plan';
import type { Clock, IamPort, IncidentStore, Notifier } from './ports';
import { ProviderError } from './ports';
import { renderNotification } from './report';

export interface ExecuteDeps {
  iam: IamPort;
  notifier: Notifier;
  store: IncidentStore;
  clock: Clock;
  config: ResponderConfig;
  /** Who acts: `ato-responder` in Lambda, `cli:<user>` from a laptop. */
  actor: string;
  /**
   * How `ato:protected=true` is honoured. `iam-policy`: the deployed role carries an explicit Deny
   * on tagged principals, so IAM refuses and no call is spent before the deactivation.
   * `preflight`: read the tags first (the CLI runs with a person's credentials, which have no such
   * Deny); if the tags cannot be read, nothing is changed (fail closed).
   */
  protectedTagCheck: 'iam-policy' | 'preflight';
  /** Set when a person approved this execution. */
  approvedBy?: string;
  approvalId?: string;
}

export interface ExecutionResult {
  incident: Incident;
  records: ActionRecord[];
  /** A provider error worth retrying the delivery for (throttling, 5xx) stopped containment. */
  retryableFailure?: ProviderError;
}

/** Mutable context of one execution: the principal learnt on the way, and whether to go on. */
interface Run {
  incident: Incident;
  principal?: IamPrincipal;
  /** Once set, no further write touches the principal (fail closed). */
  halt?: string;
  records: ActionRecord[];
  retryable?: ProviderError;
  budgetReserved: boolean;
}

type Outcome = Pick<ActionRecord, 'status' | 'before' | 'after' | 'error' | 'undo'>;

export async function executePlan(
  plan: Plan,
  incident: Incident,
  deps: ExecuteDeps,
): Promise<ExecutionResult> {
  const run: Run = {
    incident: { ...incident, escalations: [...incident.escalations] },
    principal: principalOf(incident),
    records: [],
    budgetReserved: false,
  };
  for (const reason of plan.escalations) escalate(run, reason);

  // Containment first, in plan order; notification last, after the record is complete.
  const ordered = [
    ...plan.actions.filter((a) => a.phase !== 'notify'),
    ...plan.actions.filter((a) => a.phase === 'notify'),
  ];
  for (const action of ordered) {
    const startedAt = deps.clock.now().toISOString();
    const outcome = await runAction(action, run, deps);
    const record: ActionRecord = {
      actionId: action.id,
      incidentId: incident.id,
      kind: action.kind,
      target: resolvedTarget(action, run),
      mode: action.mode,
      approval: action.approval,
      actor: deps.actor,
      reason: action.reason,
      startedAt,
      finishedAt: deps.clock.now().toISOString(),
      ...(deps.approvedBy ? { approvedBy: deps.approvedBy } : {}),
      ...(deps.approvalId ? { approvalId: deps.approvalId } : {}),
      ...outcome,
    };
    run.records.push(record);
    await deps.store.appendActionRecord(record);
    if (run.retryable) break;
  }

  run.incident.status = statusAfter(run);
  run.incident.updatedAt = deps.clock.now().toISOString();
  return { incident: run.incident, records: run.records, retryableFailure: run.retryable };
}

async function runAction(action: Action, run: Run, deps: ExecuteDeps): Promise<Outcome> {
  if (action.approval === 'required' && !deps.approvedBy) return requestApproval(action, run, deps);
  if (action.kind !== 'notify.incident' && action.kind !== 'aws.iam.snapshot-principal' && run.halt) {
    return { status: 'skipped', error: run.halt };
  }
  if (action.mode === 'dry-run') return { status: 'would-do' };
  if (action.phase === 'containment' && !deps.approvedBy && !run.budgetReserved) {
    const limit = deps.config.budget.automaticContainmentsPerHour;
    const reserved = await deps.store.reserveContainment(action.incidentId, deps.clock.now(), limit);
    if (!reserved) {
      // Lost the race for the last budget unit to a concurrent incident: ask a person instead.
      const used = await deps.store.containmentsInLastHour(deps.clock.now());
      const verdict = budgetVerdict(used, limit);
      return requestApproval(
        { ...action, approval: 'required', reason: `${action.reason}; ${verdict.reason ?? 'budget spent'}` },
        run,
        deps,
      );
    }
    run.budgetReserved = true;
  }
  try {
    return await perform(action, run, deps);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return failed(action, run, error);
  }
}

async function requestApproval(action: Action, run: Run, deps: ExecuteDeps): Promise<Outcome> {
  const approval: PendingApproval = {
    approvalId: approvalIdFor(action.id),
    incidentId: action.incidentId,
    action,
    requestedAt: deps.clock.now().toISOString(),
    reason: action.reason,
    status: 'pending',
  };
  await deps.store.putApproval(approval);
  escalate(
    run,
    `Approval ${approval.approvalId} needed: ${action.kind} — ${action.reason} (ato approve ${approval.approvalId}).`,
  );
  return { status: 'pending-approval', undo: `nothing to undo until approved (${approval.approvalId})` };
}

function failed(action: Action, run: Run, error: ProviderError): Outcome {
  if (error.retryable) {
    run.retryable = error;
    return { status: 'failed', error: error.message };
  }
  if (error.accessDenied && action.kind !== 'notify.incident') {
    run.halt = `IAM refused ${error.call} on ${error.resource}: the principal is protected (ato:protected tag or protectedPrincipals) or the responder lacks the permission`;
    escalate(run, `${run.halt}. Nothing further was changed on it; a person must contain it.`);
    return { status: 'refused', error: error.message };
  }
  if (action.phase !== 'notify') {
    run.halt = `${error.call} failed on ${error.resource}; later steps on this principal were not attempted`;
    escalate(run, `${error.message}. ${run.halt}.`);
  }
  return { status: 'failed', error: error.message };
}

async function perform(action: Action, run: Run, deps: ExecuteDeps): Promise<Outcome> {
  switch (action.kind) {
    case 'aws.iam.deactivate-access-key':
      return deactivateKey(action.target, run, deps);
    case 'aws.iam.snapshot-principal':
      return snapshot(run, deps);
    case 'aws.iam.revoke-older-sessions':
      return putOwnPolicy(
        run,
        deps,
        REVOKE_POLICY_NAME,
        revokeOlderSessionsPolicy(action.target.issuedBefore),
      );
    case 'aws.iam.attach-deny-all':
      return putOwnPolicy(run, deps, QUARANTINE_POLICY_NAME, quarantinePolicy());
    case 'notify.incident': {
      const { subject, message } = renderNotification(run.incident, run.records);
      const { messageId } = await deps.notifier.publish(subject, message);
      return {
        status: 'done',
        after: { type: 'notification', subject, ...(messageId ? { messageId } : {}) },
      };
    }
  }
}

async function deactivateKey(
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
async function guard(principal: IamPrincipal, run: Run, deps: ExecuteDeps): Promise<Outcome | undefined> {
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

async function snapshot(run: Run, deps: ExecuteDeps): Promise<Outcome> {
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

async function putOwnPolicy(
  run: Run,
  deps: ExecuteDeps,
  policyName: string,
  document: string,
): Promise<Outcome> {
  const principal = run.principal;
  if (!principal) return { status: 'skipped', error: 'the principal behind the key is unknown' };
  const refusal = await guard(principal, run, deps);
  if (refusal) return refusal;
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

function principalOf(incident: Incident): IamPrincipal | undefined {
  const p = incident.principal;
  return p.name && (p.type === 'user' || p.type === 'role') ? { type: p.type, name: p.name } : undefined;
}

function learnPrincipal(run: Run, principal: IamPrincipal, arn?: string): void {
  run.principal = principal;
  run.incident.principal = {
    ...run.incident.principal,
    type: principal.type,
    name: principal.name,
    ...(arn ? { arn } : {}),
  };
}

function resolvedTarget(action: Action, run: Run): Action['target'] {
  if (action.kind === 'aws.iam.deactivate-access-key') {
    const userName =
      action.target.userName ?? (run.principal?.type === 'user' ? run.principal.name : undefined);
    return { ...action.target, ...(userName ? { userName } : {}) };
  }
  if ('principal' in action.target && !action.target.principal && run.principal) {
    return { ...action.target, principal: run.principal };
  }
  return action.target;
}

function escalate(run: Run, reason: string): void {
  if (!run.incident.escalations.includes(reason)) run.incident.escalations.push(reason);
}

function statusAfter(run: Run): Incident['status'] {
  const contained = run.records.some(
    (r) =>
      (r.kind === 'aws.iam.deactivate-access-key' || r.kind === 'aws.iam.revoke-older-sessions') &&
      r.status === 'done',
  );
  if (contained) return 'contained';
  if (run.incident.status === 'contained') return 'contained';
  return run.incident.escalations.length > 0 ? 'escalated' : run.incident.status;
}
