/**
 * What an already-authenticated request to the Slack endpoint asks for: a button click on one of our
 * messages (an interaction, `payload=` JSON of type `block_actions`) or a slash command (plain form
 * fields). Everything else is `unknown`, with the reason in words; nothing here throws.
 * https://api.slack.com/reference/interaction-payloads/block-actions
 * https://api.slack.com/interactivity/slash-commands#app_command_handling
 *
 * A valid signature says the request came through Slack, not that its fields are benign: user names,
 * command text and even ids are typed by whoever clicked or typed. Ids are kept only when they are
 * short visible ASCII (an over-long id is refused, never truncated into someone else's); display text
 * is made one bounded line.
 */
import type { FormParams } from '../core/ports';
import { oneLine } from '../core/plain-text';
import { arrayAt, isRecord, stringAt } from './eventbridge-envelope';

export interface SlackAction {
  kind: 'action';
  appId: string;
  teamId: string;
  userId: string;
  /** Display only: one line, bounded. */
  userName: string;
  actionId: string;
  /** The button's value: for our buttons, an approval id and nothing else. */
  value: string;
  responseUrl: string;
  channelId?: string;
  messageTs?: string;
}

export interface SlackCommand {
  kind: 'command';
  appId: string;
  teamId: string;
  userId: string;
  /** Display only: one line, bounded. */
  userName: string;
  channelId: string;
  command: string;
  /** What followed the command, as one bounded line (may be empty). */
  text: string;
  responseUrl: string;
}

export interface UnknownSlackRequest {
  kind: 'unknown';
  reason: string;
}

export type SlackRequest = SlackAction | SlackCommand | UnknownSlackRequest;

const MAX_ID = 200;
const MAX_NAME = 200;
const MAX_TEXT = 3000;
const MAX_URL = 2000;
// Visible ASCII only: Slack's ids, timestamps, our action ids and approval ids all fit.
const ID = new RegExp(`^[\\x21-\\x7e]{1,${MAX_ID}}$`);

/** The request's meaning, from its form parameters (as `webhookRequestOf` produces them). */
export function slackRequestOf(params: FormParams): SlackRequest {
  const payload = single(params, 'payload');
  const command = single(params, 'command');
  if (payload.repeated || command.repeated) return unknown('a parameter appears more than once');
  if (payload.value !== undefined && command.value !== undefined)
    return unknown('both an interaction payload and a slash command');
  if (payload.value !== undefined) return actionOf(payload.value);
  if (command.value !== undefined) return commandOf(params);
  return unknown('neither an interaction payload nor a slash command');
}

/**
 * Why the request is not for our app in our workspace (`api_app_id`, `team.id` / `team_id`), or
 * undefined when it is. An unknown request is never of our origin.
 */
export function checkOrigin(
  parsed: SlackRequest,
  expected: { appId: string; teamId: string },
): string | undefined {
  if (parsed.kind === 'unknown') return `not an action or command: ${parsed.reason}`;
  if (expected.appId === '' || expected.teamId === '') return 'no expected app or team configured';
  if (parsed.appId !== expected.appId) return `the request is for another app (${parsed.appId})`;
  if (parsed.teamId !== expected.teamId) return `the request is from another workspace (${parsed.teamId})`;
  return undefined;
}

function actionOf(payloadJson: string): SlackRequest {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadJson);
  } catch {
    return unknown('the interaction payload is not JSON');
  }
  if (!isRecord(payload)) return unknown('the interaction payload is not an object');
  const type = stringAt(payload, 'type');
  if (type !== 'block_actions')
    return unknown(`interaction type ${type === undefined ? '(none)' : oneLine(type, 60)} is not handled`);

  const first = arrayAt(payload, 'actions')?.[0];
  if (!isRecord(first)) return unknown('the interaction has no action');
  if (stringAt(first, 'type') !== 'button') return unknown('the first action is not a button');

  const invalid = (field: string): UnknownSlackRequest => unknown(`the interaction has no valid ${field}`);
  const appId = idAt(payload, 'api_app_id');
  if (appId === undefined) return invalid('api_app_id');
  const teamId = idAt(payload, 'team', 'id');
  if (teamId === undefined) return invalid('team.id');
  const userId = idAt(payload, 'user', 'id');
  if (userId === undefined) return invalid('user.id');
  const actionId = idAt(first, 'action_id');
  if (actionId === undefined) return invalid('actions[0].action_id');
  const value = idAt(first, 'value');
  if (value === undefined) return invalid('actions[0].value');
  const responseUrl = urlOf(stringAt(payload, 'response_url'));
  if (responseUrl === undefined) return invalid('response_url');

  const userName = nameOf(stringAt(payload, 'user', 'username') ?? stringAt(payload, 'user', 'name'), userId);
  const channelId = idAt(payload, 'channel', 'id') ?? idAt(payload, 'container', 'channel_id');
  const messageTs = idAt(payload, 'container', 'message_ts') ?? idAt(payload, 'message', 'ts');
  return {
    kind: 'action',
    appId,
    teamId,
    userId,
    userName,
    actionId,
    value,
    responseUrl,
    ...(channelId === undefined ? {} : { channelId }),
    ...(messageTs === undefined ? {} : { messageTs }),
  };
}

function commandOf(params: FormParams): SlackRequest {
  const names = [
    'api_app_id',
    'team_id',
    'user_id',
    'user_name',
    'channel_id',
    'command',
    'text',
    'response_url',
  ];
  const form: Record<string, string | undefined> = {};
  for (const name of names) {
    const found = single(params, name);
    if (found.repeated) return unknown('a parameter appears more than once');
    form[name] = found.value;
  }
  const invalid = (field: string): UnknownSlackRequest => unknown(`the slash command has no valid ${field}`);
  const appId = idOf(form.api_app_id);
  if (appId === undefined) return invalid('api_app_id');
  const teamId = idOf(form.team_id);
  if (teamId === undefined) return invalid('team_id');
  const userId = idOf(form.user_id);
  if (userId === undefined) return invalid('user_id');
  const channelId = idOf(form.channel_id);
  if (channelId === undefined) return invalid('channel_id');
  const command = idOf(form.command);
  if (command === undefined) return invalid('command');
  const responseUrl = urlOf(form.response_url);
  if (responseUrl === undefined) return invalid('response_url');
  return {
    kind: 'command',
    appId,
    teamId,
    userId,
    userName: nameOf(form.user_name, userId),
    channelId,
    command,
    text: oneLine(form.text ?? '', MAX_TEXT),
    responseUrl,
  };
}

/** The value of a form parameter that must appear at most once. */
function single(params: FormParams, name: string): { value?: string; repeated: boolean } {
  const values = params.filter(([key]) => key === name).map(([, value]) => value);
  return values.length > 1 ? { repeated: true } : { value: values[0], repeated: false };
}

function idAt(value: unknown, ...path: string[]): string | undefined {
  return idOf(stringAt(value, ...path));
}

function idOf(text: string | undefined): string | undefined {
  return text !== undefined && ID.test(text) ? text : undefined;
}

/** Slack's response URLs are https; anything else (or a URL with credentials) is not one of Slack's. */
function urlOf(text: string | undefined): string | undefined {
  if (text === undefined || text.length > MAX_URL) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
  return text;
}

/** A display name as one bounded line; the user id when the name is absent or blank after cleaning. */
function nameOf(text: string | undefined, fallback: string): string {
  const clean = oneLine(text ?? '', MAX_NAME);
  return clean === '' ? fallback : clean;
}

const unknown = (reason: string): UnknownSlackRequest => ({ kind: 'unknown', reason });
