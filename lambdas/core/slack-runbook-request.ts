/**
 * A state-changing `/ato` command becomes a request: the subject's open incident (or a new one), the
 * action it asks for waiting for approval (who asked, when it expires), and the runbook that will
 * carry it out once someone else approves. The action is the same one the automatic path plans, so
 * the same executor runs it. Which runbook an action belongs to is `runbookFor`, for the responder's
 * own approvals too. Pure apart from the store.
 */
import type { Action, ActionKind, ActionSpec, PendingApproval } from './action';
import { approvalRecord } from './approval-records';
import type { ResponderConfig } from './config';
import type { Incident } from './incident';
import { approvalIdFor, incidentIdFor } from './ids';
import { oneLine } from './plain-text';
import type { Clock, IncidentStore } from './ports';
import { saveMerged } from './respond';
import { planSlackUndo, sesHistories } from './approved-restores';
import { sesIncidentIn, standingPauses } from './ses-resume';
import { expiresAt } from './slack-approval';
import type { AtoCommand } from './slack-commands';
import type { RunbookName } from './slack-ports';
import { type Severity, type Subject, subjectKey } from './signal';

/** The runbook whose state machine carries out an approved action of this kind. */
export function runbookFor(kind: ActionKind): RunbookName {
  if (kind === 'aws.ses.resume-sending') return 'resume-ses';
  if (kind === 'ato.incident.undo') return 'undo-incident';
  if (kind.startsWith('aws.ses.') || kind === 'aws.ssm.set-failover-flag') return 'pause-ses';
  if (kind.startsWith('sendgrid.access.')) return 'sendgrid-lockdown';
  if (
    kind.startsWith('twilio.voice.') ||
    kind.startsWith('twilio.messaging.') ||
    kind.startsWith('twilio.auth-token.') ||
    kind.startsWith('twilio.numbers.')
  )
    return 'twilio-lockdown';
  if (
    kind === 'aws.iam.deactivate-access-key' ||
    kind === 'aws.iam.revoke-older-sessions' ||
    kind === 'aws.iam.attach-deny-all'
  )
    return 'contain-key';
  // Deleting what the intruder left: IAM users, keys, policies; Twilio subaccounts and keys; SendGrid
  // keys, subusers, teammates.
  return 'remove-rogue-principals';
}

export type RunbookRequest =
  | { ok: true; runbook: RunbookName; approval: PendingApproval; incident: Incident; summary: string }
  | { ok: false; message: string };

/** The `/ato` commands that become a runbook waiting for approval. */
export type StateChanging = Extract<
  AtoCommand,
  { name: 'contain-key' | 'twilio-lockdown' | 'ses-pause' | 'ses-resume' | 'undo' }
>;

export interface RequestDeps {
  store: Pick<IncidentStore, 'findOpenIncident' | 'openIncident' | 'saveIncident' | 'getIncident'> &
    Pick<IncidentStore, 'putApproval' | 'appendActionRecord' | 'listIncidents' | 'listActionRecords'>;
  clock: Clock;
  config: ResponderConfig;
  /** The AWS account and region the responder works in. */
  accountId: string;
  region: string;
}

/** What a command asks for, on what subject, before it has an incident. */
interface Ask {
  runbook: RunbookName;
  subject: Subject;
  accountId: string;
  region: string;
  severity: Severity;
  title: string;
  specs: ActionSpec[];
  reversible: boolean;
  /** The incident it puts things back in (a resume, an undo); absent: the subject's open one, or a new one. */
  incident?: Incident;
}

async function askFor(command: StateChanging, who: string, deps: RequestDeps): Promise<Ask | string> {
  switch (command.name) {
    case 'ses-resume':
    case 'undo':
      return askToRestore(command, who, deps);
    case 'contain-key':
      return {
        runbook: 'contain-key',
        subject: { type: 'aws-access-key', id: command.accessKeyId },
        accountId: deps.accountId,
        region: deps.region,
        severity: 'critical',
        title: `Access key ${command.accessKeyId} reported leaked by ${who}`,
        specs: [{ kind: 'aws.iam.deactivate-access-key', target: { accessKeyId: command.accessKeyId } }],
        reversible: true,
      };
    case 'twilio-lockdown': {
      const { twilio } = deps.config;
      if (!twilio.enabled || !twilio.accountSid)
        return 'Twilio is not set up in this responder (twilio.enabled, twilio.accountSid).';
      const target = { accountSid: twilio.accountSid, allowedCountries: command.countries };
      return {
        runbook: 'twilio-lockdown',
        subject: { type: 'twilio-account', id: twilio.accountSid },
        accountId: twilio.accountSid,
        region: 'global',
        severity: 'high',
        title: `Twilio account ${twilio.accountSid} lockdown to ${command.countries.join(',')} asked by ${who}`,
        specs: [
          { kind: 'twilio.voice.restrict-dialing-countries', target },
          { kind: 'twilio.messaging.restrict-geo-permissions', target },
        ],
        reversible: true,
      };
    }
    case 'ses-pause': {
      const { ses } = deps.config;
      const flag = ses.failoverFlag;
      return {
        runbook: 'pause-ses',
        subject: { type: 'aws-ses-sending', id: `${deps.accountId}/${command.region}` },
        accountId: deps.accountId,
        region: command.region,
        severity: 'high',
        title: `SES sending in ${command.region} pause asked by ${who}`,
        specs: [
          {
            kind: 'aws.ses.pause-sending',
            target: {
              region: command.region,
              configurationSets: ses.pause.configurationSets,
              ...(flag ? { failoverFlag: { parameterName: flag.parameterName, value: flag.value } } : {}),
            },
          },
        ],
        reversible: true,
      };
    }
  }
}

