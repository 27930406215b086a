/**
 * The investigation as Markdown (GitHub-flavoured tables). Every value from CloudTrail or IAM goes
 * through `escapeMarkdown`: an intruder chooses user agents, user names and policy names, and a
 * report must show them, never obey them.
 */
import { apiCallsOf } from '../api-calls';
import { escapeMarkdown } from './escape';
import type { Count, Investigation } from './investigation';
import { describeRef } from './rogue-changes';

/** User agents run long; the JSON report keeps them whole. */
const CELL_MAX = 160;

const md = (value: string | undefined, maxLength?: number): string =>
  value === undefined ? '' : escapeMarkdown(value, maxLength);

function table(
  header: readonly string[],
  rows: readonly (readonly (string | undefined)[])[],
  maxLength?: number,
): string[] {
  if (rows.length === 0) return ['(none)'];
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => ' --- |').join('')}`,
    ...rows.map((row) => `| ${row.map((cell) => md(cell, maxLength)).join(' | ')} |`),
  ];
}

const counts = (items: readonly (Count & { country?: string })[]): string =>
  items.length === 0
    ? '(none)'
    : items
        .map((c) => `${md(c.name, CELL_MAX)}${c.country ? ` (${md(c.country)})` : ''} × ${c.count}`)
        .join(', ');

export function renderInvestigationMarkdown(inv: Investigation): string {
  const { summary } = inv;
  const lines = [
    `# Investigation of access key ${md(inv.accessKeyId)}`,
    '',
    `- Window: ${md(inv.window.start)} → ${md(inv.window.end)}`,
    `- Regions looked up (${inv.regions.length}): ${inv.regions.map(md).join(', ')}`,
    `- Events: ${summary.events} (${summary.succeeded} succeeded, ${summary.failed} failed)` +
      (summary.firstSeen ? `, first ${md(summary.firstSeen)}, last ${md(summary.lastSeen)}` : ''),
    `- Services: ${counts(summary.services)}`,
    `- Regions used: ${counts(summary.regions)}`,
    `- Source IPs: ${counts(summary.sourceIps)}`,
    `- User agents: ${counts(summary.userAgents)}`,
    '',
    '## Keys looked up',
    '',
    ...table(
      ['key', 'depth', 'issued by', 'events'],
      inv.keys.map((k) => [
        k.accessKeyId,
        String(k.depth),
        k.issuedBy
          ? `${k.issuedBy.eventName} by ${k.issuedBy.accessKeyId} (${k.issuedBy.eventId})`
          : 'the key asked about',
        String(k.events),
      ]),
    ),
    '',
    '## Rogue principals',
    '',
    ...table(
      ['what', 'origin', 'changes', 'by', 'now', 'evidence'],
      inv.rogue.map((r) => [
        describeRef(r.ref),
        r.origin,
        r.changes.join(', '),
        r.byKeys.join(', '),
        r.current.detail,
        r.evidence.join(', '),
      ]),
    ),
    '',
    '## Proposed removals — each needs a person’s approval',
    '',
    ...table(
      ['#', 'action', 'API calls', 'mode', 'why'],
      inv.proposals.map((p, i) => [String(i + 1), p.kind, apiCallsOf(p).join('; '), p.mode, p.reason]),
    ),
    '',
    '## Timeline',
    '',
    ...table(
      ['time', 'region', 'source IP', 'user agent', 'event', 'target', 'error', 'key', 'event id'],
      inv.timeline.map((e) => [
        e.time,
        e.region,
        e.sourceIp,
        e.userAgent,
        e.event,
        e.target,
        e.errorCode,
        e.accessKeyId,
        e.eventId,
      ]),
      CELL_MAX,
    ),
  ];
  if (inv.gaps.length > 0) {
    lines.push('', '## Gaps (lookups that failed: the timeline is incomplete there)', '');
    lines.push(
      ...table(
        ['key', 'region', 'error'],
        inv.gaps.map((g) => [g.accessKeyId, g.region, g.error]),
      ),
    );
  }
  if (inv.notes.length > 0) lines.push('', '## Notes', '', ...inv.notes.map((n) => `- ${md(n)}`));
  return `${lines.join('\n')}\n`;
}
