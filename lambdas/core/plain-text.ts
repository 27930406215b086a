/**
 * Attacker-controlled strings (user names, trail names, user agents, identities from a request) end
 * up in titles that people read in a terminal, an email or a chat. One line, printable, bounded:
 * no newline can forge a "Needs a person" section, no escape sequence can repaint a terminal, no
 * bidi control can reverse what a person reads.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

export function oneLine(text: string, max = 400): string {
  const clean = text.replace(UNSAFE, ' ').replace(/ {2,}/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
