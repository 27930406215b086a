/**
 * One request to the Slack endpoint (a function URL), answered in HTTP within Slack's 3 seconds.
 * Order: the function URL request → the signature over the raw bytes (base64 decoded first) → the
 * form → the app and workspace → the click or the command. Anything that fails before the route gets
 * 401 with no detail and nothing read or written; a secret that cannot be read gets 503 (Slack shows
 * an error, the person clicks again). A click is answered through its `response_url` (Slack ignores
 * the body of an interaction's answer); a command's answer is the body itself.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 * https://api.slack.com/interactivity/handling#acknowledgment_response
 */
import type { HttpResponse } from '../core/respond-to-webhook';
import type { Log } from '../core/respond-to-event';
import type { SlackPort, SlackResponse } from '../core/slack-ports';
import type { SlackSecret } from '../core/slack-secret';
import { type Click, type InteractionDeps, onClick, onCommand } from '../core/slack-interaction';
import { checkOrigin, slackRequestOf } from './slack-request';
import { verifySlackSignature } from './slack-signature';
import { webhookRequestOf } from './webhook-request';

export interface SlackEndpointDeps {
  /** The app's secret, read (cached) only once a request looks like one. */
  secret: () => Promise<SlackSecret>;
  interaction: InteractionDeps;
  /** For a click's answer (response_url). */
  slack: Pick<SlackPort, 'respond'>;
  now: () => Date;
  log: Log;
}

const answer = (statusCode: number, body: string, type = 'text/plain; charset=utf-8'): HttpResponse => ({
  statusCode,
  headers: { 'content-type': type },
  body,
});
const UNAUTHORIZED = answer(401, 'unauthorized');

/** A command's answer in Slack's JSON (response_type, text, blocks). */
function commandBody(response: SlackResponse): HttpResponse {
  return answer(
    200,
    JSON.stringify({
      response_type: response.responseType,
      text: response.text,
      ...(response.blocks ? { blocks: response.blocks } : {}),
    }),
    'application/json',
  );
}

export async function respondToSlack(event: unknown, deps: SlackEndpointDeps): Promise<HttpResponse> {
  const parsed = webhookRequestOf(event);
  if (!parsed.ok || parsed.request.method !== 'POST') {
    deps.log.warn('slack request refused', { reason: parsed.ok ? 'not a POST' : parsed.reason });
    return UNAUTHORIZED;
  }
  const { request } = parsed;
  let secret: SlackSecret;
  try {
    secret = await deps.secret();
  } catch (error) {
    deps.log.warn('slack request not checked: secret unreadable', {
      reason: error instanceof Error ? error.message : String(error),
    });
    return answer(503, 'try again later');
  }
  const verified = verifySlackSignature({
    signingSecrets: secret.signingSecrets,
    rawBody: request.rawBody,
    signature: request.headers['x-slack-signature'],
    timestamp: request.headers['x-slack-request-timestamp'],
    now: deps.now(),
  });
  if (!verified.ok) {
    deps.log.warn('slack request refused', { reason: verified.reason });
    return UNAUTHORIZED;
  }
  const slackRequest = slackRequestOf(request.params);
  const { slack } = deps.interaction.config;
  const wrongOrigin = checkOrigin(slackRequest, { appId: slack.appId ?? '', teamId: slack.teamId ?? '' });
  if (wrongOrigin || slackRequest.kind === 'unknown') {
    deps.log.warn('slack request refused', { reason: wrongOrigin ?? 'unknown request' });
    return UNAUTHORIZED;
  }
  try {
    if (slackRequest.kind === 'command') {
      const response = await onCommand(slackRequest.text, slackRequest.userId, deps.interaction);
      deps.log.info('slack command', { user: slackRequest.userId, command: slackRequest.text.split(' ')[0] });
      return commandBody(response);
    }
    const click: Click = {
      actionId: slackRequest.actionId,
      value: slackRequest.value,
      userId: slackRequest.userId,
    };
    const response = await onClick(click, deps.interaction);
    deps.log.info('slack click', { user: click.userId, action: click.actionId, approvalId: click.value });
    await deps.slack.respond(slackRequest.responseUrl, response);
    return answer(200, '');
  } catch (error) {
    // The store, Step Functions or Slack failed: nothing half-done is hidden; the person tries again.
    deps.log.warn('slack request failed', { reason: error instanceof Error ? error.message : String(error) });
    return answer(503, 'try again later');
  }
}
