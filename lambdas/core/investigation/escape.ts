/**
 * Escaping attacker-controlled text (user agents, user and policy names, source IPs as CloudTrail
 * recorded them) for the medium it is shown in. A user agent is whatever the intruder's client
 * sent: it must not end a table row, open a link, run an escape sequence, or reverse the text
 * after it.
 */

/** Line breaks in any of their spellings, shown as the two characters `\n`. */
const LINE_BREAK = /\r\n|[\r\n\u0085\u2028\u2029]/;
/** Control characters, C1 controls, zero-width and bidirectional formatting characters. */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

function codeOf(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Truncate before escaping, so a cut never splits an escape (a lone `\` would escape what follows). */
function truncate(text: string, maxLength: number | undefined): string {
  const chars = [...text];
  return maxLength === undefined || chars.length <= maxLength
    ? text
    : `${chars.slice(0, maxLength - 1).join('')}…`;
}

/**
 * Markdown (CommonMark + GFM tables): backslash-escapes every character that starts inline markup
 * (emphasis, code, links, images, raw HTML, entities, strikethrough, math) and `|`, which ends a
 * table cell; breaks GFM's bare autolinks (`scheme://`, `www.`, e-mail `@`) with an escape, which
 * the autolinker does not see through.
 */
const MARKDOWN = new RegExp(
  ['[\\\\`*_[\\]<>|&~$@]', '://', 'www\\.', LINE_BREAK.source, INVISIBLE.source].join('|'),
  'giu',
);

export function escapeMarkdown(text: string, maxLength?: number): string {
  return truncate(text, maxLength).replace(MARKDOWN, (match) => {
    if (match === '://') return '\\://';
    if (match.length === 4) return `${match.slice(0, 3)}\\.`;
    if (LINE_BREAK.test(match)) return '\\n';
    if (INVISIBLE.test(match)) return codeOf(match);
    return `\\${match}`;
  });
}

const TERMINAL = new RegExp([String.raw`\\`, LINE_BREAK.source, INVISIBLE.source].join('|'), 'gu');

/** A terminal: no escape sequence (colours, cursor moves, title changes) and no line break gets through. */
export function escapeTerminal(text: string, maxLength?: number): string {
  return truncate(text, maxLength).replace(TERMINAL, (match) => {
    if (match === '\\') return '\\\\';
    if (LINE_BREAK.test(match)) return '\\n';
    return codeOf(match);
  });
}
