/**
 * Executing a plan through the provider ports. Containment first and alone on the critical path:
 * the very first IAM call for a leaked key is the one that deactivates it (preceded only by the
 * owner lookup when the event did not name the user). Every action leaves an ActionRecord with its
 * before/after state; required approvals become pending approvals; dry-run records "would do".
 */
import type { Action, ActionRecord, PendingApproval, Plan } from './action';
import type { ResponderConfig } from './config';
import { maxSeverity } from './correlate';
import { budgetVerdict } from './guardrails';
import { approvalIdFor } from './ids';
import type { Incident } from './incident';
import type { Outcome, Run } from './iam-steps';
import { escalate, learnPrincipal, principalOf } from './iam-steps';
import { READS_AFTER_CONTAINMENT, failed } from './failures';
import { perform } from './perform';
import type { EarlyDeactivation } from './contain-first';
import type {
  AlarmStatePort,
  Clock,
  IamPort,
  IamRemovalPort,
  IncidentStore,
  Notifier,
  ParameterPort,
  SesPort,
  SecretPort,
  SendGridAdminPort,
  SendGridAuditPort,
  SnapshotStore,
  TwilioAdminPort,
  TwilioAuditPort,
  TwilioMessagingPort,
  TwilioVoicePort,
} from './ports';

import { ProviderError } from './ports';
import type { SesSenderDirectory } from './ses-senders';

export interface ExecuteDeps {
  iam: IamPort;
  /**
   * Only where a person's approval is carried out (`ato approve`, the approval runbooks' step): the
   * removals an investigation proposed. Absent: they are recorded as skipped.
   */
  iamRemovals?: IamRemovalPort;
  /** Absent where SES is not watched: an SES pause is then recorded as skipped. */
  ses?: SesPort;
  /** Absent where no failover flag is configured: setting one is then recorded as skipped. */
  parameters?: ParameterPort;
  /** Absent where SES is not watched: finding the senders is then recorded as skipped. */
  senders?: SesSenderDirectory;
  /** The Twilio account whose geographic permissions may be restricted, where its credentials are at hand. */
  twilioVoice?: TwilioVoicePort;
  twilioMessaging?: TwilioMessagingPort;
  twilioAudit?: TwilioAuditPort;
  /** Only `ato approve` with Twilio credentials: what a person decided to remove. */
  twilioAdmin?: TwilioAdminPort;
  /** The SendGrid account (its API key from the secret or SENDGRID_API_KEY): audit, and removals on approval. */
  sendGridAudit?: SendGridAuditPort;
  sendGridAdmin?: SendGridAdminPort;
  /** The last scheduled audits' snapshots: the URLs a number's webhooks are pointed back to. */
  snapshots?: SnapshotStore;
  /** The responder's Twilio secret, where it may be rewritten: a token rotation needs it. */
  twilioSecret?: SecretPort;
  /** The responder's SES alarms, read before an approved resume of SES sending (absent: not resumed). */
  alarms?: AlarmStatePort;
  /** Absent (the CLI without --topic): the notification is recorded as skipped, never as sent. */
  notifier?: Notifier;
  store: IncidentStore;
  clock: Clock;
  config: ResponderConfig;
  /** Who acts: `ato-responder` in Lambda, `cli:<user>` from a laptop. */
  actor: string;
  /** The account whose IAM the ports change, when known: signals about another account are not acted on. */
  accountId?: string;
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
  /** The plan had the deactivation done by containFirst, and recorded it in its place. */
  earlyRecorded: boolean;
  /** A provider error worth retrying the delivery for (throttling, 5xx) stopped containment. */
  retryableFailure?: ProviderError;
}

