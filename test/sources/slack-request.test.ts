/**
 * Requests to the Slack endpoint, after their signature was checked. Fixtures are shaped as Slack's
 * documentation shows them, with placeholder ids:
 * - a button click: https://api.slack.com/reference/interaction-payloads/block-actions
 * - a slash command: https://api.slack.com/interactivity/slash-commands#app_command_handling
 */
import type { FormParams } from '../../lambdas/core/ports';
import { checkOrigin, slackRequestOf } from '../../lambdas/sources/slack-request';

const APP_ID = 'A0000EXAMPLE';
const TEAM_ID = 'T0000EXAMPLE';
const ACTION_RESPONSE_URL = 'https://hooks.slack.com/actions/T0000EXAMPLE/1232321423432/D09sSasdasdAS9091209';
const COMMAND_RESPONSE_URL =
  'https://hooks.slack.com/commands/T0000EXAMPLE/397700885554/96rGlfmibIGlgcZRskXaIFfN';

/** A `block_actions` payload for a click on an approval button in a channel message. */
const blockActions = (): Record<string, unknown> => ({
  type: 'block_actions',
  user: { id: 'U0000EXAMPLE', username: 'amy.mcgee', name: 'amy.mcgee', team_id: TEAM_ID },
  api_app_id: APP_ID,
  token: 'XXXXEXAMPLETOKEN',
  container: {
    type: 'message',
    message_ts: '1548261231.000200',
    channel_id: 'C0000EXAMPLE',
    is_ephemeral: false,
  },
  trigger_id: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
  team: { id: TEAM_ID, domain: 'example' },
  channel: { id: 'C0000EXAMPLE', name: 'ato-incidents' },
  response_url: ACTION_RESPONSE_URL,
  actions: [
    {
      action_id: 'approve',
      block_id: 'approval-apr-0001',
      value: 'apr-0001',
      type: 'button',
      action_ts: '1548426417.840180',
    },
  ],
});

/** How Slack delivers an interaction: one form field, `payload`, holding the JSON. */
const interaction = (payload: unknown): FormParams => [['payload', JSON.stringify(payload)]];

/** A slash command as Slack posts it, every documented field, in the documented order. */
const slashCommand = (overrides: Readonly<Record<string, string>> = {}): FormParams =>
  Object.entries({
    token: 'XXXXEXAMPLETOKEN',
    team_id: TEAM_ID,
    team_domain: 'example',
    enterprise_id: 'E0000EXAMPLE',
    channel_id: 'C0000EXAMPLE',
    channel_name: 'ato-incidents',
    user_id: 'U0000EXAMPLE',
    user_name: 'amy.mcgee',
    command: '/ato',
    text: 'contain-key AKIAIOSFODNN7EXAMPLE leaked in a public repo',
    api_app_id: APP_ID,
    response_url: COMMAND_RESPONSE_URL,
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
    ...overrides,
  }).map(([name, value]) => [name, value] as const);

