import { detectStuffing, successFromStuffing } from '../../lambdas/core/credential-stuffing';
import type { SignIn } from '../../lambdas/core/incident';
import { respondToSignal } from '../../lambdas/core/respond';
import type { ConsoleSignInSignal } from '../../lambdas/core/signal';
import { harness } from './harness';

const T = { minUsers: 10, minIps: 5, windowMinutes: 30 };
const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 2, 0) + minute * 60_000).toISOString();
/** One failed sign-in per user, users u0…, from a rotating pool of documentation-range addresses. */
const burst = (users: number, ips: number, minutesApart: number, ok = false): SignIn[] =>
  Array.from({ length: users }, (_, i) => ({
    at: at(i * minutesApart),
    user: `u${i}`,
    ip: `203.0.113.${i % ips}`,
    ok,
  }));

describe('detectStuffing', () => {
  it('finds one failure each against 12 users from 6 addresses within 30 minutes', () => {
    expect(detectStuffing(burst(12, 6, 2), T)).toEqual({
      failures: 12,
      users: 12,
      ips: ['203.0.113.0', '203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4', '203.0.113.5'],
      from: at(0),
      to: at(22),
    });
  });

  it('finds nothing when the same failures are spread over hours', () => {
    expect(detectStuffing(burst(12, 6, 10), T)).toBeUndefined();
  });

  it('finds nothing when many users fail from one or two addresses (a typo-prone office behind NAT)', () => {
    expect(detectStuffing(burst(30, 2, 1), T)).toBeUndefined();
  });

  it('finds nothing when one user fails from many addresses (that is a targeted attack, another rule)', () => {
    const signIns = Array.from({ length: 20 }, (_, i) => ({
      at: at(i),
      user: 'alice',
      ip: `198.51.100.${i}`,
      ok: false,
    }));
    expect(detectStuffing(signIns, T)).toBeUndefined();
  });

  it('ignores successful sign-ins when counting', () => {
    expect(detectStuffing(burst(12, 6, 1, true), T)).toBeUndefined();
  });

  it('names a success from a stuffing address after the burst began', () => {
    const signIns = [...burst(12, 6, 1), { at: at(20), user: 'carol', ip: '203.0.113.3', ok: true }];
    const stuffing = detectStuffing(signIns, T);
    expect(stuffing && successFromStuffing(signIns, stuffing)).toEqual([
      { at: at(20), user: 'carol', ip: '203.0.113.3', ok: true },
    ]);
  });
});

function signIn(i: number, user: string, ip: string, outcome: 'success' | 'failure'): ConsoleSignInSignal {
  return {
    kind: 'console-sign-in',
    source: 'aws.cloudtrail',
    dedupKey: `aws.cloudtrail#signin-${i}#console-sign-in`,
    subject: { type: 'aws-console-sign-ins', id: '123456789012' },
    accountId: '123456789012',
    region: 'us-east-1',
    observedAt: at(i),
    severity: 'low',
    title: `console sign-in of ${user} from ${ip}: ${outcome}`,
    outcome,
    userName: user,
    sourceIp: ip,
    principal: { type: 'unknown' },
    reason: 'console-sign-in',
    evidence: {},
    keyType: 'unknown',
  };
}

describe('credential stuffing through the responder', () => {
  it('opens one incident and sends one message for the burst, and one more when a stuffing address gets in', async () => {
    // Prepare
    const h = harness();

    // Act: 15 failures against 15 users from 5 addresses, then a success from one of them
    for (let i = 0; i < 15; i++)
      await respondToSignal(signIn(i, `u${i}`, `203.0.113.${i % 5}`, 'failure'), h.deps);
    const afterBurst = h.notifier.messages.length;
    const last = await respondToSignal(signIn(16, 'carol', '203.0.113.2', 'success'), h.deps);

    // Assess
    expect((await h.store.listIncidents()).map((i) => i.title)).toEqual([
      'Console sign-ins of account 123456789012',
    ]);
    expect(afterBurst).toBe(1);
    expect(h.notifier.messages).toHaveLength(2);
    expect(last.status === 'handled' && last.incident.severity).toBe('critical');
    expect(h.notifier.messages[1]?.message).toContain(
      `A console sign-in of carol from 203.0.113.2, one of the stuffing addresses, SUCCEEDED at ${at(16)}`,
    );
    expect(h.iam.calls).toEqual([]);
  });

  it('stays silent for ordinary failed sign-ins', async () => {
    const h = harness();
    for (let i = 0; i < 5; i++) await respondToSignal(signIn(i, 'alice', '198.51.100.7', 'failure'), h.deps);
    expect(h.notifier.messages).toEqual([]);
  });
});
