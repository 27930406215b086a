/**
 * The Slack endpoint end to end below the handler: a function URL request signed as Slack signs
 * (v0: hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`,
 * https://api.slack.com/authentication/verifying-requests-from-slack), its body form-encoded exactly
 * as Slack sends it:
 * - a slash command's fields: https://api.slack.com/interactivity/slash-commands
 * - a button click, one `payload` field of block_actions JSON:
 *   https://api.slack.com/reference/interaction-payloads/block-actions
 * Anything not signed, stale, or not from our app and workspace is 401 with nothing read or written.
 */
import { InMemoryRunbooks } from '../../lambdas/providers/memory/runbooks';
import { createHmac } from 'node:crypto';
import type { Log } from '../../lambdas/core/respond-to-event';
import type { SlackSecret } from '../../lambdas/core/slack-secret';
import type { InteractionDeps } from '../../lambdas/core/slack-interaction';
import { MemoryIncidentStore } from '../../lambdas/providers/memory/incident-store';
import { InMemorySlack } from '../../lambdas/providers/memory/slack';
import { type SlackEndpointDeps, respondToSlack } from '../../lambdas/sources/slack-endpoint';
import { LEAKED_KEY, NOW, config, fixedClock } from '../core/builders';
import { functionUrlEvent } from '../handlers/function-url-event';

const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const OTHER_SECRET = 'fedcba9876543210fedcba9876543210';
const APP_ID = 'A0000APP';
const TEAM_ID = 'T0000TEAM';
const CHANNEL = 'C0000ATO';
const TIMESTAMP = String(NOW.getTime() / 1000);
const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAAT0kEXAMPLETASKTOKEN';
const COMMAND_RESPONSE_URL =
  'https://hooks.slack.com/commands/T0000TEAM/397700885554/96rGlfmibIGlgcZRskXaIFfN';
const ACTION_RESPONSE_URL = 'https://hooks.slack.com/actions/T0000TEAM/1232321423432/D09sSasdasdAS9091209';
/** The user agent Slack documents for its requests. */
const SLACK_USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';
const UNAUTHORIZED = {
  statusCode: 401,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'unauthorized',
};
const TRY_AGAIN = {
  statusCode: 503,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'try again later',
};

class RecordingLog implements Log {
  readonly lines: { level: 'info' | 'warn'; message: string; attributes: Record<string, unknown> }[] = [];
  info(message: string, attributes: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, attributes });
  }
  warn(message: string, attributes: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, attributes });
  }
}

function setup(
  options: { secret?: () => Promise<SlackSecret>; store?: MemoryIncidentStore; slack?: InMemorySlack } = {},
) {
  const clock = fixedClock();
  const store = options.store ?? new MemoryIncidentStore();
  const runbooks = new InMemoryRunbooks();
  const slack = options.slack ?? new InMemorySlack();
  const log = new RecordingLog();
  const interaction: InteractionDeps = {
    store,
    clock,
    config: config({
      slack: {
        enabled: true,
        appId: APP_ID,
        teamId: TEAM_ID,
        channel: CHANNEL,
        approvers: ['U0000ALICE', 'U0000BOB'],
        approvalMinutes: 30,
      },
    }),
    runbooks,
    accountId: '123456789012',
    region: 'us-east-1',
  };
  const deps: SlackEndpointDeps = {
    secret: options.secret ?? (() => Promise.resolve({ signingSecrets: [SIGNING_SECRET] })),
    interaction,
    slack,
    now: () => clock.now(),
    log,
  };
  return { clock, store, runbooks, slack, log, deps };
}

/** A slash command's form body: the documented fields in order, as Slack encodes them (spaces as +). */
function commandBody(text: string, overrides: Readonly<Record<string, string>> = {}): string {
  return new URLSearchParams({
    token: 'XXXXEXAMPLETOKEN',
    team_id: TEAM_ID,
    team_domain: 'example',
    channel_id: CHANNEL,
    channel_name: 'ato-incidents',
    user_id: 'U0000ALICE',
    user_name: 'alice',
    command: '/ato',
    text,
    api_app_id: APP_ID,
    response_url: COMMAND_RESPONSE_URL,
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
    ...overrides,
  }).toString();
}