/**
 * Record what `/ato` asked for: the incident it belongs to (joined when open, opened otherwise), the
 * first action waiting for approval with the rest decided together, the request in the incident's
 * action log. `userId`: the Slack user who typed it; they cannot approve it themselves.
 */
export async function requestRunbook(
  command: StateChanging,
  userId: string,
  deps: RequestDeps,
): Promise<RunbookRequest> {
  const requestedBy = `slack:${userId}`;
  const ask = await askFor(command, requestedBy, deps);
  if (typeof ask === 'string') return { ok: false, message: ask };
  const now = deps.clock.now();
  const at = now.toISOString();
  const incident =
    ask.incident ??
    (await deps.store.findOpenIncident(subjectKey(ask.subject))) ??
    (await openRequestIncident(ask, `slack:${userId}:${at}`, now, deps));
  const reason = oneLine(`${requestedBy}: ${command.reason}`, 500);
  const actions: Action[] = ask.specs.map((spec, i) => ({
    ...spec,
    id: `${incident.id}/slack-${stamp(now)}-${i}-${spec.kind}`,
    incidentId: incident.id,
    phase: 'containment',
    mode: 'enforce',
    approval: 'required',
    reversible: ask.reversible,
    reason,
  }));
  const [first, ...rest] = actions;
  if (!first) return { ok: false, message: 'Nothing to ask for.' };
  const approval: PendingApproval = {
    approvalId: approvalIdFor(first.id),
    incidentId: incident.id,
    action: first,
    ...(rest.length ? { with: rest } : {}),
    requestedAt: at,
    requestedBy,
    reason,
    status: 'pending',
  };
  approval.expiresAt = expiresAt(approval, deps.config.slack).toISOString();
  await deps.store.putApproval(approval);
  const record = approvalRecord(approval, 'pending-approval', requestedBy, at);
  await deps.store.appendActionRecord(record);
  const saved = await saveMerged(
    {
      ...incident,
      updatedAt: at,
      escalations: [
        ...incident.escalations,
        `Approval ${approval.approvalId} asked by ${requestedBy}: ${first.kind}${rest.length ? ` (+${rest.length})` : ''} — ${command.reason}`,
      ],
    },
    deps,
  );
  return {
    ok: true,
    runbook: ask.runbook,
    approval,
    incident: saved,
    summary: `${ask.title}; waiting for approval ${approval.approvalId} in incident ${incident.id}`,
  };
}

/**
 * A resume or an undo belongs to the incident whose changes it puts back: for a resume, the newest one
 * with a pause standing in the region (as `ato ses resume` picks it), which must be resolved first.
 */
async function askToRestore(
  command: Extract<StateChanging, { name: 'ses-resume' | 'undo' }>,
  who: string,
  deps: RequestDeps,
): Promise<Ask | string> {
  if (command.name === 'undo') {
    const incident = await deps.store.getIncident(command.incidentId);
    if (!incident) return `No incident ${command.incidentId}.`;
    const plan = planSlackUndo(await deps.store.listActionRecords(incident.id));
    if (!plan.steps.length)
      return `Nothing to undo in ${incident.id}${plan.notes.length ? `: ${plan.notes.join('; ')}` : ''}.`;
    return restoreAsk(
      incident,
      'undo-incident',
      `Undo of ${incident.id} (${plan.steps.length} step(s)) asked by ${who}`,
      {
        kind: 'ato.incident.undo',
        target: { incidentId: incident.id },
      },
    );
  }
  const { region } = command;
  const target = sesIncidentIn(await sesHistories(deps.store), region);
  if (!target) return `No incident paused SES sending in ${region}.`;
  const { incident } = target;
  if (!standingPauses(target.records).some((p) => p.region === region))
    return `Nothing the responder paused in ${region} is still paused (incident ${incident.id}).`;
  if (incident.status !== 'resolved')
    return `Incident ${incident.id} is ${incident.status}: find who sent and close it first (\`ato resolve ${incident.id} --reason …\`), then ask again.`;
  return restoreAsk(incident, 'resume-ses', `SES sending in ${region} resume asked by ${who}`, {
    kind: 'aws.ses.resume-sending',
    target: { region },
  });
}

function restoreAsk(incident: Incident, runbook: RunbookName, title: string, spec: ActionSpec): Ask {
  return {
    runbook,
    subject: incident.subject,
    accountId: incident.accountId,
    region: incident.region,
    severity: incident.severity,
    title,
    specs: [spec],
    // Putting back is not itself put back by `ato undo`.
    reversible: false,
    incident,
  };
}

/** What a person's request is about, for the incident it opens when none is open. */
export type RequestSubject = Pick<Ask, 'subject' | 'accountId' | 'region' | 'severity' | 'title'>;

/** Open the incident a person's request is about (or join the one a concurrent writer opened). */
export async function openRequestIncident(
  ask: RequestSubject,
  dedupKey: string,
  now: Date,
  deps: Pick<RequestDeps, 'store'>,
): Promise<Incident> {
  const at = now.toISOString();
  const candidate: Incident = {
    id: incidentIdFor(dedupKey, now),
    subject: ask.subject,
    subjectKeys: [subjectKey(ask.subject)],
    status: 'open',
    severity: ask.severity,
    title: ask.title,
    accountId: ask.accountId,
    region: ask.region,
    openedAt: at,
    updatedAt: at,
    principal: { type: 'unknown' },
    signals: [],
    escalations: [],
    version: 0,
  };
  return (await deps.store.openIncident(subjectKey(ask.subject), candidate)).incident;
}

/** Compact UTC time for action ids: two requests in one incident never share one. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:.]/g, '');
}