describe('a button click (block_actions)', () => {
  it('reads the first action of a documented block_actions payload', () => {
    // Prepare
    const params = interaction(blockActions());

    // Act
    const parsed = slackRequestOf(params);

    // Assess
    expect(parsed).toEqual({
      kind: 'action',
      appId: APP_ID,
      teamId: TEAM_ID,
      userId: 'U0000EXAMPLE',
      userName: 'amy.mcgee',
      actionId: 'approve',
      value: 'apr-0001',
      responseUrl: ACTION_RESPONSE_URL,
      channelId: 'C0000EXAMPLE',
      messageTs: '1548261231.000200',
    });
  });

  it('reads the payload from a form body exactly as webhookRequestOf splits it', () => {
    // Prepare: the body as Slack sends it, `payload=` followed by the URL-encoded JSON.
    const body = `payload=${encodeURIComponent(JSON.stringify(blockActions()))}`;
    const params = [...new URLSearchParams(body)].map(([name, value]) => [name, value] as const);

    // Act
    const parsed = slackRequestOf(params);

    // Assess
    expect(parsed).toMatchObject({ kind: 'action', value: 'apr-0001' });
  });

  it('takes only the first of several actions', () => {
    // Prepare
    const payload = blockActions();
    payload.actions = [
      { action_id: 'deny', block_id: 'b', value: 'apr-0002', type: 'button', action_ts: '1548426417.840181' },
      {
        action_id: 'approve',
        block_id: 'b',
        value: 'apr-0003',
        type: 'button',
        action_ts: '1548426417.840182',
      },
    ];

    // Act
    const parsed = slackRequestOf(interaction(payload));

    // Assess
    expect(parsed).toMatchObject({ kind: 'action', actionId: 'deny', value: 'apr-0002' });
  });

  it('falls back to the container for the channel and to the message for its ts', () => {
    // Prepare
    const payload = blockActions();
    delete payload.channel;
    payload.container = { type: 'message', channel_id: 'C0000EXAMPLE', is_ephemeral: true };
    payload.message = { type: 'message', ts: '1548261231.000300', text: 'Approve?' };

    // Act
    const parsed = slackRequestOf(interaction(payload));

    // Assess
    expect(parsed).toMatchObject({ channelId: 'C0000EXAMPLE', messageTs: '1548261231.000300' });
  });

  it('leaves out the channel and message ts when there are none (a click in a modal)', () => {
    // Prepare
    const payload = blockActions();
    delete payload.channel;
    payload.container = { type: 'view', view_id: 'V0000EXAMPLE' };

    // Act
    const parsed = slackRequestOf(interaction(payload));

    // Assess
    expect(parsed).toEqual({
      kind: 'action',
      appId: APP_ID,
      teamId: TEAM_ID,
      userId: 'U0000EXAMPLE',
      userName: 'amy.mcgee',
      actionId: 'approve',
      value: 'apr-0001',
      responseUrl: ACTION_RESPONSE_URL,
    });
  });

  it('makes the user name one bounded line, and falls back to the user id when it is blank', () => {
    // Prepare
    const forged = blockActions();
    forged.user = { id: 'U0000EXAMPLE', username: 'amy\n*Approved by security*\u202e', team_id: TEAM_ID };
    const long = blockActions();
    long.user = { id: 'U0000EXAMPLE', username: 'a'.repeat(500), team_id: TEAM_ID };
    const blank = blockActions();
    blank.user = { id: 'U0000EXAMPLE', username: '\u0007\u0007', team_id: TEAM_ID };

    // Act
    const names = [forged, long, blank].map((payload) => {
      const parsed = slackRequestOf(interaction(payload));
      return parsed.kind === 'action' ? parsed.userName : parsed.kind;
    });

    // Assess
    expect(names).toEqual(['amy *Approved by security*', `${'a'.repeat(199)}…`, 'U0000EXAMPLE']);
  });

  it('refuses a payload that is not JSON', () => {
    // Act
    const parsed = slackRequestOf([['payload', '{"type":"block_actions",']]);

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason: 'the interaction payload is not JSON' });
  });

  it.each<[string, string]>([
    ['an array', '[]'],
    ['a string', '"block_actions"'],
    ['null', 'null'],
  ])('refuses a payload that is %s', (_, json) => {
    // Act
    const parsed = slackRequestOf([['payload', json]]);

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason: 'the interaction payload is not an object' });
  });

  it('refuses other interaction types, naming the type', () => {
    // Prepare
    const payload = { ...blockActions(), type: 'view_submission' };

    // Act
    const parsed = slackRequestOf(interaction(payload));

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason: 'interaction type view_submission is not handled' });
  });

  it.each<[string, (payload: Record<string, unknown>) => void, string]>([
    ['no actions', (p) => delete p.actions, 'the interaction has no action'],
    ['an empty actions list', (p) => (p.actions = []), 'the interaction has no action'],
    [
      'actions that are not a list',
      (p) => (p.actions = { action_id: 'approve' }),
      'the interaction has no action',
    ],
    [
      'a select menu rather than a button',
      (p) => (p.actions = [{ action_id: 'approve', type: 'static_select', action_ts: '1548426417.840180' }]),
      'the first action is not a button',
    ],
    ['no api_app_id', (p) => delete p.api_app_id, 'the interaction has no valid api_app_id'],
    ['no team', (p) => (p.team = null), 'the interaction has no valid team.id'],
    ['no user id', (p) => (p.user = { username: 'amy.mcgee' }), 'the interaction has no valid user.id'],
    [
      'a user id that is not a string',
      (p) => (p.user = { id: 42, username: 'amy.mcgee' }),
      'the interaction has no valid user.id',
    ],
    [
      'a button without an action_id',
      (p) => (p.actions = [{ type: 'button', value: 'apr-0001' }]),
      'the interaction has no valid actions[0].action_id',
    ],
    [
      'a button without a value',
      (p) => (p.actions = [{ type: 'button', action_id: 'approve' }]),
      'the interaction has no valid actions[0].value',
    ],
    [
      'a value with a space in it',
      (p) => (p.actions = [{ type: 'button', action_id: 'approve', value: 'apr-0001 apr-0002' }]),
      'the interaction has no valid actions[0].value',
    ],
    [
      'a value longer than an id can be',
      (p) => (p.actions = [{ type: 'button', action_id: 'approve', value: 'a'.repeat(201) }]),
      'the interaction has no valid actions[0].value',
    ],
    ['no response_url', (p) => delete p.response_url, 'the interaction has no valid response_url'],
    [
      'a plain-http response_url',
      (p) => (p.response_url = 'http://hooks.slack.com/actions/T0000EXAMPLE/1/x'),
      'the interaction has no valid response_url',
    ],
    [
      'a response_url that is not a URL',
      (p) => (p.response_url = 'hooks.slack.com/actions'),
      'the interaction has no valid response_url',
    ],
  ])('refuses an interaction with %s', (_, change, reason) => {
    // Prepare
    const payload = blockActions();
    change(payload);

    // Act
    const parsed = slackRequestOf(interaction(payload));

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason });
  });
});