/** A click on one of our approval buttons: the block_actions payload, form-encoded as `payload=`. */
function clickBody(
  approvalId: string,
  userId: string,
  options: { actionId?: string; teamId?: string; appId?: string } = {},
): string {
  const teamId = options.teamId ?? TEAM_ID;
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: 'bob', name: 'bob', team_id: teamId },
    api_app_id: options.appId ?? APP_ID,
    token: 'XXXXEXAMPLETOKEN',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
    team: { id: teamId, domain: 'example' },
    channel: { id: CHANNEL, name: 'ato-incidents' },
    response_url: ACTION_RESPONSE_URL,
    actions: [
      {
        action_id: options.actionId ?? 'ato.approve',
        block_id: `ato.approval.${approvalId}.buttons`,
        text: { type: 'plain_text', text: 'Approve', emoji: true },
        value: approvalId,
        style: 'primary',
        type: 'button',
        action_ts: '1700000010.840180',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const sign = (secret: string, timestamp: string, body: string | Buffer): string =>
  `v0=${createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), Buffer.from(body)]))
    .digest('hex')}`;

function slackEvent(
  body: string,
  options: {
    secret?: string;
    timestamp?: string;
    signedBody?: string;
    base64?: boolean;
    method?: string;
    omit?: 'x-slack-signature' | 'x-slack-request-timestamp';
  } = {},
) {
  const timestamp = options.timestamp ?? TIMESTAMP;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': sign(options.secret ?? SIGNING_SECRET, timestamp, options.signedBody ?? body),
  };
  if (options.omit) delete headers[options.omit];
  return functionUrlEvent({
    body,
    headers,
    userAgent: SLACK_USER_AGENT,
    ...(options.method ? { method: options.method } : {}),
    ...(options.base64 ? { base64: true } : {}),
  });
}

const CONTAIN = `contain-key ${LEAKED_KEY} leaked in a public gist`;

/** The request waiting for approval, its runbook's approval step having kept the token. */
async function waitingApproval(s: ReturnType<typeof setup>): Promise<string> {
  await respondToSlack(slackEvent(commandBody(CONTAIN)), s.deps);
  const approvalId = s.runbooks.started[0]?.name ?? '';
  const approval = await s.store.getApproval(approvalId);
  if (!approval) throw new Error('expected the request to be stored');
  await s.store.putApproval({ ...approval, runbook: { name: 'contain-key', taskToken: TOKEN } });
  return approvalId;
}

describe('respondToSlack: a slash command', () => {
  it('answers a signed /ato command with the ephemeral answer as JSON, having asked for the approval', async () => {
    // Prepare
    const s = setup();

    // Act
    const response = await respondToSlack(slackEvent(commandBody(CONTAIN)), s.deps);

    // Assess
    const [started] = s.runbooks.started;
    const approval = await s.store.getApproval(started?.name ?? '');
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(response.body)).toEqual({
      response_type: 'ephemeral',
      text: `Asked: Access key ${LEAKED_KEY} reported leaked by slack:U0000ALICE; waiting for approval ${approval?.approvalId} in incident ${approval?.incidentId}. An approver other than you decides it in the incident's thread before 2026-11-22T03:30:00.000Z.`,
    });
    expect(started).toEqual({
      runbook: 'contain-key',
      name: approval?.approvalId,
      input: { approvalId: approval?.approvalId },
    });
    expect(approval).toMatchObject({ requestedBy: 'slack:U0000ALICE', status: 'pending' });
    expect(s.log.lines).toContainEqual({
      level: 'info',
      message: 'slack command',
      attributes: { user: 'U0000ALICE', command: 'contain-key' },
    });
  });

  it('sends the blocks along when the answer has them (status)', async () => {
    // Prepare
    const s = setup();
    await respondToSlack(slackEvent(commandBody(CONTAIN)), s.deps);
    const incidentId = (await s.store.listIncidents())[0]?.id ?? '';

    // Act
    const response = await respondToSlack(slackEvent(commandBody(`status ${incidentId}`)), s.deps);

    // Assess
    const body = JSON.parse(response.body) as { response_type: string; text: string; blocks: unknown[] };
    expect(response.statusCode).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toBe(
      `CRITICAL: \`Access key ${LEAKED_KEY} reported leaked by slack:U0000ALICE\` · open · 0 done · 1 waiting for approval`,
    );
    expect(body.blocks.length).toBeGreaterThan(0);
  });

  it('verifies a body the function URL delivered base64-encoded', async () => {
    // Prepare
    const s = setup();

    // Act
    const response = await respondToSlack(slackEvent(commandBody(CONTAIN), { base64: true }), s.deps);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(s.runbooks.started).toHaveLength(1);
  });

  it('accepts a request signed with the previous secret during a rotation', async () => {
    // Prepare
    const s = setup({ secret: () => Promise.resolve({ signingSecrets: [SIGNING_SECRET, OTHER_SECRET] }) });

    // Act
    const response = await respondToSlack(slackEvent(commandBody(CONTAIN), { secret: OTHER_SECRET }), s.deps);

    // Assess
    expect(response.statusCode).toBe(200);
  });
});

