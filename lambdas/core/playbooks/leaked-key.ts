/**
 * The leaked-access-key playbook: `(signal, incident, config, context) → Plan`. Pure.
 *
 * Order matters: the first AWS call deactivates exactly the leaked key (nothing may delay it), the
 * principal is snapshotted before anything else changes it (so every later change can be undone),
 * then sessions minted before now are revoked — a session from GetSessionToken outlives its key by
 * up to 36 hours — then the optional deny-all quarantine, then a notification.
 */
import type { ActionRecord, Approval, IamPrincipal, Plan } from '../action';
import type { ResponderConfig } from '../config';
import { leakedKeyMode } from '../config';
import { budgetVerdict, protectedByConfig } from '../guardrails';
import type { Incident } from '../incident';
import type { SequenceDef } from '../sequences';
import { PlanBuilder } from '../plan';
import type { LeakedAccessKeySignal, PrincipalRef } from '../signal';
import { atLeast, keyTypeOf } from '../signal';

export interface PlaybookContext {
  now: Date;
  /** Automatic containments the store counted in the past hour. */
  containmentsInLastHour: number;
  /** What this incident already did or asked for. */
  history: ActionRecord[];
  /** The account the responder acts in, when known. */
  ownAccountId?: string;
  /** The key was deactivated before correlation (core/contain-first.ts): its budget unit is spent. */
  containedFirst?: boolean;
  /** Sequences this signal completes in the incident (core/sequences.ts). */
  sequences?: readonly SequenceDef[];
}

function iamPrincipal(principal: PrincipalRef): IamPrincipal | undefined {
  if (principal.name && (principal.type === 'user' || principal.type === 'role')) {
    return { type: principal.type, name: principal.name };
  }
  return undefined;
}

function containedBefore(history: ActionRecord[]): boolean {
  return history.some(
    (r) =>
      (r.kind === 'aws.iam.deactivate-access-key' || r.kind === 'aws.iam.revoke-older-sessions') &&
      (r.status === 'done' || r.status === 'would-do'),
  );
}

