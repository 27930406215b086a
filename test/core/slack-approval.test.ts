/**
 * Who may decide an approval from Slack: the configured approvers only (none configured: nobody),
 * never the person who asked, never once expired or decided; irreversible actions need two distinct
 * approvers, and a single denial ends them.
 */
import type { PendingApproval } from '../../lambdas/core/action';
import { judgeVote } from '../../lambdas/core/slack-approval';
import { config } from './builders';

const slack = config({ slack: { approvers: ['U0000ALICE', 'U0000BOB', 'U0000CAROL'] } }).slack;
const REQUESTED = '2026-11-22T03:00:00.000Z';
const approval = (reversible: boolean, extra: Partial<PendingApproval & { votes: string[] }> = {}) =>
  ({
    approvalId: 'apr-0000001',
    incidentId: 'ato-20261122-1a2b3c4',
    requestedAt: REQUESTED,
    reason: 'delete the undeclared key',
    status: 'pending',
    action: {
      kind: 'twilio.keys.delete-api-key',
      target: { accountSid: `AC${'a'.repeat(32)}`, keySid: `SK${'2'.repeat(32)}` },
      id: 'ato-20261122-1a2b3c4/2-twilio.account.audit/SK',
      incidentId: 'ato-20261122-1a2b3c4',
      phase: 'containment',
      mode: 'enforce',
      approval: 'required',
      reversible,
      reason: 'delete it if nobody uses it',
    },
    ...extra,
  }) as PendingApproval & { votes?: string[] };
const at = (minutes: number) => new Date(Date.parse(REQUESTED) + minutes * 60_000);

describe('judgeVote', () => {
  it('lets one approver decide a reversible action', () => {
    // Act
    const verdict = judgeVote({
      approval: approval(true),
      userId: 'U0000BOB',
      decision: 'approved',
      requestedBy: 'slack:U0000ALICE',
      now: at(5),
      config: slack,
    });

    // Assess
    expect(verdict).toEqual({ ok: true, decision: 'approved', final: true, votes: ['U0000BOB'], needed: 1 });
  });

  it('needs two distinct approvers for an irreversible action, the same one twice counting once', () => {
    // Prepare
    const vote = (userId: string, votes: string[]) =>
      judgeVote({
        approval: approval(false, { votes }),
        userId,
        decision: 'approved',
        requestedBy: 'ato-responder',
        now: at(5),
        config: slack,
      });

    // Act
    const first = vote('U0000BOB', []);
    const again = vote('U0000BOB', ['U0000BOB']);
    const second = vote('U0000CAROL', ['U0000BOB']);

    // Assess
    expect([first, again, second]).toEqual([
      { ok: true, decision: 'approved', final: false, votes: ['U0000BOB'], needed: 2 },
      {
        ok: false,
        answer: 'already-voted',
        message: 'You approved it already; 1 more approver(s) needed.',
      },
      { ok: true, decision: 'approved', final: true, votes: ['U0000BOB', 'U0000CAROL'], needed: 2 },
    ]);
  });

  it('ends an irreversible action on one denial', () => {
    // Act
    const verdict = judgeVote({
      approval: approval(false, { votes: ['U0000BOB'] }),
      userId: 'U0000CAROL',
      decision: 'denied',
      requestedBy: 'ato-responder',
      now: at(5),
      config: slack,
    });

    // Assess
    expect(verdict).toEqual({ ok: true, decision: 'denied', final: true, votes: ['U0000BOB'], needed: 2 });
  });

  it.each([
    ['someone not on the list', { userId: 'U0000MALLORY' }, 'not-an-approver'],
    ['anyone, when nobody is configured', { config: config().slack }, 'not-an-approver'],
    ['the person who asked', { requestedBy: 'slack:U0000BOB' }, 'own-request'],
    ['anyone after an hour', { now: at(60) }, 'expired'],
    [
      'anyone once decided',
      { approval: approval(true, { status: 'denied', decidedBy: 'slack:U0000CAROL' }) },
      'already-decided',
    ],
  ])('refuses %s', (_, overrides, answer) => {
    // Act
    const verdict = judgeVote({
      approval: approval(true),
      userId: 'U0000BOB',
      decision: 'approved',
      requestedBy: 'ato-responder',
      now: at(5),
      config: slack,
      ...overrides,
    });

    // Assess
    expect(verdict.ok ? 'allowed' : verdict.answer).toBe(answer);
  });
});