describe('respondToSlack: what is refused before any work', () => {
  const genuine = commandBody(CONTAIN);
  it.each([
    [
      'a tampered body',
      slackEvent(commandBody(`contain-key ${LEAKED_KEY} tampered`), { signedBody: genuine }),
      'the signature does not match',
    ],
    [
      'a signature made with another secret',
      slackEvent(genuine, { secret: OTHER_SECRET }),
      'the signature does not match',
    ],
    [
      'a timestamp over 5 minutes old (a replay)',
      slackEvent(genuine, { timestamp: String(Number(TIMESTAMP) - 301) }),
      'the timestamp is 301 s from now (over 300 s)',
    ],
    [
      'a timestamp over 5 minutes ahead',
      slackEvent(genuine, { timestamp: String(Number(TIMESTAMP) + 301) }),
      'the timestamp is 301 s from now (over 300 s)',
    ],
    ['no X-Slack-Signature', slackEvent(genuine, { omit: 'x-slack-signature' }), 'no X-Slack-Signature'],
    [
      'no X-Slack-Request-Timestamp',
      slackEvent(genuine, { omit: 'x-slack-request-timestamp' }),
      'no X-Slack-Request-Timestamp',
    ],
    [
      'another app’s command',
      slackEvent(commandBody(CONTAIN, { api_app_id: 'A0000OTHER' })),
      'the request is for another app (A0000OTHER)',
    ],
    [
      'another workspace’s command',
      slackEvent(commandBody(CONTAIN, { team_id: 'T0000OTHER' })),
      'the request is from another workspace (T0000OTHER)',
    ],
    ['a GET', slackEvent(genuine, { method: 'GET' }), 'not a POST'],
    [
      'a signed body that is neither a command nor a click',
      slackEvent('hello=world'),
      'not an action or command: neither an interaction payload nor a slash command',
    ],
    [
      'an event that is not a function URL request',
      { body: genuine },
      'not a function URL request (no requestContext.http.method or domainName)',
    ],
  ])('answers 401 to %s, storing and starting nothing', async (_, event, reason) => {
    // Prepare
    const s = setup();

    // Act
    const response = await respondToSlack(event, s.deps);

    // Assess
    expect(response).toEqual(UNAUTHORIZED);
    expect(await s.store.listIncidents()).toEqual([]);
    expect(s.runbooks.started).toEqual([]);
    expect(s.log.lines).toEqual([
      { level: 'warn', message: 'slack request refused', attributes: { reason } },
    ]);
  });

  it.each([
    ['another workspace', { teamId: 'T0000OTHER' }],
    ['another app', { appId: 'A0000OTHER' }],
  ])('answers 401 to a click from %s, deciding nothing', async (_, origin) => {
    // Prepare
    const s = setup();
    const approvalId = await waitingApproval(s);

    // Act
    const response = await respondToSlack(slackEvent(clickBody(approvalId, 'U0000BOB', origin)), s.deps);

    // Assess
    expect(response).toEqual(UNAUTHORIZED);
    expect((await s.store.getApproval(approvalId))?.status).toBe('pending');
    expect(s.runbooks.approved).toEqual([]);
    expect(s.slack.responses).toEqual([]);
  });

  it('answers 503 when the secret cannot be read, doing nothing', async () => {
    // Prepare
    const s = setup({ secret: () => Promise.reject(new Error('AccessDeniedException')) });

    // Act
    const response = await respondToSlack(slackEvent(commandBody(CONTAIN)), s.deps);

    // Assess
    expect(response).toEqual(TRY_AGAIN);
    expect(await s.store.listIncidents()).toEqual([]);
    expect(s.runbooks.started).toEqual([]);
    expect(s.log.lines).toEqual([
      {
        level: 'warn',
        message: 'slack request not checked: secret unreadable',
        attributes: { reason: 'AccessDeniedException' },
      },
    ]);
  });

  it('refuses every request while the secret holds no signing secret (as deployed)', async () => {
    // Prepare
    const s = setup({ secret: () => Promise.resolve({ signingSecrets: [] }) });

    // Act
    const response = await respondToSlack(slackEvent(commandBody(CONTAIN)), s.deps);

    // Assess
    expect(response).toEqual(UNAUTHORIZED);
    expect(s.runbooks.started).toEqual([]);
  });
});

