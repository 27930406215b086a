/**
 * The Slack rendering of an incident: one parent message per incident, updated in place, with
 * approve/deny buttons; further signals and action results go to its thread, aggregated. Every
 * string the world chose (user, key, policy and subaccount names, titles, reasons, URLs) goes
 * through `quoteMrkdwn` (slack-blocks.ts). Pure; the provider posts it.
 */
import { shortRemovalState } from './iam-removal-states';
import type { ActionRecord, ActionState, PendingApproval } from './action';
import type { Incident } from './incident';
import { targetKey } from './plan';
import type { Subject } from './signal';
import {
  type Block,
  MAX_BLOCKS,
  MAX_HEADER,
  button,
  escapeLine,
  escapeMrkdwn,
  context,
  fit,
  list,
  mrkdwn,
  plain,
  quoteMrkdwn,
  section,
} from './slack-blocks';

/** What the parent shows before saying "and K more" (each approval costs 2 blocks: 10 → 20). */
export const MAX_APPROVALS_SHOWN = 10;
export const MAX_ESCALATIONS_SHOWN = 5;
export const MAX_DONE_SHOWN = 10;
/** Items of one kind shown one by one in the thread before the rest are folded into one reply. */
export const FIRST_PER_KIND = 3;

const SUBJECT_WORDS: Record<Subject['type'], string> = {
  'aws-access-key': 'access key',
  'aws-principal': 'principal',
  'aws-console-sign-ins': 'console sign-ins of account',
  'aws-ses-sending': 'SES sending of',
  'twilio-account': 'Twilio account',
  'sendgrid-account': 'SendGrid account',
};

export function incidentMessage(
  incident: Incident,
  records: ActionRecord[],
  pending: PendingApproval[],
  options: { now?: Date } = {},
): { text: string; blocks: Block[] } {
  const now = options.now ?? new Date(incident.updatedAt);
  const done = records.filter((r) => r.status === 'done');
  const failed = records.filter((r) => r.status === 'failed').length;
  const waiting = pending.filter((a) => a.status === 'pending');
  const id = quoteMrkdwn(incident.id);
  const report = quoteMrkdwn(`ato report ${incident.id}`);

  const blocks: Block[] = [
    { type: 'header', text: plain(`${incident.severity.toUpperCase()}: ${incident.title}`, MAX_HEADER) },
    section(whatHappened(incident, now)),
    section([
      list(
        '*Containment done*',
        done.length ? done.map(doneLine) : ['nothing yet'],
        MAX_DONE_SHOWN,
        report,
        failed ? [`:warning: ${failed} action(s) failed: ${report}`] : [],
      ),
    ]),
  ];
  if (incident.escalations.length) {
    blocks.push(
      section([
        list(
          '*Needs a person*',
          incident.escalations.map((e) => `• ${quoteMrkdwn(e, 300)}`),
          MAX_ESCALATIONS_SHOWN,
          report,
        ),
      ]),
    );
  }
  if (waiting.length) blocks.push({ type: 'divider' });
  for (const approval of waiting.slice(0, MAX_APPROVALS_SHOWN)) blocks.push(...approvalBlocks(approval));
  if (waiting.length > MAX_APPROVALS_SHOWN) {
    blocks.push(
      context(
        `${waiting.length - MAX_APPROVALS_SHOWN} more waiting for approval: ${report} lists them, ${quoteMrkdwn('ato approve APPROVAL_ID')} runs one`,
      ),
    );
  }
  blocks.push(
    context(
      `Incident ${id} · updated ${escapeMrkdwn(now.toISOString())} · ${report} · ${quoteMrkdwn(`ato undo ${incident.id}`)}`,
    ),
  );

  const text = fit([
    `${incident.severity.toUpperCase()}: ${quoteMrkdwn(incident.title)} · ${incident.status} · ${done.length} done · ${waiting.length} waiting for approval`,
  ]);
  // By construction at most 27 blocks; the cut is the guard should a section be added.
  return { text, blocks: blocks.slice(0, MAX_BLOCKS) };
}