describe('a slash command', () => {
  it('reads every field the endpoint needs from the documented form', () => {
    // Act
    const parsed = slackRequestOf(slashCommand());

    // Assess
    expect(parsed).toEqual({
      kind: 'command',
      appId: APP_ID,
      teamId: TEAM_ID,
      userId: 'U0000EXAMPLE',
      userName: 'amy.mcgee',
      channelId: 'C0000EXAMPLE',
      command: '/ato',
      text: 'contain-key AKIAIOSFODNN7EXAMPLE leaked in a public repo',
      responseUrl: COMMAND_RESPONSE_URL,
    });
  });

  it('reads an empty text as empty (`/ato` alone asks for help)', () => {
    // Act
    const parsed = slackRequestOf(slashCommand({ text: '' }));

    // Assess
    expect(parsed).toMatchObject({ kind: 'command', text: '' });
  });

  it('bounds an over-long text to 3000 characters', () => {
    // Prepare
    const text = `undo INC-1 ${'x'.repeat(10_000)}`;

    // Act
    const parsed = slackRequestOf(slashCommand({ text }));

    // Assess
    expect(parsed.kind === 'command' && parsed.text).toBe(`${text.slice(0, 2999)}…`);
  });

  it('makes the text one line: no newline or bidi control survives', () => {
    // Act
    const parsed = slackRequestOf(slashCommand({ text: 'undo INC-1\n\nreason: ok\u202e\u0000' }));

    // Assess
    expect(parsed).toMatchObject({ kind: 'command', text: 'undo INC-1 reason: ok' });
  });

  it.each<[string, Readonly<Record<string, string>>, string]>([
    ['no api_app_id', { api_app_id: '' }, 'the slash command has no valid api_app_id'],
    ['no team_id', { team_id: '' }, 'the slash command has no valid team_id'],
    ['no user_id', { user_id: '' }, 'the slash command has no valid user_id'],
    ['a user_id with a newline', { user_id: 'U0000EXAMPLE\n' }, 'the slash command has no valid user_id'],
    ['an over-long channel_id', { channel_id: 'C'.repeat(201) }, 'the slash command has no valid channel_id'],
    [
      'a plain-http response_url',
      { response_url: 'http://example.com/' },
      'the slash command has no valid response_url',
    ],
    [
      'a response_url with credentials',
      { response_url: 'https://user:pass@hooks.slack.com/commands/T0000EXAMPLE/1/x' },
      'the slash command has no valid response_url',
    ],
  ])('refuses a command with %s', (_, overrides, reason) => {
    // Act
    const parsed = slackRequestOf(slashCommand(overrides));

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason });
  });

  it('refuses a command whose fields are missing altogether', () => {
    // Act
    const parsed = slackRequestOf([['command', '/ato']]);

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason: 'the slash command has no valid api_app_id' });
  });

  it('refuses a form that names the user twice rather than pick one', () => {
    // Prepare
    const params: FormParams = [...slashCommand(), ['user_id', 'U0000APPROVER']];

    // Act
    const parsed = slackRequestOf(params);

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason: 'a parameter appears more than once' });
  });
});