describe('respondToSlack: a click', () => {
  it('answers 200 with an empty body, the decision going to the click’s response_url', async () => {
    // Prepare
    const s = setup();
    const approvalId = await waitingApproval(s);

    // Act
    const response = await respondToSlack(slackEvent(clickBody(approvalId, 'U0000BOB')), s.deps);

    // Assess
    expect(response).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: '',
    });
    expect(s.slack.responses).toEqual([
      {
        responseUrl: ACTION_RESPONSE_URL,
        response: {
          responseType: 'ephemeral',
          text: 'Approved: the runbook carries it out now.',
          blocks: [
            {
              type: 'section',
              block_id: `ato.approval.${approvalId}`,
              text: {
                type: 'mrkdwn',
                verbatim: true,
                text: `:white_check_mark: *Approved* by \`slack:U0000BOB\`: \`aws.iam.deactivate-access-key\` on \`${LEAKED_KEY}\``,
              },
            },
          ],
        },
      },
    ]);
    expect(s.runbooks.approved).toEqual([
      { taskToken: TOKEN, decision: { decision: 'approved', by: 'slack:U0000BOB', at: NOW.toISOString() } },
    ]);
    expect(s.log.lines).toContainEqual({
      level: 'info',
      message: 'slack click',
      attributes: { user: 'U0000BOB', action: 'ato.approve', approvalId },
    });
  });

  it('answers a refusal through the response_url too (the requester clicking their own request)', async () => {
    // Prepare
    const s = setup();
    const approvalId = await waitingApproval(s);

    // Act
    const response = await respondToSlack(slackEvent(clickBody(approvalId, 'U0000ALICE')), s.deps);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(s.slack.responses.map((r) => r.response.text)).toEqual([
      'You asked for this: someone else must decide it.',
    ]);
    expect(s.runbooks.approved).toEqual([]);
  });
});

describe('respondToSlack: a failure during the route', () => {
  it('answers 503 when the store fails, hiding nothing half-done', async () => {
    // Prepare
    const store = new MemoryIncidentStore();
    jest
      .spyOn(store, 'findOpenIncident')
      .mockRejectedValue(new Error('ProvisionedThroughputExceededException'));
    const s = setup({ store });

    // Act
    const response = await respondToSlack(slackEvent(commandBody(CONTAIN)), s.deps);

    // Assess
    expect(response).toEqual(TRY_AGAIN);
    expect(s.runbooks.started).toEqual([]);
    expect(s.log.lines).toEqual([
      {
        level: 'warn',
        message: 'slack request failed',
        attributes: { reason: 'ProvisionedThroughputExceededException' },
      },
    ]);
  });

  it('answers 503 when the click’s answer cannot be delivered', async () => {
    // Prepare
    const slack = new InMemorySlack();
    const s = setup({ slack });
    const approvalId = await waitingApproval(s);
    slack.failNext('internal_error');

    // Act
    const response = await respondToSlack(slackEvent(clickBody(approvalId, 'U0000BOB')), s.deps);

    // Assess
    expect(response).toEqual(TRY_AGAIN);
    // The decision stands: clicking again answers that it is already approved.
    expect((await s.store.getApproval(approvalId))?.status).toBe('approved');
    expect(s.runbooks.approved).toHaveLength(1);
  });
});