function whatHappened(incident: Incident, now: Date): string[] {
  const { principal, signals } = incident;
  const seen = signals.map((s) => s.observedAt).sort();
  const first = seen[0] ?? incident.openedAt;
  const last = seen[seen.length - 1] ?? incident.updatedAt;
  const latest = signals.reduce<(typeof signals)[number] | undefined>(
    (a, s) => (a && a.observedAt > s.observedAt ? a : s),
    undefined,
  );
  const who = principal.name ? ` of ${principal.type} ${quoteMrkdwn(principal.name, 100)}` : '';
  const signIns = incident.signIns?.length ? ` · ${incident.signIns.length} console sign-in(s)` : '';
  return [
    '*What happened*',
    `${SUBJECT_WORDS[incident.subject.type]} ${quoteMrkdwn(incident.subject.id, 100)}${who}, account ${quoteMrkdwn(incident.accountId, 40)}, ${quoteMrkdwn(incident.region, 40)}`,
    `Status *${incident.status}* · ${signals.length} signal(s)${signIns} · first seen ${seenAt(first, now)} · last seen ${seenAt(last, now)}`,
    ...(latest ? [`Latest: ${quoteMrkdwn(latest.title, 150)}`] : []),
  ];
}

function seenAt(at: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(at)) / 60_000);
  const ago = !(minutes >= 0)
    ? ''
    : minutes < 1
      ? ' (just now)'
      : minutes < 120
        ? ` (${minutes} min ago)`
        : minutes < 2880
          ? ` (${Math.floor(minutes / 60)} h ago)`
          : ` (${Math.floor(minutes / 1440)} days ago)`;
  return `${escapeLine(at, 40)}${ago}`;
}

function target(record: Pick<ActionRecord, 'kind' | 'target'>): string {
  return targetKey({ kind: record.kind, target: record.target } as Parameters<typeof targetKey>[0]);
}

function doneLine(record: ActionRecord): string {
  const state = record.after ?? record.before;
  return `• ${quoteMrkdwn(record.kind)} on ${quoteMrkdwn(target(record))}${state ? `: ${shortState(state)}` : ''}`;
}

/** The state after an action in a few words; names are in the target, so none are repeated here. */
function shortState(state: ActionState): string {
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  switch (state.type) {
    case 'access-key':
      return `key ${quoteMrkdwn(state.status)}`;
    case 'inline-policy':
      return `inline policy ${state.document === null ? 'absent' : 'in place'}`;
    case 'principal-snapshot':
      return `snapshot taken (${count(state.snapshot.accessKeys.length, 'key')})`;
    case 'notification':
      return 'notification sent';
    case 'ses-sending':
      return state.sending.map((s) => (s.enabled ? 'sending' : 'paused')).join(', ') || 'unchanged';
    case 'ses-senders':
      return `${count(state.suspects.length, 'principal or key', 'principals or keys')} can send`;
    case 'ssm-parameter':
      return state.value === null ? 'parameter absent' : `set to ${quoteMrkdwn(state.value, 100)}`;
    case 'twilio-dialing':
    case 'twilio-messaging-geo':
      return `${count(state.countries.length, 'country', 'countries')} changed`;
    case 'twilio-subaccount':
      return `subaccount ${quoteMrkdwn(state.status, 40)}`;
    case 'twilio-api-key':
    case 'sendgrid-api-key':
      return state.deleted ? 'key deleted' : 'key present';
    case 'twilio-auth-token':
      return state.rotatedAt ? `token rotated at ${escapeLine(state.rotatedAt, 40)}` : 'token unchanged';
    case 'twilio-number-urls':
      return `${count(state.urls.length, 'webhook URL')} set`;
    case 'sendgrid-subuser':
      return state.disabled ? 'subuser disabled' : 'subuser enabled';
    case 'sendgrid-teammate':
      return state.removed ? 'teammate removed' : 'teammate present';
    case 'sendgrid-ip-access':
      return state.rules.length ? `${count(state.rules.length, 'IP rule')}` : 'every address allowed';
    case 'sendgrid-audit':
    case 'twilio-audit':
      return count(state.findings.length, 'finding');
    case 'restored':
      return `${count(state.steps.length, 'change')} put back`;
    case 'iam-removal':
      // Names in it (a policy's, a group's) are the intruder's to choose.
      return escapeLine(shortRemovalState(state), 200);
  }
}

