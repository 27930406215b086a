/**
 * Who can send through SES, for the person deciding what to switch off once sending is paused: the
 * IAM principals whose policies allow an SES send action, and which of their access keys look like
 * the one that sent. Pure.
 *
 * Over-inclusive on purpose, because this is a suspect list and a missed sender is worse than an
 * extra line: `Resource`, `Condition`, `Deny` statements, permissions boundaries and SCPs are not
 * evaluated. Policy grammar and wildcards:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html;
 * the send actions, SES v1 and v2 sharing the `ses:` prefix (v2 sends with ses:SendEmail and
 * ses:SendBulkEmail): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html
 */
import type { IamPrincipal } from './action';
import { oneLine } from './plain-text';

export const SES_SEND_ACTIONS = [
  'ses:SendEmail',
  'ses:SendRawEmail',
  'ses:SendTemplatedEmail',
  'ses:SendBulkTemplatedEmail',
  'ses:SendBulkEmail',
] as const;

export interface SenderKey {
  accessKeyId: string;
  /** As IAM spells it: `Active`, `Inactive`. */
  status: string;
  createDate?: string;
  /** GetAccessKeyLastUsed; absent when the key has no recorded use. */
  lastUsed?: { at?: string; service?: string; region?: string };
}

export interface SesSender {
  principal: IamPrincipal & { arn?: string };
  /** Names of the policies (managed policy name or inline policy name) that allow sending. */
  grantedBy: string[];
  /** A user's access keys, every status; always empty for a role. */
  accessKeys: SenderKey[];
}

export interface SesSenderDirectory {
  senders(): Promise<SesSender[]>;
}

export interface Suspect {
  sender: SesSender;
  /** The access key to deactivate; absent for a role, which sends with temporary credentials. */
  key?: SenderKey;
  why: string;
  /** The key sent through SES in the alarm's region within the last day. */
  likely: boolean;
}

/** How recent a last use must be to make a key the likely sender. */
const LIKELY_WITHIN_MS = 24 * 60 * 60 * 1000;

/** `ses` is SES's IAM namespace, `email` its endpoint prefix (email.<region>.amazonaws.com). */
const SES_SERVICE_NAMES = new Set(['ses', 'email']);

type JsonRecord = Record<string, unknown>;

/**
 * Whether the policy document allows any SES send action: an `Allow` statement whose `Action`
 * matches one, or whose `NotAction` leaves one out. The document may be an object, a JSON string, or
 * the URL-encoded JSON string IAM returns. Anything malformed grants nothing.
 */
export function grantsSesSending(document: unknown): boolean {
  const parsed = documentOf(document);
  return parsed !== undefined && statementsOf(parsed).some(allowsSending);
}

function allowsSending(statement: JsonRecord): boolean {
  if (statement.Effect !== 'Allow') return false;
  if ('Action' in statement) {
    const patterns = stringsOf(statement.Action);
    return SES_SEND_ACTIONS.some((action) => patterns.some((pattern) => actionMatches(pattern, action)));
  }
  // NotAction allows everything it does not name: a send action it misses is allowed.
  const excluded = stringsOf(statement.NotAction);
  return (
    excluded.length > 0 &&
    SES_SEND_ACTIONS.some((action) => !excluded.some((pattern) => actionMatches(pattern, action)))
  );
}

/**
 * IAM action wildcards: `*` any run of characters, `?` exactly one, case-insensitive. Matched
 * without a regular expression, so a crafted pattern (`*a*a*a…`) cannot make it backtrack for long.
 */
function actionMatches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  let pi = 0;
  let ai = 0;
  let star = -1;
  let resume = 0;
  while (ai < a.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === a[ai])) {
      pi += 1;
      ai += 1;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi;
      pi += 1;
      resume = ai;
    } else if (star !== -1) {
      pi = star + 1;
      resume += 1;
      ai = resume;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi += 1;
  return pi === p.length;
}

function documentOf(document: unknown): JsonRecord | undefined {
  if (isRecord(document)) return document;
  if (typeof document !== 'string') return undefined;
  const text = document.trim();
  try {
    const parsed: unknown = JSON.parse(/^%7b/i.test(text) ? decodeURIComponent(text) : text);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function statementsOf(document: JsonRecord): JsonRecord[] {
  const statement = document.Statement;
  const all: unknown[] = Array.isArray(statement) ? statement : [statement];
  return all.filter(isRecord);
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(value: unknown): string[] {
  const all: unknown[] = Array.isArray(value) ? value : [value];
  return all.filter((item): item is string => typeof item === 'string');
}

/**
 * One suspect per active access key of a sending user, and one per sending role (its temporary
 * credentials cannot be told apart here). Likely senders first (SES, in `region`, in the day before
 * `now`), then by most recent use, then by principal name. Inactive keys cannot send: left out.
 */
export function rankSuspects(senders: SesSender[], region: string, now: Date): Suspect[] {
  const suspects = senders.flatMap((sender): Suspect[] => {
    if (sender.principal.type === 'role') {
      return [{ sender, why: roleWhy(sender), likely: false }];
    }
    return sender.accessKeys
      .filter((key) => key.status === 'Active')
      .map((key) => ({ sender, key, why: keyWhy(sender, key), likely: sentRecently(key, region, now) }));
  });
  return suspects.sort(
    (a, b) =>
      Number(b.likely) - Number(a.likely) ||
      lastUsedMs(b.key) - lastUsedMs(a.key) ||
      compareText(a.sender.principal.name, b.sender.principal.name) ||
      compareText(a.key?.accessKeyId ?? '', b.key?.accessKeyId ?? ''),
  );
}

function sentRecently(key: SenderKey, region: string, now: Date): boolean {
  const used = key.lastUsed;
  if (used?.service === undefined || !SES_SERVICE_NAMES.has(used.service.toLowerCase())) return false;
  if (used.region !== undefined && used.region !== region) return false;
  // A use stamped slightly after `now` (clock skew between IAM and this function) is still recent.
  const at = lastUsedMs(key);
  return at !== Number.NEGATIVE_INFINITY && now.getTime() - at <= LIKELY_WITHIN_MS;
}

/** Never used (or an unreadable date) sorts after every use. */
function lastUsedMs(key: SenderKey | undefined): number {
  const at = key?.lastUsed?.at === undefined ? Number.NaN : Date.parse(key.lastUsed.at);
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at;
}

function keyWhy(sender: SesSender, key: SenderKey): string {
  const used = key.lastUsed;
  const use = [
    used?.service !== undefined ? ` ${used.service}` : '',
    used?.region !== undefined ? ` in ${used.region}` : '',
    used?.at !== undefined ? ` at ${timeOf(used.at)}` : '',
  ].join('');
  const lastUse = use === '' ? 'has no recorded use' : `last used${use}`;
  return oneLine(`key ${key.accessKeyId} of user ${sender.principal.name} ${lastUse}${allowedBy(sender)}`);
}

function roleWhy(sender: SesSender): string {
  return oneLine(
    `role ${sender.principal.name} can send with temporary credentials (a role has no long-term access key)${allowedBy(sender)}`,
  );
}

const allowedBy = (sender: SesSender): string =>
  sender.grantedBy.length > 0 ? `; allowed to send by ${sender.grantedBy.join(', ')}` : '';

/** `2026-11-22T03:01:00Z`: whole seconds read better than `.000`. */
function timeOf(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
