import type { ActionRecord, PendingApproval } from '../../lambdas/core/action';
import { openFrom, summarize } from '../../lambdas/core/correlate';
import type { Incident } from '../../lambdas/core/incident';
import {
  type Block,
  MAX_BLOCKS,
  MAX_HEADER,
  MAX_TEXT,
  escapeMrkdwn,
  quoteMrkdwn,
} from '../../lambdas/core/slack-blocks';
import { decidedMessage, incidentMessage, threadReplies } from '../../lambdas/core/slack-message';
import { LEAKED_KEY, NOW, detectionSignal, leakedKeySignal } from './builders';

// Slack's own documentation examples of what must never reach a channel as markup:
// https://api.slack.com/reference/surfaces/formatting#escaping and #mentioning-groups
const HOSTILE =
  '<!channel> *urgent* _approve_ ~now~ `x` <@U0000EXAMPLE> <https://attacker.example|login> &amp;';

/** A leaked key seen by CloudTrail 17 minutes before AWS Health said so; both contained. */
function leakedKeyIncident(overrides: Partial<Incident> = {}): Incident {
  const incident = openFrom(detectionSignal(), new Date('2026-11-22T02:43:05.000Z'));
  return {
    ...incident,
    status: 'contained',
    severity: 'critical',
    signals: [...incident.signals, summarize(leakedKeySignal())],
    escalations: ['alice created IAM user support-backup: a person must decide whether to delete it'],
    ...overrides,
  };
}

function record(overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    actionId: 'ato-20261122-1nhfqcb/0-aws.iam.deactivate-access-key',
    incidentId: 'ato-20261122-1nhfqcb',
    kind: 'aws.iam.deactivate-access-key',
    target: { accessKeyId: LEAKED_KEY, userName: 'alice' },
    mode: 'enforce',
    approval: 'auto',
    status: 'done',
    actor: 'ato-responder',
    reason: 'AWS reports the key exposed',
    startedAt: '2026-11-22T02:59:01.000Z',
    finishedAt: '2026-11-22T02:59:01.000Z',
    after: {
      type: 'access-key',
      userName: 'alice',
      accessKeyId: LEAKED_KEY,
      status: 'Inactive',
      observed: true,
    },
    ...overrides,
  };
}

