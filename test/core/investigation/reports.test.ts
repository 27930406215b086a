/** Reports: every string an intruder chose is shown, never obeyed (Markdown) and never executed (terminal). */
import { escapeMarkdown, escapeTerminal } from '../../../lambdas/core/investigation/escape';
import { investigate } from '../../../lambdas/core/investigation/investigate';
import { renderInvestigationMarkdown } from '../../../lambdas/core/investigation/report-markdown';
import { renderInvestigationText } from '../../../lambdas/core/investigation/report-text';
import { FakeHistory, LEAKED_KEY, fakeInventory, ports, trailEvent, user } from './fakes';

const HOSTILE_AGENT =
  'curl/8.0 | injected | cell\n| new | row |\r\n[click](https://evil.example/x) ![img](http://evil.example/p.png) <img src=x onerror=alert(1)> `code` *bold* _it_ www.evil.example $x$ a@evil.example';

describe('escapeMarkdown', () => {
  it('escapes table pipes, code, emphasis, link and HTML characters', () => {
    expect(escapeMarkdown('a|b`c*d_e[f]<g>&h~i$j\\k')).toBe(
      'a\\|b\\`c\\*d\\_e\\[f\\]\\<g\\>\\&h\\~i\\$j\\\\k',
    );
  });

  it('turns every kind of line break into a visible \\n, so a value never ends a table row', () => {
    expect(escapeMarkdown('a\nb\r\nc\rd\u2028e')).toBe('a\\nb\\nc\\nd\\ne');
  });

  it('breaks bare autolinks: schemes, www. and e-mail addresses', () => {
    expect(escapeMarkdown('https://evil.example WWW.evil.example eve@evil.example')).toBe(
      'https\\://evil.example WWW\\.evil.example eve\\@evil.example',
    );
  });

  it('shows control, zero-width and bidirectional characters as codes', () => {
    expect(escapeMarkdown('\u001b[2J\u202eabc\u200b')).toBe('\\x1b\\[2J\\u202eabc\\u200b');
  });

  it('cuts long values before escaping, so no escape is split', () => {
    expect(escapeMarkdown('abc|def', 4)).toBe('abc…');
    expect(escapeMarkdown('ab|cdef', 4)).toBe('ab\\|…');
  });
});

describe('escapeTerminal', () => {
  it('leaves Markdown alone but shows escape sequences and line breaks as codes', () => {
    expect(escapeTerminal('\u001b]0;pwned\u0007red\u001b[31m|*\n\\')).toBe(
      '\\x1b]0;pwned\\x07red\\x1b[31m|*\\n\\\\',
    );
  });
});

describe('investigation reports', () => {
  async function hostileInvestigation() {
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [
        trailEvent({
          name: 'CreateUser',
          time: '2026-11-21T22:10:00Z',
          userAgent: HOSTILE_AGENT,
          ip: '203.0.113.7|<b>',
          params: { userName: 'eve_*admin*' },
          id: 'ev|1',
        }),
      ],
    });
    return investigate(
      LEAKED_KEY,
      { regions: ['us-east-1'] },
      ports(history, fakeInventory({ users: [user('eve_*admin*')] })),
    );
  }

  it('keeps every Markdown table row on one line with its column count, and lets no link or HTML through', async () => {
    // Prepare
    const inv = await hostileInvestigation();

    // Act
    const markdown = renderInvestigationMarkdown(inv);

    // Assess
    const timeline = markdown.split('## Timeline')[1] ?? '';
    const rows = timeline.split('\n').filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(3);
    const unescapedPipes = (line: string) =>
      line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length - 1;
    expect(rows.map(unescapedPipes)).toEqual([10, 10, 10]);
    expect(markdown).not.toMatch(/(^|[^\\])\[click\]/);
    expect(markdown).not.toMatch(/(^|[^\\])<img/);
    expect(markdown).not.toMatch(/https?:\/\//);
    expect(markdown).toContain('eve\\_\\*admin\\*');
    expect(markdown).toContain('203.0.113.7\\|\\<b\\>');
  });

  it('prints no raw control character or line break from the records on a terminal', async () => {
    // Prepare
    const inv = await hostileInvestigation();
    inv.summary.userAgents = [{ name: '\u001b[2Jwiped\nforged line', count: 1 }];

    // Act
    const text = renderInvestigationText(inv);

    // Assess
    expect(text.includes('\u001b')).toBe(false);
    expect(text).toContain('user agents: \\x1b[2Jwiped\\nforged line ×1');
    expect(text.split('\n').filter((l) => l.startsWith('forged'))).toEqual([]);
  });

  it('serializes as JSON with the values exactly as recorded', async () => {
    // Prepare
    const inv = await hostileInvestigation();

    // Act
    const json = JSON.parse(JSON.stringify(inv)) as typeof inv;

    // Assess
    expect(json.timeline[0]?.userAgent).toBe(HOSTILE_AGENT);
    expect(json.proposals.map((p) => [p.kind, p.target, p.approval])).toEqual([
      ['aws.iam.delete-user', { userName: 'eve_*admin*' }, 'required'],
    ]);
  });
});
