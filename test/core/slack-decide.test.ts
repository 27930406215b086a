/**
 * Clicks on an approval's buttons in Slack, through the real store: refused, counted, decided, and
 * then run by the same executor as `ato approve`.
 */
import { decide } from '../../lambdas/core/approve';
import { respondToSignal } from '../../lambdas/core/respond';
import { clickFromSlack } from '../../lambdas/core/slack-decide';
import { InMemoryTwilioAdmin } from '../../lambdas/providers/memory/twilio-admin';
import { config } from './builders';
import { requestedApprovals } from './harness';
import { ACCOUNT, setup, usage } from './twilio-scenario';

async function scenario() {
  const base = setup();
  const slackConfig = config({
    mode: 'enforce',
    twilio: { ...base.deps.config.twilio },
    slack: { approvers: ['U0000ALICE', 'U0000BOB', 'U0000CAROL'] },
  });
  const admin = new InMemoryTwilioAdmin(ACCOUNT, {
    subaccounts: { [`AC${'d'.repeat(32)}`]: 'active' },
    keys: [`SK${'2'.repeat(32)}`],
  });
  const deps = { ...base.deps, config: slackConfig, twilioAdmin: admin };
  const outcome = await respondToSignal(usage(), deps);
  const approvals = await requestedApprovals(
    outcome.status === 'handled' ? outcome.incident.escalations : [],
    base.store,
  );
  const idOf = (kind: string) => approvals.find((a) => a.action.kind === kind)?.approvalId ?? '';
  const click = (kind: string, userId: string, decision: 'approved' | 'denied' = 'approved') =>
    clickFromSlack({ approvalId: idOf(kind), userId, decision }, deps);
  return { ...base, deps, admin, idOf, click };
}

describe('clickFromSlack', () => {
  it('decides a reversible action on one approver’s click, and the executor runs it as theirs', async () => {
    // Prepare
    const { click, deps, admin } = await scenario();

    // Act
    const clicked = await click('twilio.account.suspend-subaccount', 'U0000BOB');
    const ran =
      clicked.outcome === 'decide'
        ? await decide(clicked.approval.approvalId, clicked.decision, clicked.by, {
            ...deps,
            actor: clicked.by,
          })
        : undefined;

    // Assess
    expect(clicked).toMatchObject({ outcome: 'decide', decision: 'approved', by: 'slack:U0000BOB' });
    expect(ran?.ok && ran.records.map((r) => [r.kind, r.status, r.approvedBy])).toEqual([
      ['twilio.account.suspend-subaccount', 'done', 'slack:U0000BOB'],
    ]);
    expect(admin.calls).toEqual([`status AC${'d'.repeat(32)} suspended`]);
  });

  it('counts a first approval of an irreversible action, refuses the same approver twice, decides on a second', async () => {
    // Prepare
    const { click, store, idOf } = await scenario();

    // Act
    const first = await click('twilio.keys.delete-api-key', 'U0000BOB');
    const again = await click('twilio.keys.delete-api-key', 'U0000BOB');
    const second = await click('twilio.keys.delete-api-key', 'U0000CAROL');

    // Assess
    expect([first.outcome, again.outcome, second.outcome]).toEqual(['voted', 'refused', 'decide']);
    expect(first.outcome === 'voted' && first.message).toBe('Approved by you; 1 more approver(s) needed.');
    expect(second.outcome === 'decide' && second.by).toBe('slack:U0000BOB + slack:U0000CAROL');
    expect((await store.getApproval(idOf('twilio.keys.delete-api-key')))?.votes).toEqual([
      'U0000BOB',
      'U0000CAROL',
    ]);
  });

  it('refuses a click from someone who is not an approver, changing nothing', async () => {
    // Prepare
    const { click, store, idOf } = await scenario();

    // Act
    const clicked = await click('twilio.keys.delete-api-key', 'U0000MALLORY');

    // Assess
    expect(clicked).toEqual({
      outcome: 'refused',
      message: 'You are not one of the approvers (slack.approvers).',
    });
    expect((await store.getApproval(idOf('twilio.keys.delete-api-key')))?.votes).toBeUndefined();
  });

  it('answers a click on an approval decided meanwhile as already decided', async () => {
    // Prepare
    const { click, deps, idOf } = await scenario();
    await decide(idOf('twilio.account.suspend-subaccount'), 'denied', 'cli:jane', {
      ...deps,
      actor: 'cli:jane',
    });

    // Act
    const clicked = await click('twilio.account.suspend-subaccount', 'U0000BOB');

    // Assess
    expect(clicked).toEqual({ outcome: 'refused', message: 'Already denied by cli:jane.' });
  });
});