describe('anything else', () => {
  it.each<[string, FormParams, string]>([
    ['an empty form', [], 'neither an interaction payload nor a slash command'],
    [
      'an Events API-like form',
      [['type', 'url_verification']],
      'neither an interaction payload nor a slash command',
    ],
    [
      'both a payload and a command',
      [...slashCommand(), ['payload', JSON.stringify(blockActions())]],
      'both an interaction payload and a slash command',
    ],
    [
      'two payloads',
      [...interaction(blockActions()), ...interaction(blockActions())],
      'a parameter appears more than once',
    ],
  ])('is unknown for %s', (_, params, reason) => {
    // Act
    const parsed = slackRequestOf(params);

    // Assess
    expect(parsed).toEqual({ kind: 'unknown', reason });
  });
});

describe('checkOrigin', () => {
  const expected = { appId: APP_ID, teamId: TEAM_ID };

  it('passes an action and a command from our app in our workspace', () => {
    // Act
    const reasons = [
      checkOrigin(slackRequestOf(interaction(blockActions())), expected),
      checkOrigin(slackRequestOf(slashCommand()), expected),
    ];

    // Assess
    expect(reasons).toEqual([undefined, undefined]);
  });

  it("refuses another app's request", () => {
    // Prepare
    const parsed = slackRequestOf(slashCommand({ api_app_id: 'A0000OTHERAPP' }));

    // Act
    const reason = checkOrigin(parsed, expected);

    // Assess
    expect(reason).toBe('the request is for another app (A0000OTHERAPP)');
  });

  it('refuses a click from another workspace, even by a user whose own team_id is ours', () => {
    // Prepare
    const payload = blockActions();
    payload.team = { id: 'T0000OTHERTEAM', domain: 'other' };
    const parsed = slackRequestOf(interaction(payload));

    // Act
    const reason = checkOrigin(parsed, expected);

    // Assess
    expect(reason).toBe('the request is from another workspace (T0000OTHERTEAM)');
  });

  it('refuses an unknown request, carrying its reason', () => {
    // Act
    const reason = checkOrigin(slackRequestOf([]), expected);

    // Assess
    expect(reason).toBe('not an action or command: neither an interaction payload nor a slash command');
  });

  it('fails closed when nothing is configured to compare with', () => {
    // Act
    const reason = checkOrigin(slackRequestOf(slashCommand()), { appId: '', teamId: '' });

    // Assess
    expect(reason).toBe('no expected app or team configured');
  });
});
