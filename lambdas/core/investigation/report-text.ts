/**
 * The investigation for a terminal: the summary, the rogue principals and the proposals; the full
 * timeline is in the Markdown and JSON reports. Values from CloudTrail and IAM go through
 * `escapeTerminal`: a user agent carrying escape sequences must not repaint the responder's screen.
 */
import { apiCallsOf } from '../api-calls';
import { escapeTerminal } from './escape';
import type { Count, Investigation } from './investigation';
import { describeRef } from './rogue-changes';

const t = (value: string | undefined, max = 120): string =>
  value === undefined ? '' : escapeTerminal(value, max);

const counts = (items: readonly (Count & { country?: string })[], top = 8): string => {
  if (items.length === 0) return '(none)';
  const shown = items
    .slice(0, top)
    .map((c) => `${t(c.name, 80)}${c.country ? ` (${t(c.country)})` : ''} ×${c.count}`);
  return items.length > top ? `${shown.join(', ')}, … ${items.length - top} more` : shown.join(', ');
};

const events = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;

export function renderInvestigationText(inv: Investigation): string {
  const { summary } = inv;
  const lines = [
    `Investigation of ${t(inv.accessKeyId)}: ${t(inv.window.start)} → ${t(inv.window.end)}, ${inv.regions.length} regions`,
    `  keys:        ${inv.keys
      .map((k) =>
        k.issuedBy
          ? `${t(k.accessKeyId)} (session from ${t(k.issuedBy.eventName)}, ${events(k.events)})`
          : `${t(k.accessKeyId)} (${events(k.events)})`,
      )
      .join('; ')}`,
    `  events:      ${summary.events} (${summary.succeeded} succeeded, ${summary.failed} failed)` +
      (summary.firstSeen ? `, first ${t(summary.firstSeen)}, last ${t(summary.lastSeen)}` : ''),
    `  services:    ${counts(summary.services)}`,
    `  regions:     ${counts(summary.regions)}`,
    `  source IPs:  ${counts(summary.sourceIps)}`,
    `  user agents: ${counts(summary.userAgents, 3)}`,
    '',
    `Rogue principals (${inv.rogue.length}):`,
    ...inv.rogue.map(
      (r) =>
        `  - ${t(describeRef(r.ref))}: ${r.origin === 'made-by-key' ? `${t(r.changes.join(', '))} by ${t(r.byKeys.join(', '))}` : 'created in the incident window'}; now ${t(r.current.detail)}`,
    ),
    '',
    `Proposed removals (${inv.proposals.length}), each waiting for a person's approval:`,
    ...inv.proposals.flatMap((p, i) => [
      `  ${i + 1}. ${p.kind} (${p.mode}, NEEDS APPROVAL)`,
      ...apiCallsOf(p).map((c) => `     → ${t(c, 200)}`),
    ]),
  ];
  for (const g of inv.gaps) lines.push(`gap: ${t(g.accessKeyId)} in ${t(g.region)}: ${t(g.error, 300)}`);
  for (const n of inv.notes) lines.push(`note: ${t(n, 300)}`);
  lines.push('', 'Full timeline: --markdown or --json.');
  return lines.join('\n');
}