function approval(approvalId = 'apr-3k9x2m1q7z', userName = 'support-backup'): PendingApproval {
  return {
    approvalId,
    incidentId: 'ato-20261122-1nhfqcb',
    action: {
      kind: 'aws.iam.delete-user',
      target: { userName },
      id: `ato-20261122-1nhfqcb/4-aws.iam.delete-user`,
      incidentId: 'ato-20261122-1nhfqcb',
      phase: 'containment',
      mode: 'enforce',
      approval: 'required',
      reversible: false,
      reason: 'created by the leaked key',
    },
    requestedAt: '2026-11-22T02:59:05.000Z',
    reason: `alice created IAM user ${userName} with the leaked key`,
    status: 'pending',
    // The remove-rogue-principals runbook waits for it (the token never reaches a message).
    runbook: { name: 'remove-rogue-principals', taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAT0k…' },
  };
}

/** Every mrkdwn text a person can see (fallback, sections, context), in order. */
function texts(message: { text: string; blocks: Block[] }): string[] {
  return [
    message.text,
    ...message.blocks.flatMap((b) => {
      switch (b.type) {
        case 'section':
          return [b.text.text];
        case 'context':
          return b.elements.map((e) => e.text);
        case 'header':
        case 'actions':
        case 'divider':
          return [];
      }
    }),
  ];
}

function header(blocks: Block[]): string | undefined {
  return blocks.find((b) => b.type === 'header')?.text.text;
}

/** What Slack formats: the text outside inline code. */
function outsideCode(text: string): string {
  return text
    .split('`')
    .filter((_, i) => i % 2 === 0)
    .join(' ');
}

describe('escapeMrkdwn', () => {
  it("escapes Slack's three control characters, so no mention or link can be opened", () => {
    expect(escapeMrkdwn('<!channel> <@U0000EXAMPLE> <https://attacker.example|login> a & b')).toBe(
      '&lt;!channel&gt; &lt;@U0000EXAMPLE&gt; &lt;https://attacker.example|login&gt; a &amp; b',
    );
  });

  it('escapes an entity the attacker wrote, so it shows as typed', () => {
    expect(escapeMrkdwn('&amp;lt;!here&amp;gt;')).toBe('&amp;amp;lt;!here&amp;amp;gt;');
  });

  it('keeps the text on one bounded line without control or bidi characters', () => {
    expect(escapeMrkdwn('mallory\n*Approved*\u001b[2J\u202eevil')).toBe('mallory *Approved* [2J evil');
    expect(escapeMrkdwn('x'.repeat(10_000))).toBe(`${'x'.repeat(399)}…`);
  });
});

describe('quoteMrkdwn', () => {
  it('puts an attacker string in inline code that no backtick of theirs can close', () => {
    expect(quoteMrkdwn('`*bold*` <!here>')).toBe("`'*bold*' &lt;!here&gt;`");
  });

  it('says empty rather than sending an empty code span', () => {
    expect(quoteMrkdwn(' \u202e ')).toBe('(empty)');
  });
});

describe('incidentMessage', () => {
  it('shows what happened, what was done, what needs a person, and one button pair per approval', () => {
    // Prepare
    const incident = leakedKeyIncident();
    const records = [
      record(),
      record({
        actionId: 'ato-20261122-1nhfqcb/1-aws.iam.revoke-older-sessions',
        kind: 'aws.iam.revoke-older-sessions',
        target: {
          principal: { type: 'user', name: 'alice' },
          accessKeyId: LEAKED_KEY,
          issuedBefore: '2026-11-22T02:59:01.000Z',
        },
        after: {
          type: 'inline-policy',
          principal: { type: 'user', name: 'alice' },
          policyName: 'ato-responder-revoke-older-sessions',
          document: '{}',
        },
      }),
      record({ status: 'pending-approval', kind: 'aws.iam.delete-user', target: { userName: 'x' } }),
    ];

    // Act
    const message = incidentMessage(incident, records, [approval()], { now: NOW });

    // Assess
    expect(message).toEqual({
      text: 'CRITICAL: `alice created IAM user support-backup with key AKIAIOSFODNN7EXAMPLE` · contained · 2 done · 1 waiting for approval',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: 'CRITICAL: alice created IAM user support-backup with key AKIAIOSFODNN7EXAMPLE',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: [
              '*What happened*',
              'access key `AKIAIOSFODNN7EXAMPLE` of user `alice`, account `123456789012`, `us-east-1`',
              'Status *contained* · 2 signal(s) · first seen 2026-11-22T02:43:02.000Z (16 min ago) · last seen 2026-11-22T02:59:00.000Z (1 min ago)',
              'Latest: `AWS reports access key AKIAIOSFODNN7EXAMPLE of user alice exposed publicly`',
            ].join('\n'),
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: [
              '*Containment done*',
              '• `aws.iam.deactivate-access-key` on `AKIAIOSFODNN7EXAMPLE`: key `Inactive`',
              '• `aws.iam.revoke-older-sessions` on `user/alice`: inline policy in place',
            ].join('\n'),
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: '*Needs a person*\n• `alice created IAM user support-backup: a person must decide whether to delete it`',
          },
        },
        { type: 'divider' },
        {
          type: 'section',
          block_id: 'ato.approval.apr-3k9x2m1q7z',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: '*Waiting for approval:* `aws.iam.delete-user` on `user/support-backup` · *irreversible*\n`alice created IAM user support-backup with the leaked key`',
          },
        },
        {
          type: 'actions',
          block_id: 'ato.approval.apr-3k9x2m1q7z.buttons',
          elements: [
            {
              type: 'button',
              action_id: 'ato.approve',
              text: { type: 'plain_text', text: 'Approve' },
              style: 'primary',
              value: 'apr-3k9x2m1q7z',
            },
            {
              type: 'button',
              action_id: 'ato.deny',
              text: { type: 'plain_text', text: 'Deny' },
              style: 'danger',
              value: 'apr-3k9x2m1q7z',
            },
          ],
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              verbatim: true,
              text: 'Incident `ato-20261122-1nhfqcb` · updated 2026-11-22T03:00:00.000Z · `ato report ato-20261122-1nhfqcb` · `ato undo ato-20261122-1nhfqcb`',
            },
          ],
        },
      ],
    });
  });

  it('shows buttons only for approvals still pending', () => {
    // Prepare
    const decided: PendingApproval = { ...approval('apr-decided'), status: 'denied', decidedBy: 'bob' };

    // Act
    const { blocks } = incidentMessage(leakedKeyIncident(), [], [decided, approval()], { now: NOW });

    // Assess
    const buttons = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      ['ato.approve', 'apr-3k9x2m1q7z'],
      ['ato.deny', 'apr-3k9x2m1q7z'],
    ]);
  });

  it('renders no mention, link or formatting from attacker-chosen names, titles and reasons', () => {
    // Prepare
    const incident = leakedKeyIncident({
      title: `alice created IAM user ${HOSTILE}`,
      principal: { type: 'user', name: `${HOSTILE}\n\u202e${'m'.repeat(10_000)}` },
      escalations: [`protected principal ${HOSTILE}`],
    });
    const records = [record({ target: { accessKeyId: LEAKED_KEY, userName: HOSTILE } })];
    const pending = [approval('apr-3k9x2m1q7z', `${HOSTILE}\u0007\u2066`)];

    // Act
    const message = incidentMessage(incident, records, pending, { now: NOW });

    // Assess
    // Plain text is never formatted (https://api.slack.com/reference/block-kit/composition-objects#text):
    // the header only needs the escaping.
    expect(header(message.blocks)).toBe(
      'CRITICAL: alice created IAM user &lt;!channel&gt; *urgent* _approve_ ~now~ `x` &lt;@U0000EXAMPLE&gt; &lt;https://attacker.example|login&gt; &amp;amp;',
    );
    const all = texts(message);
    for (const text of all) {
      // The very characters that must be gone are what the pattern names.
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[<>\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/);
      expect(text.split('`').length % 2).toBe(1);
      expect(outsideCode(text)).not.toMatch(/channel|U0000EXAMPLE|attacker|urgent|approve_|now~/);
    }
    expect(all.some((t) => t.includes("&lt;!channel&gt; *urgent* _approve_ ~now~ 'x'"))).toBe(true);
    expect(all.some((t) => t.includes('&lt;https://attacker.example|login&gt; &amp;amp;'))).toBe(true);
    const [, whatHappened] = all;
    expect(whatHappened?.split('\n')[1]).toBe(
      `access key \`AKIAIOSFODNN7EXAMPLE\` of user \`&lt;!channel&gt; *urgent* _approve_ ~now~ 'x' &lt;@U0000EXAMPLE&gt; &lt;https://attacker.example|login&gt; &amp;amp; ${'m'.repeat(4)}…\`, account \`123456789012\`, \`us-east-1\``,
    );
    const buttons = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons.map((b) => b.value)).toEqual(['apr-3k9x2m1q7z', 'apr-3k9x2m1q7z']);
  });

  it("stays within Slack's limits: 10 approvals shown, 50 blocks, 3000 characters a text", () => {
    // Prepare
    const incident = leakedKeyIncident({
      title: `&${'<'.repeat(10_000)}`,
      subject: { type: 'aws-access-key', id: '<'.repeat(10_000) },
      principal: { type: 'user', name: '&'.repeat(10_000) },
      signals: [{ ...summarize(leakedKeySignal()), title: '>'.repeat(10_000), observedAt: '&'.repeat(100) }],
      escalations: Array.from({ length: 40 }, (_, i) => `escalation ${i} ${'&'.repeat(400)}`),
    });
    const records = Array.from({ length: 300 }, (_, i) =>
      record({ target: { accessKeyId: `AKIA${i}`, userName: '<'.repeat(400) } }),
    );
    const pending = Array.from({ length: 60 }, (_, i) => approval(`apr-${i}`, '&'.repeat(1000)));

    // Act
    const message = incidentMessage(incident, records, pending, { now: NOW });

    // Assess
    const actions = message.blocks.filter((b) => b.type === 'actions');
    expect(actions.map((b) => b.block_id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `ato.approval.apr-${i}.buttons`),
    );
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: `CRITICAL: &amp;${'&lt;'.repeat(33)}…` },
    });
    expect(message.blocks.at(-2)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          verbatim: true,
          text: '50 more waiting for approval: `ato report ato-20261122-1nhfqcb` lists them, `ato approve APPROVAL_ID` runs one',
        },
      ],
    });
    const [, whatHappened, done, escalations] = texts(message);
    expect(whatHappened?.split('\n').map((line) => line.slice(0, 18))).toEqual([
      '*What happened*',
      'access key `&lt;&l',
      'Status *contained*',
      'Latest: `&gt;&gt;&',
    ]);
    expect(done?.split('\n').at(-1)).toBe('…and 290 more: `ato report ato-20261122-1nhfqcb`');
    // Each escalation escapes to some 1,450 characters: two fit in a text, whatever the count allows.
    expect(
      escalations
        ?.split('\n')
        .slice(1)
        .map((line) => line.slice(0, 18)),
    ).toEqual(['• `escalation 0 &a', '• `escalation 1 &a', '…and 38 more: `ato']);
    for (const text of texts(message)) expect(text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(header(message.blocks)?.length).toBeLessThanOrEqual(MAX_HEADER);
  });
});

