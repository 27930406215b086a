/**
 * The ports the Slack side of the responder drives: the Web API (bot token) and a click's
 * `response_url`, and the runbooks' state machines (Step Functions). Providers implement them
 * (`providers/slack`, `providers/aws/runbooks`); tests pass memory ones. Nothing here imports an SDK.
 */
import type { Block } from './slack-blocks';

/** A message of the responder's in a channel: where it is, to update or delete it. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface SlackMessage {
  /** The notification and screen-reader text; Slack shows it when blocks cannot be shown. */
  text: string;
  blocks?: Block[];
}

/** What a click or a slash command gets back through its `response_url` (valid 30 min, 5 uses). */
export interface SlackResponse extends SlackMessage {
  /** `ephemeral`: only the person who clicked or typed sees it. */
  responseType: 'ephemeral' | 'in_channel';
  /** Replace the message the click came from (its buttons) instead of adding one. */
  replaceOriginal?: boolean;
}

export interface SlackPort {
  /** chat.postMessage; `threadTs`: a reply in that message's thread. */
  post(channel: string, message: SlackMessage, threadTs?: string): Promise<SlackMessageRef>;
  /** chat.update: the incident's parent message, in place. */
  update(ref: SlackMessageRef, message: SlackMessage): Promise<void>;
  /** chat.delete: a parent posted twice by a race is taken back. */
  delete(ref: SlackMessageRef): Promise<void>;
  /** POST to a `response_url` Slack gave with a click or a slash command. */
  respond(responseUrl: string, response: SlackResponse): Promise<void>;
}

/** The runbooks, one Standard state machine each (lib/runbooks.ts). */
export const RUNBOOKS = [
  'contain-key',
  'investigate-key',
  'remove-rogue-principals',
  'pause-ses',
  'resume-ses',
  'twilio-lockdown',
  'sendgrid-lockdown',
  'undo-incident',
] as const;
export type RunbookName = (typeof RUNBOOKS)[number];

/** What a runbook's step Lambda is invoked with (the state machine's payloads, lib/runbooks.ts). */
export type RunbookStepInput =
  /** `.waitForTaskToken`: keep the token with the approval, show the buttons; the click answers. */
  | { step: 'request-approval'; runbook: RunbookName; approvalId: string; taskToken: string }
  /** After SendTaskSuccess: run what was approved (the same executor as `ato approve`). */
  | { step: 'execute'; runbook: RunbookName; approvalId: string }
  /** After SendTaskFailure `ato.Denied`: record the denial in the incident. */
  | { step: 'denied'; runbook: RunbookName; approvalId: string }
  /** After `States.Timeout`: nobody decided in time; the approval is closed as expired. */
  | { step: 'expire'; runbook: RunbookName; approvalId: string };

/** The error a denial is sent with (SendTaskFailure), which the state machine catches. */
export const DENIED_ERROR = 'ato.Denied';

/** The output SendTaskSuccess gives an approval step: who decided, when. */
export interface ApprovalDecision {
  decision: 'approved';
  by: string;
  at: string;
}

export interface RunbookPort {
  /**
   * StartExecution of the runbook's state machine, named `name` (the approval id) so that starting it
   * twice starts it once (Step Functions refuses a second execution of a name); true when started now.
   * `input`: `{ approvalId }`, or for `investigate-key` the key deactivation the investigator reads.
   */
  start(runbook: RunbookName, name: string, input: Record<string, string>): Promise<boolean>;
  /** SendTaskSuccess; false when the token is closed (timed out, answered, execution gone). */
  approve(taskToken: string, decision: ApprovalDecision): Promise<boolean>;
  /** SendTaskFailure with `ato.Denied`; false when the token is closed. */
  deny(taskToken: string, by: string): Promise<boolean>;
}
