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
import { deactivateKey, escalate, learnPrincipal, principalOf, putOwnPolicy, snapshot } from './iam-steps';
import type { EarlyDeactivation } from './contain-first';
import {
  QUARANTINE_POLICY_NAME,
  REVOKE_POLICY_NAME,
  quarantinePolicy,
  revokeOlderSessionsPolicy,
} from './plan';
import type {
  Clock,
  IamPort,
  IncidentStore,
  Notifier,
  ParameterPort,
  SesPort,
  TwilioAdminPort,
  TwilioAuditPort,
  TwilioMessagingPort,
  TwilioVoicePort,
} from './ports';
import { findSenders, pauseSending, setFailoverFlag } from './ses-steps';
import {
  auditAccount,
  deleteApiKey,
  restrictDialing,
  restrictMessaging,
  suspendSubaccount,
} from './twilio-steps';

/**
 * Read-only inventories after containment: run even when a containing step failed (they are most
 * needed then), and a failure never stops the plan nor asks for a redelivery.
 */
const READS_AFTER_CONTAINMENT: readonly string[] = ['aws.ses.find-senders', 'twilio.account.audit'];
import { ProviderError } from './ports';
import { renderNotification } from './report';
import type { SesSenderDirectory } from './ses-senders';

export interface ExecuteDeps {
  iam: IamPort;
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
  return { status: 'pending-approval', undo: `nothing to undo until approved (${approval.approvalId})` };
}

function failed(action: Action, run: Run, error: ProviderError, deps: ExecuteDeps): Outcome {
  if (action.kind.startsWith('twilio.')) return twilioFailed(action, run, error);
  if (READS_AFTER_CONTAINMENT.includes(action.kind)) {
    // A read after containment: never worth redelivering the event (and redoing the inventory) for.
    escalate(run, `Could not finish ${action.kind} (read-only): ${error.message}.`);
    return { status: 'failed', error: error.message };
  }
  if (error.retryable) {
    run.retryable = error;
    return { status: 'failed', error: error.message };
  }
  if (error.accessDenied && action.kind !== 'notify.incident') {
    // The deployed role's Denies make a refusal mean "protected"; a person's credentials just lack it.
    const why = !action.kind.startsWith('aws.iam.')
      ? 'the credentials lack the permission (config ses.* decides what the deployed role may do: redeploy after changing it)'
      : deps.protectedTagCheck === 'iam-policy'
        ? 'the principal is protected (ato:protected tag or protectedPrincipals) or the responder lacks the permission'
        : 'these credentials are not allowed to (IAM policy, permission boundary or SCP)';
    run.halt = `IAM refused ${error.call} on ${error.resource}: ${why}`;
    escalate(run, `${run.halt}. Nothing further was changed on it; a person must contain it.`);
    return { status: 'refused', error: error.message };
  }
  if (action.phase !== 'notify') {
    run.halt = `${error.call} failed on ${error.resource}; later steps on this principal were not attempted`;
    escalate(run, `${error.message}. ${run.halt}.`);
  }
  return { status: 'failed', error: error.message };
}

/**
 * Twilio calls its webhook synchronously and does not retry an error answer: a retryable failure is
 * reported, not thrown for a redelivery that never comes. Voice and SMS are independent: one
 * failing does not stop the other.
 */
function twilioFailed(action: Action, run: Run, error: ProviderError): Outcome {
  const why = error.accessDenied
    ? 'the Twilio credentials in the secret (or the environment) may not do this'
    : error.retryable
      ? 'Twilio failed or throttled; nothing retries it'
      : 'Twilio refused it';
  escalate(run, `${action.kind} failed: ${why} (${error.message}); do it by hand.`);
  return { status: error.accessDenied ? 'refused' : 'failed', error: error.message };
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
    case 'aws.ses.pause-sending':
      return pauseSending(action.target, run, deps);
    case 'aws.ssm.set-failover-flag':
      return setFailoverFlag(action.target, run, deps);
    case 'aws.ses.find-senders':
      return findSenders(action, run, deps);
    case 'twilio.account.audit':
      return auditAccount(action, run, deps);
    case 'twilio.account.suspend-subaccount':
      return suspendSubaccount(action.target, deps);
    case 'twilio.keys.delete-api-key':
      return deleteApiKey(action.target, deps);
    case 'twilio.voice.restrict-dialing-countries':
      return restrictDialing(action.target, run, deps);
    case 'twilio.messaging.restrict-geo-permissions':
      return restrictMessaging(action.target, run, deps);
    case 'notify.incident': {
      if (!deps.notifier)
        return { status: 'skipped', error: 'no notification channel (give --topic or set ATO_TOPIC_ARN)' };
      const rendered = renderNotification(run.incident, run.records);
      const subject = action.mode === 'dry-run' ? `[dry-run] ${rendered.subject}` : rendered.subject;
      const { messageId } = await deps.notifier.publish(subject, rendered.message);
      return {
        status: 'done',
        after: { type: 'notification', subject, ...(messageId ? { messageId } : {}) },
      };
    }
    case 'aws.iam.delete-access-key':
    case 'aws.iam.delete-login-profile':
    case 'aws.iam.delete-user':
    case 'aws.iam.detach-policy':
    case 'aws.iam.restore-trust-policy':
      return {
        status: 'skipped',
        error: 'not executable yet: investigation proposals are executed in a later issue',
      };
  }
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