describe('decidedMessage', () => {
  const decided = (text: string) => [
    {
      type: 'section',
      block_id: 'ato.approval.apr-3k9x2m1q7z',
      text: { type: 'mrkdwn', verbatim: true, text },
    },
  ];

  it('says who approved', () => {
    expect(decidedMessage(approval(), 'approved', 'bob')).toEqual(
      decided(':white_check_mark: *Approved* by `bob`: `aws.iam.delete-user` on `user/support-backup`'),
    );
  });

  it('says who denied, and that nothing was done', () => {
    expect(decidedMessage(approval(), 'denied', 'bob')).toEqual(
      decided(
        ':no_entry_sign: *Denied* by `bob`: `aws.iam.delete-user` on `user/support-backup`; nothing was done',
      ),
    );
  });

  it('says an approval expired without a decision', () => {
    expect(decidedMessage(approval(), 'expired')).toEqual(
      decided(
        ':hourglass: *Expired* before anyone decided: `aws.iam.delete-user` on `user/support-backup`; nothing was done',
      ),
    );
  });

  it('says who decided first when a second click comes in', () => {
    // Prepare
    const first: PendingApproval = {
      ...approval(),
      status: 'approved',
      decidedBy: 'carol',
      decidedAt: '2026-11-22T03:01:00.000Z',
    };

    // Act
    const blocks = decidedMessage(first, 'already-decided', 'bob');

    // Assess
    expect(blocks).toEqual(
      decided(
        '*Already decided*: `aws.iam.delete-user` on `user/support-backup` was approved by `carol` at 2026-11-22T03:01:00.000Z; this click changed nothing',
      ),
    );
  });

  it('quotes a hostile Slack name of the person who clicked', () => {
    expect(decidedMessage(approval(), 'approved', '<!here> *admin*')).toEqual(
      decided(
        ':white_check_mark: *Approved* by `&lt;!here&gt; *admin*`: `aws.iam.delete-user` on `user/support-backup`',
      ),
    );
  });
});

