/**
 * Slack's Block Kit, the small typed subset the responder posts
 * (https://api.slack.com/reference/block-kit/blocks), its limits, and the escaping every string the
 * world chose goes through before it reaches a message. Pure.
 *
 * `quoteMrkdwn`: one bounded line (`oneLine`), backticks made quotes, `&`, `<`, `>` escaped as Slack
 * requires (https://api.slack.com/reference/surfaces/formatting#escaping), inside inline code.
 * Escaping leaves no `<` to open a mention (`<!channel>`, `<@U…>`) or a link (`<https://…|login>`);
 * inline code keeps `*`, `_`, `~` from formatting and bare URLs from being linked, and cannot be
 * closed early since no backtick is left. Every mrkdwn object is also `verbatim`, so Slack does no
 * automatic parsing of URLs, channel names or mentions in it.
 */
import { oneLine } from './plain-text';

export interface PlainText {
  type: 'plain_text';
  text: string;
}
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}
export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}
export interface SectionBlock {
  type: 'section';
  block_id?: string;
  text: MrkdwnText;
}
export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}
export interface DividerBlock {
  type: 'divider';
}
export interface ButtonElement {
  type: 'button';
  action_id: 'ato.approve' | 'ato.deny';
  text: PlainText;
  style: 'primary' | 'danger';
  /** The approval id and nothing else: the click is checked against the store, never trusted. */
  value: string;
}
export interface ActionsBlock {
  type: 'actions';
  block_id?: string;
  elements: ButtonElement[];
}
export type Block = HeaderBlock | SectionBlock | ContextBlock | DividerBlock | ActionsBlock;

/** Slack's limits: blocks per message, characters per text object, per header. */
export const MAX_BLOCKS = 50;
export const MAX_TEXT = 3000;
export const MAX_HEADER = 150;

export function escapeMrkdwn(text: string): string {
  return escapeLine(text, 400);
}

/** An attacker-controlled string as inline code: no mention, no link, no formatting (see above). */
export function quoteMrkdwn(text: string, max = 200): string {
  const inner = escapeLine(text.replace(/`/g, "'"), max);
  return inner ? `\`${inner}\`` : '(empty)';
}

export function escapeLine(text: string, max: number): string {
  return oneLine(text, max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text, verbatim: true };
}

export function section(lines: string[]): SectionBlock {
  return { type: 'section', text: mrkdwn(fit(lines)) };
}

export function context(text: string): ContextBlock {
  return { type: 'context', elements: [mrkdwn(fit([text]))] };
}

export function button(
  actionId: ButtonElement['action_id'],
  label: string,
  style: ButtonElement['style'],
  approvalId: string,
): ButtonElement {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: label },
    style,
    value: approvalId,
  };
}

/** A titled list within MAX_TEXT: as many lines as fit (at most `max`), then how many more and where. */
export function list(
  title: string,
  lines: string[],
  max: number,
  where: string,
  tail: string[] = [],
): string {
  const more = (count: number) => (count > 0 ? [`…and ${count} more: ${where}`] : []);
  let length = [title, ...tail, ...more(lines.length)].reduce((n, line) => n + line.length + 1, 0);
  const shown: string[] = [];
  for (const line of lines.slice(0, max)) {
    if (length + line.length + 1 > MAX_TEXT) break;
    shown.push(line);
    length += line.length + 1;
  }
  return [title, ...shown, ...more(lines.length - shown.length), ...tail].join('\n');
}

/** Slack decodes the three entities in plain text too; cut so that no entity is split. */
export function plain(text: string, max: number): PlainText {
  const escaped = escapeLine(text, max);
  const cut = escaped.length > max ? `${escaped.slice(0, max - 1).replace(/&[a-z]*$/, '')}…` : escaped;
  return { type: 'plain_text', text: cut };
}

/** Whole lines only, so that no inline code or entity is cut open; then `…`. */
export function fit(lines: string[], max = MAX_TEXT): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max - 2) {
      kept.push('…');
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}