export function planLeakedKey(
  signal: LeakedAccessKeySignal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  const plan = new PlanBuilder(incident.id, ctx.history, signal.dedupKey);
  const mode = leakedKeyMode(config);
  const principal = incident.principal.name ? incident.principal : signal.principal;
  const accessKeyId = signal.accessKeyId;
  const keyType = keyTypeOf(accessKeyId);
  const target = iamPrincipal(principal);
  const notify = (): void => plan.notify(mode);

  if (ctx.ownAccountId && /^\d{12}$/.test(incident.accountId) && incident.accountId !== ctx.ownAccountId) {
    plan.skip(
      undefined,
      `the key belongs to account ${incident.accountId}; this responder acts in ${ctx.ownAccountId}`,
    );
    plan.escalate(
      `Access key ${accessKeyId ?? '(unknown)'} of account ${incident.accountId} is reported leaked; contain it in that account.`,
    );
    notify();
    return plan.build();
  }

  if (principal.type === 'root') {
    plan.skip(undefined, 'root credentials: no automatic action is ever taken on the root user');
    plan.escalate(
      `A root access key${accessKeyId ? ` (${accessKeyId})` : ''} is reported leaked: sign in as root, delete the key, rotate the password and check MFA — by hand.`,
    );
    notify();
    return plan.build();
  }

  if (protectedByConfig(principal, incident.accountId, config)) {
    plan.skip(
      undefined,
      `${principal.type} ${principal.name} is a protected principal (config): not touched`,
    );
    plan.escalate(
      `${principal.type} ${principal.name} is protected, so nothing was changed: a person must contain key ${accessKeyId ?? '(unknown)'} by hand.`,
    );
    notify();
    return plan.build();
  }

  // One budget unit per incident: the first containment of an incident spends it.
  const holdsBudget = containedBefore(ctx.history) || ctx.containedFirst === true;
  if (holdsBudget) plan.holdBudget();
  const minSeverity = config.playbooks.leakedKey.autoContainMinSeverity;
  const budget: { approval: Approval; reason?: string } = !atLeast(incident.severity, minSeverity)
    ? {
        approval: 'required',
        reason: `the evidence is ${incident.severity} severity, below autoContainMinSeverity (${minSeverity})`,
      }
    : holdsBudget
      ? { approval: 'auto' }
      : budgetVerdict(ctx.containmentsInLastHour, config.budget.automaticContainmentsPerHour);
  const why = (base: string): string => (budget.reason ? `${base}; needs approval: ${budget.reason}` : base);
  if (budget.reason) plan.escalate(`Automatic containment paused: ${budget.reason}.`);

  if (accessKeyId && keyType !== 'temporary') {
    plan.add(
      {
        kind: 'aws.iam.deactivate-access-key',
        target: { accessKeyId, ...(target?.type === 'user' ? { userName: target.name } : {}) },
      },
      {
        phase: 'containment',
        mode,
        approval: budget.approval,
        reversible: true,
        reason: why(
          `${signal.reason}: deactivate exactly the leaked key (never delete it, never another key)`,
        ),
      },
    );
  } else if (keyType === 'temporary') {
    plan.skip(
      undefined,
      `${accessKeyId} is a temporary (session) key: it cannot be deactivated, so the sessions of the principal behind it are revoked instead`,
    );
  } else if (incident.subject.type !== 'aws-access-key') {
    plan.escalate(
      `${signal.title}. The event names no key: find the exposed key in the AWS Health event or the snapshot's key list.`,
    );
  }

  if (!target && !accessKeyId) {
    plan.escalate('The event names neither a key nor a principal the responder can act on.');
    notify();
    return plan.build();
  }
  if (!target && keyType === 'temporary') {
    plan.escalate(
      `Cannot tell which user or role minted session key ${accessKeyId}: revoke its sessions by hand.`,
    );
    notify();
    return plan.build();
  }

  const snapshot = (): void =>
    plan.add(
      { kind: 'aws.iam.snapshot-principal', target: { principal: target, accessKeyId: accessKeyId ?? '' } },
      {
        phase: 'investigation',
        mode,
        approval: 'auto',
        reversible: false,
        reason: 'record keys, policies, groups, login profile and MFA before anything else changes them',
      },
    );

  // With a long-term key, its deactivation was the containment and the snapshot comes next; with a
  // session key or none (AWS's quarantine names only the user), revoking sessions is the containment.
  const deactivatable = accessKeyId !== undefined && keyType !== 'temporary';
  if (deactivatable) snapshot();
  if (config.playbooks.leakedKey.revokeSessions) {
    // Revoking a role's sessions stops every workload running as that role: a person decides.
    const roleSessions =
      target?.type === 'role' && config.playbooks.leakedKey.revokeRoleSessions === 'approval';
    // A newly deactivated key may have minted sessions since the last revocation: revoke again.
    const newKeyContained = plan.build().actions.some((a) => a.kind === 'aws.iam.deactivate-access-key');
    plan.add(
      {
        kind: 'aws.iam.revoke-older-sessions',
        target: { principal: target, accessKeyId: accessKeyId ?? '', issuedBefore: ctx.now.toISOString() },
      },
      {
        phase: 'containment',
        mode,
        approval: roleSessions ? 'required' : budget.approval,
        reversible: true,
        repeat: newKeyContained,
        reason: roleSessions
          ? 'deny sessions issued before now; needs approval: every workload using this role loses its current sessions'
          : why('deny sessions issued before now: sessions minted from the key outlive it'),
      },
    );
  }

  if (!deactivatable) snapshot();

  const quarantine = config.playbooks.leakedKey.quarantine;
  if (quarantine !== 'off') {
    const approval: Approval = quarantine === 'auto' ? budget.approval : 'required';
    plan.add(
      { kind: 'aws.iam.attach-deny-all', target: { principal: target, accessKeyId: accessKeyId ?? '' } },
      {
        phase: 'containment',
        mode,
        approval,
        reversible: true,
        reason:
          quarantine === 'auto'
            ? why('quarantine: deny everything until a person clears it (config: quarantine=auto)')
            : 'quarantine: deny everything until a person clears it (config: quarantine=approval)',
      },
    );
  }

  notify();
  return plan.build();
}