describe('threadReplies', () => {
  it('folds 1000 items into at most maxReplies replies with exact counts', () => {
    // Prepare
    const items = [
      ...Array.from({ length: 990 }, (_, i) => ({ kind: 'signal', text: `sign-in failure ${i}` })),
      ...Array.from({ length: 7 }, (_, i) => ({ kind: 'action', text: `deactivated key ${i}` })),
      ...Array.from({ length: 3 }, (_, i) => ({ kind: 'approval', text: `decided ${i}` })),
    ];

    // Act
    const replies = threadReplies(items, 10);

    // Assess
    expect(replies).toEqual([
      '`signal` `sign-in failure 0`',
      '`signal` `sign-in failure 1`',
      '`signal` `sign-in failure 2`',
      '987 more `signal` (e.g. `sign-in failure 3`)',
      '`action` `deactivated key 0`',
      '`action` `deactivated key 1`',
      '5 more `action` (e.g. `deactivated key 2`)',
      '`approval` `decided 0`',
      '`approval` `decided 1`',
      '`approval` `decided 2`',
    ]);
  });

  it('shows a few items one by one, without folding', () => {
    expect(
      threadReplies(
        [
          { kind: 'signal', text: 'a' },
          { kind: 'signal', text: '<!channel>' },
        ],
        5,
      ),
    ).toEqual(['`signal` `a`', '`signal` `&lt;!channel&gt;`']);
  });

  it('folds whole kinds when there are more kinds than replies', () => {
    // Prepare
    const items = Array.from({ length: 1000 }, (_, i) => ({ kind: `kind-${i % 5}`, text: `item ${i}` }));

    // Act
    const replies = threadReplies(items, 3);

    // Assess
    expect(replies).toEqual([
      '200 `kind-0` (e.g. `item 0`)',
      '200 `kind-1` (e.g. `item 1`)',
      '600 more of 3 other kinds (e.g. `kind-2` `item 2`)',
    ]);
  });

  it('gives nothing for no replies allowed or nothing to say', () => {
    expect(threadReplies([{ kind: 'signal', text: 'a' }], 0)).toEqual([]);
    expect(threadReplies([], 10)).toEqual([]);
  });
});

describe('approvals not yet waiting in a runbook', () => {
  it('shows the ato approve command instead of buttons, the votes so far, and never the task token', () => {
    // Prepare
    const waiting = approval();
    const notAsked: PendingApproval = { ...approval('apr-notasked'), runbook: undefined };
    const voted: PendingApproval = { ...waiting, votes: ['U0000BOB'] };

    // Act
    const { blocks } = incidentMessage(leakedKeyIncident(), [], [notAsked, voted], { now: NOW });

    // Assess
    const json = JSON.stringify(blocks);
    expect(blocks.filter((b) => b.type === 'actions')).toHaveLength(1);
    expect(json).toContain('Not asked in Slack: `ato approve apr-notasked` decides it');
    expect(json).toContain('Approved so far by `U0000BOB`');
    expect(json).not.toContain('AQCEAAAAKgAAAAMAAAAAAAAAAT0k');
  });
});
