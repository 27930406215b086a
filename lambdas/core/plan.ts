/** Building plans: action ids, history checks, and the API calls an action stands for. */
import type { Action, ActionRecord, ActionSpec, Approval, Mode, Phase, Plan } from './action';
import { stableHash } from './ids';
import type { Severity } from './signal';

export const REVOKE_POLICY_NAME = 'ato-responder-revoke-older-sessions';
export const QUARANTINE_POLICY_NAME = 'ato-responder-quarantine';

/**
 * A stable string for "the same action on the same thing", ignoring timestamps: the key for a key
 * action, the principal (once known) for a principal action, so a later signal naming only the user
 * finds what an earlier one did through the key.
 */
export function targetKey(spec: ActionSpec): string {
  const sendGrid = sendGridTargetKey(spec);
  if (sendGrid) return sendGrid;
  const t = spec.target;
  if ('channel' in t) return t.channel;
  if ('configurationSets' in t) return `ses/${t.region}/${t.configurationSets.join(',')}`;
  if ('region' in t) return `ses-senders/${t.region}`;
  if ('parameterName' in t) return `ssm/${t.parameterName}`;
  if ('allowedCountries' in t)
    return `${spec.kind === 'twilio.voice.restrict-dialing-countries' ? 'twilio-dialing' : 'twilio-sms-geo'}/${t.accountSid}`;
  if (spec.kind === 'aws.iam.deactivate-access-key') return spec.target.accessKeyId;
  // Removals an investigation proposes name a user, a role or a policy holder rather than a key.
  if ('holder' in t) return `${t.holder.type}/${t.holder.name}/${t.policyArn ?? t.policyName ?? ''}`;
  if ('roleName' in t) return `role/${t.roleName}`;
  if ('subaccountSid' in t) return `twilio-subaccount/${t.subaccountSid}`;
  if ('keySid' in t) return `twilio-key/${t.keySid}`;
  if ('numberSid' in t) return `twilio-number/${t.numberSid}`;
  if (spec.kind === 'twilio.auth-token.rotate') return `twilio-auth-token/${spec.target.accountSid}`;
  if ('accountSid' in t) return `twilio-audit/${t.accountSid}`;
  if (!('accessKeyId' in t)) return 'userName' in t ? `user/${t.userName}` : spec.kind;
  const principal = 'principal' in t && t.principal ? `${t.principal.type}/${t.principal.name}` : '';
  return principal || t.accessKeyId;
}

/**
 * Has this incident already done (or asked for) this action on this target? A dry-run's "would do"
 * counts only for another dry-run (an enforce run after it must act), and an undone action counts
 * as not done (a re-compromise after `ato undo` is contained again). A pending approval holds back
 * only another request for approval: an automatic action (stronger evidence) goes ahead.
 */
export function alreadyInHistory(
  spec: ActionSpec,
  mode: Mode,
  history: ActionRecord[],
  approval: Approval = 'auto',
): ActionRecord | undefined {
  const key = targetKey(spec);
  const undone = new Set(history.filter((r) => r.status === 'undone').map((r) => r.actionId));
  return history.find(
    (r) =>
      r.kind === spec.kind &&
      !undone.has(r.actionId) &&
      (r.status === 'done' ||
        (r.status === 'pending-approval' && approval === 'required') ||
        (r.status === 'would-do' && mode === 'dry-run')) &&
      targetKey({ kind: r.kind, target: r.target } as ActionSpec) === key,
  );
}

export class PlanBuilder {
  private readonly actions: Action[] = [];
  private readonly plan: Plan;

  /** Distinguishes the plans of two signals of one incident, even when they run concurrently. */
  private readonly runId: string;

  constructor(
    readonly incidentId: string,
    private readonly history: ActionRecord[],
    signalKey: string,
  ) {
    this.runId = stableHash(signalKey);
    this.plan = { incidentId, actions: this.actions, skipped: [], escalations: [], budgetHeld: false };
  }

  /** `repeat`: plan it even if the history has it (e.g. revoke sessions again after a new key). */
  add(
    spec: ActionSpec,
    opts: {
      phase: Phase;
      mode: Mode;
      approval: Approval;
      reversible: boolean;
      reason: string;
      repeat?: boolean;
    },
  ): void {
    const { repeat, ...rest } = opts;
    const earlier = repeat ? undefined : alreadyInHistory(spec, opts.mode, this.history, opts.approval);
    if (earlier) {
      this.skip(spec, `already ${earlier.status} in this incident (${earlier.actionId})`);
      return;
    }
    const id = `${this.incidentId}/${this.runId}-${this.actions.length + 1}-${spec.kind}`;
    this.actions.push({ ...spec, id, incidentId: this.incidentId, ...rest });
  }

  /** Actions planned so far, notification excluded. */
  get changes(): number {
    return this.actions.filter((a) => a.kind !== 'notify.incident').length;
  }

  get escalations(): number {
    return this.plan.escalations.length;
  }

  /**
   * One message when the incident opens, then one more only when a later signal changes something
   * or needs a person: a thread, not a flood. Call it last.
   */
  notify(mode: Mode): void {
    const spec: ActionSpec = { kind: 'notify.incident', target: { channel: 'sns' } };
    const notifiedBefore = this.history.some((r) => r.kind === 'notify.incident' && r.status === 'done');
    if (notifiedBefore && this.changes === 0 && this.escalations === 0) {
      this.skip(spec, 'nothing new to tell');
      return;
    }
    this.add(spec, {
      phase: 'notify',
      mode,
      approval: 'auto',
      reversible: false,
      reason: 'tell the responders',
      repeat: true,
    });
  }

  /** Raise the incident's severity to at least `severity` (a sequence, a stuffing burst). */
  raise(severity: Severity): void {
    this.plan.severity = severity;
  }

  /** The incident already spent its budget unit on an earlier containment. */
  holdBudget(): void {
    this.plan.budgetHeld = true;
  }

  skip(spec: ActionSpec | undefined, reason: string): void {
    this.plan.skipped.push(spec ? { kind: spec.kind, target: targetKey(spec), reason } : { reason });
  }

  escalate(reason: string): void {
    if (!this.plan.escalations.includes(reason)) this.plan.escalations.push(reason);
  }

  build(): Plan {
    return this.plan;
  }
}

/** Deny every action to sessions issued before `issuedBefore` (they outlive a deactivated key). */
export function revokeOlderSessionsPolicy(issuedBefore: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AtoResponderRevokeOlderSessions',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore } },
      },
    ],
  });
}

function sendGridTargetKey(spec: ActionSpec): string | undefined {
  switch (spec.kind) {
    case 'sendgrid.account.audit':
      return 'sendgrid-audit';
    case 'sendgrid.keys.delete-api-key':
      return `sendgrid-key/${spec.target.keyId}`;
    case 'sendgrid.subusers.disable':
      return `sendgrid-subuser/${spec.target.username}`;
    case 'sendgrid.teammates.remove':
      return `sendgrid-teammate/${spec.target.username ?? spec.target.inviteToken ?? spec.target.email}`;
    case 'sendgrid.access.restrict-ips':
      return 'sendgrid-ip-access';
    default:
      return undefined;
  }
}

/** Deny everything until a person removes it (`ato undo`). */
export function quarantinePolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'AtoResponderQuarantine', Effect: 'Deny', Action: '*', Resource: '*' }],
  });
}