function approvalBlocks(approval: PendingApproval): Block[] {
  const { action } = approval;
  const undo = action.reversible ? `reversible (${quoteMrkdwn('ato undo')})` : '*irreversible*';
  return [
    {
      type: 'section',
      block_id: `ato.approval.${approval.approvalId}`,
      text: mrkdwn(
        fit([
          `*Waiting for approval:* ${quoteMrkdwn(action.kind)} on ${quoteMrkdwn(target(action))} · ${undo}`,
          quoteMrkdwn(approval.reason, 300),
          ...(approval.votes?.length
            ? [`Approved so far by ${approval.votes.map((v) => quoteMrkdwn(v, 40)).join(', ')}`]
            : []),
        ]),
      ),
    },
    // Buttons only once a runbook waits for the decision; before, the click would have nothing to wake.
    approval.runbook
      ? {
          type: 'actions',
          block_id: `ato.approval.${approval.approvalId}.buttons`,
          elements: [
            button('ato.approve', 'Approve', 'primary', approval.approvalId),
            button('ato.deny', 'Deny', 'danger', approval.approvalId),
          ],
        }
      : context(`Not asked in Slack: ${quoteMrkdwn(`ato approve ${approval.approvalId}`)} decides it`),
  ];
}

export function decidedMessage(
  approval: PendingApproval,
  decision: 'approved' | 'denied' | 'expired' | 'already-decided',
  by?: string,
): Block[] {
  const what = `${quoteMrkdwn(approval.action.kind)} on ${quoteMrkdwn(target(approval.action))}`;
  const who = quoteMrkdwn(by ?? approval.decidedBy ?? 'someone', 100);
  const line = {
    approved: `:white_check_mark: *Approved* by ${who}: ${what}`,
    denied: `:no_entry_sign: *Denied* by ${who}: ${what}; nothing was done`,
    expired: `:hourglass: *Expired* before anyone decided: ${what}; nothing was done`,
    'already-decided': `*Already decided*: ${what} was ${approval.status === 'pending' ? 'decided' : approval.status} by ${quoteMrkdwn(approval.decidedBy ?? 'someone', 100)}${approval.decidedAt ? ` at ${escapeLine(approval.decidedAt, 40)}` : ''}; this click changed nothing`,
  }[decision];
  return [{ type: 'section', block_id: `ato.approval.${approval.approvalId}`, text: mrkdwn(fit([line])) }];
}

/**
 * Thread replies for many items (signals, action results): per kind, in order of first appearance,
 * the first few one by one and the rest folded into "37 more `kind` (e.g. …)"; never more than
 * `maxReplies`. With more kinds than replies, the last reply folds the remaining kinds.
 */
export function threadReplies(items: { kind: string; text: string }[], maxReplies: number): string[] {
  if (maxReplies < 1 || !items.length) return [];
  const groups = new Map<string, string[]>();
  for (const item of items) groups.set(item.kind, [...(groups.get(item.kind) ?? []), item.text]);
  let kinds = [...groups.entries()].map(([kind, texts]) => ({ kind, texts, shown: 0 }));
  const rest = kinds.length > maxReplies ? kinds.slice(maxReplies - 1) : [];
  if (rest.length) kinds = kinds.slice(0, maxReplies - 1);

  // Each kind costs one reply (its fold); showing an item costs one more, except the last (no fold left).
  const lines = (shown: number, total: number) => shown + (total > shown ? 1 : 0);
  let spare = maxReplies - kinds.length - (rest.length ? 1 : 0);
  for (let changed = true; changed;) {
    changed = false;
    for (const k of kinds) {
      if (k.shown >= Math.min(k.texts.length, FIRST_PER_KIND)) continue;
      const cost = lines(k.shown + 1, k.texts.length) - lines(k.shown, k.texts.length);
      if (cost > spare) continue;
      k.shown += 1;
      spare -= cost;
      changed = true;
    }
  }

  const replies: string[] = [];
  for (const { kind, texts, shown } of kinds) {
    replies.push(...texts.slice(0, shown).map((t) => `${quoteMrkdwn(kind, 80)} ${quoteMrkdwn(t, 300)}`));
    const folded = texts.length - shown;
    if (folded) {
      replies.push(
        `${folded}${shown ? ' more' : ''} ${quoteMrkdwn(kind, 80)} (e.g. ${quoteMrkdwn(texts[shown] ?? '', 200)})`,
      );
    }
  }
  const [head] = rest;
  if (head) {
    const total = rest.reduce((n, k) => n + k.texts.length, 0);
    const example = `${quoteMrkdwn(head.kind, 80)} ${quoteMrkdwn(head.texts[0] ?? '', 200)}`;
    replies.push(`${total} more of ${rest.length} other kinds (e.g. ${example})`);
  }
  return replies;
}
