/**
 * The SES steps of a plan. Pause sending in a region: the pause is the first call — a collapsing
 * reputation gets worse with every message — so the state before it is not read: it is recorded as
 * enabled and unobserved, the way a key's deactivation records its status. Then the failover flag:
 * read, then written, so resume can put back exactly what it held.
 */
import type { Action, ActionState, FindSesSenders, PauseSesSending, SetFailoverFlag } from './action';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import { escalate } from './iam-steps';
import { proposeFollowUp } from './follow-up';
import { ProviderError } from './ports';
import { rankSuspects } from './ses-senders';

export async function pauseSending(
  target: PauseSesSending['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  if (!deps.ses) return { status: 'skipped', error: 'no SES access here (config ses.regions is empty)' };
  const reserved = await run.reserve();
  if (reserved) return reserved;
  const scopes: (string | undefined)[] = target.configurationSets.length
    ? target.configurationSets
    : [undefined];
  for (const configurationSet of scopes)
    await deps.ses.setSendingEnabled(target.region, false, configurationSet);
  const state = (enabled: boolean) => ({
    type: 'ses-sending' as const,
    region: target.region,
    sending: scopes.map((set) => ({ ...(set ? { configurationSet: set } : {}), enabled })),
  });
  const where = target.configurationSets.length
    ? `configuration sets ${target.configurationSets.join(', ')} in ${target.region}`
    : `the account's sending in ${target.region}`;
  return {
    status: 'done',
    before: { ...state(true), observed: false },
    after: { ...state(false), observed: true },
    undo: `ato ses resume --region ${target.region} (re-enables ${where} once the alarm is OK)`,
  };
}

export async function setFailoverFlag(
  target: SetFailoverFlag['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  if (!deps.parameters)
    return { status: 'skipped', error: 'no SSM access here (config ses.failoverFlag is unset)' };
  const reserved = await run.reserve();
  if (reserved) return reserved;
  const { parameterName: name, value } = target;
  const previous = await deps.parameters.get(name);
  if (previous === value) {
    // Raised already (another region's pause, or this step's own write before a retry): what it held
    // before the responder raised it is in that earlier record, not here — nothing to put back.
    return {
      status: 'done',
      after: { type: 'ssm-parameter', name, value },
      undo: `nothing: ${name} already said ${value}; the record that raised it puts it back`,
    };
  }
  await deps.parameters.put(name, value, previous === null);
  return {
    status: 'done',
    before: { type: 'ssm-parameter', name, value: previous },
    after: { type: 'ssm-parameter', name, value },
    undo:
      previous === null
        ? `ato ses resume deletes ${name} (it did not exist before)`
        : `ato ses resume sets ${name} back to ${previous}`,
  };
}

/** At most this many keys are put up for approval; the rest are listed in the record. */
export const MAX_SUSPECT_APPROVALS = 10;

/**
 * Who can send, most likely first. Each suspect key becomes a deactivation waiting for a person:
 * the production application may send with it, and switching it off automatically could take the
 * product down. Roles are listed only (temporary credentials: a person revokes their sessions).
 */
export async function findSenders(
  action: Action & FindSesSenders,
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  if (!deps.senders)
    return { status: 'skipped', error: 'no IAM inventory access here (config ses.regions is empty)' };
  const { region } = action.target;
  const suspects = rankSuspects(await withinDeadline(deps.senders.senders()), region, deps.clock.now());
  const listed: SuspectState[] = [];
  for (const [index, suspect] of suspects.entries()) {
    const { principal } = suspect.sender;
    const entry: SuspectState = {
      principal: { type: principal.type, name: principal.name },
      likely: suspect.likely,
      why: suspect.why,
      ...(suspect.key ? { accessKeyId: suspect.key.accessKeyId } : {}),
    };
    if (suspect.key && index < MAX_SUSPECT_APPROVALS) {
      const { accessKeyId } = suspect.key;
      const approval = await proposeFollowUp(
        action,
        accessKeyId,
        { kind: 'aws.iam.deactivate-access-key', target: { accessKeyId, userName: principal.name } },
        {
          reversible: true,
          reason: `${suspect.likely ? 'likely sender' : 'can send'}: ${suspect.why} (the application may use it: a person decides)`,
        },
        deps,
      );
      entry.approvalId = approval.approvalId;
    }
    listed.push(entry);
  }
  escalate(run, sendersEscalation(region, listed));
  return { status: 'done', after: { type: 'ses-senders', region, suspects: listed } };
}

type SuspectState = Extract<ActionState, { type: 'ses-senders' }>['suspects'][number];

function sendersEscalation(region: string, suspects: SuspectState[]): string {
  if (!suspects.length)
    return `Nobody in IAM is allowed to send through SES in ${region}: look for SMTP credentials of deleted users, or another account sending on this one's identities.`;
  const lines = suspects
    .slice(0, 5)
    .map(
      (s) =>
        `${s.why}${s.approvalId ? ` — to deactivate: ato approve ${s.approvalId}` : ''}${s.likely ? ' [likely]' : ''}`,
    );
  const more = suspects.length > 5 ? ` (and ${suspects.length - 5} more in the report)` : '';
  return `Who can send through SES in ${region}, most likely first${more}: ${lines.join('; ')}.`;
}

/**
 * How long the suspect list may take: it runs after the pause but before the notification, in a
 * function with a 60-second timeout; a very large account must not cost the message.
 */
export const SENDERS_DEADLINE_MS = 25_000;

function withinDeadline<T>(pending: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ProviderError(
            'iam:GetAccountAuthorizationDetails',
            'the account',
            'DeadlineExceeded',
            `listing who can send took longer than ${SENDERS_DEADLINE_MS / 1000} s; list them by hand (IAM console, policies allowing ses:Send*)`,
            false,
          ),
        ),
      SENDERS_DEADLINE_MS,
    );
  });
  return Promise.race([pending, deadline]).finally(() => clearTimeout(timer));
}