export async function executePlan(
  plan: Plan,
  incident: Incident,
  deps: ExecuteDeps,
  /** A deactivation already made by containFirst: recorded where the plan has it, not repeated. */
  early?: EarlyDeactivation,
): Promise<ExecutionResult> {
  let earlyRecorded = false;
  const run: Run = {
    incident: { ...incident, escalations: [...incident.escalations] },
    principal: principalOf(incident),
    records: [],
    budgetReserved: plan.budgetHeld,
    reserve: () => Promise.resolve(undefined),
  };
  for (const reason of plan.escalations) escalate(run, reason);
  if (plan.severity) run.incident.severity = maxSeverity(run.incident.severity, plan.severity);

  // Containment first, in plan order; notification last, after the record is complete.
  const ordered = [
    ...plan.actions.filter((a) => a.phase !== 'notify'),
    ...plan.actions.filter((a) => a.phase === 'notify'),
  ];
  for (const action of ordered) {
    const done =
      early &&
      action.kind === 'aws.iam.deactivate-access-key' &&
      action.target.accessKeyId === early.accessKeyId
        ? early
        : undefined;
    if (done) {
      earlyRecorded = true;
      if (!run.principal) learnPrincipal(run, { type: 'user', name: done.userName });
    }
    const startedAt = done?.startedAt ?? deps.clock.now().toISOString();
    const outcome = done?.outcome ?? (await runAction(action, run, deps));
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
      finishedAt: done?.finishedAt ?? deps.clock.now().toISOString(),
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
  return { incident: run.incident, records: run.records, retryableFailure: run.retryable, earlyRecorded };
}

async function runAction(action: Action, run: Run, deps: ExecuteDeps): Promise<Outcome> {
  const notify = action.kind === 'notify.incident';
  // Dry-run changes nothing, not even the approval queue; its notification still goes out, marked.
  if (action.mode === 'dry-run' && !notify) {
    return {
      status: 'would-do',
      ...(action.approval === 'required' ? { undo: 'would first ask a person' } : {}),
    };
  }
  if (action.approval === 'required' && !deps.approvedBy) return requestApproval(action, run, deps);
  // Listing who can send is read-only and most needed when the pause itself failed.
  if (!notify && run.halt && !READS_AFTER_CONTAINMENT.includes(action.kind))
    return { status: 'skipped', error: run.halt };
  // The message tells the status after containment, not before it.
  if (notify) run.incident.status = statusAfter(run);
  run.reserve = () => reserveBudget(action, run, deps);
  try {
    return await perform(action, run, deps);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return failed(action, run, error, deps);
  }
}

/**
 * Take the incident's budget unit right before its first write — after the owner lookup and the
 * protection checks, so a refused or protected principal spends nothing. Undefined: go ahead.
 */
async function reserveBudget(action: Action, run: Run, deps: ExecuteDeps): Promise<Outcome | undefined> {
  if (action.phase !== 'containment' || deps.approvedBy || run.budgetReserved) return undefined;
  const limit = deps.config.budget.automaticContainmentsPerHour;
  if (await deps.store.reserveContainment(action.incidentId, deps.clock.now(), limit)) {
    run.budgetReserved = true;
    return undefined;
  }
  // Lost the race for the last budget unit to a concurrent incident: ask a person instead.
  const verdict = budgetVerdict(await deps.store.containmentsInLastHour(deps.clock.now()), limit);
  return requestApproval(
    { ...action, approval: 'required', reason: `${action.reason}; ${verdict.reason ?? 'budget spent'}` },
    run,
    deps,
  );
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
  return {
    status: 'pending-approval',
    approvalId: approval.approvalId,
    undo: `nothing to undo until approved (${approval.approvalId})`,
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

function statusAfter(run: Run): Incident['status'] {
  const containing: readonly string[] = [
    'aws.iam.deactivate-access-key',
    'aws.iam.revoke-older-sessions',
    'aws.ses.pause-sending',
    'twilio.voice.restrict-dialing-countries',
    'twilio.messaging.restrict-geo-permissions',
  ];
  const contained = run.records.some((r) => containing.includes(r.kind) && r.status === 'done');
  if (contained) return 'contained';
  if (run.incident.status === 'contained') return 'contained';
  return run.incident.escalations.length > 0 ? 'escalated' : run.incident.status;
}
