import { eligible } from '../../lambdas/core/contain-first';
import { respondToSignal } from '../../lambdas/core/respond';
import { alice, config, leakedKeySignal } from './builders';
import { harness } from './harness';

/** Records, in one timeline, the store's methods and the IAM operations as they are called. */
function timeline(h: ReturnType<typeof harness>): string[] {
  const events: string[] = [];
  const store = h.deps.store;
  h.deps.store = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        events.push(`store.${String(name)}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  const iamCall = h.iam.setAccessKeyStatus.bind(h.iam);
  h.iam.setAccessKeyStatus = (...args) => {
    events.push(`iam.UpdateAccessKey ${args[2]}`);
    return iamCall(...args);
  };
  return events;
}

describe('containment first', () => {
  it('deactivates the key after the claim and the budget, before any incident is read', async () => {
    // Prepare
    const h = harness();
    const events = timeline(h);

    // Act
    await respondToSignal(leakedKeySignal(), h.deps);

    // Assess
    expect(events.slice(0, events.indexOf('iam.UpdateAccessKey Inactive') + 1)).toEqual([
      'store.claimEvent',
      'store.claimEvent',
      'store.reserveContainment',
      'iam.UpdateAccessKey Inactive',
    ]);
  });

  it('records the early deactivation in its place in the plan, once', async () => {
    const h = harness();
    const outcome = await respondToSignal(leakedKeySignal(), h.deps);
    expect(outcome.status === 'handled' && outcome.records.map((r) => [r.kind, r.status])).toEqual([
      ['aws.iam.deactivate-access-key', 'done'],
      ['aws.iam.snapshot-principal', 'done'],
      ['aws.iam.revoke-older-sessions', 'done'],
      ['aws.iam.attach-deny-all', 'pending-approval'],
      ['notify.incident', 'done'],
    ]);
    expect(h.operations().filter((op) => op === 'UpdateAccessKey')).toHaveLength(1);
    expect(await h.store.containmentsInLastHour(new Date('2026-11-22T03:00:00.000Z'))).toBe(1);
  });

  it('looks the owner up first when the event names no user', async () => {
    const h = harness();
    await respondToSignal(leakedKeySignal({ principal: { type: 'unknown' } }), h.deps);
    expect(h.operations().slice(0, 2)).toEqual(['GetAccessKeyLastUsed', 'UpdateAccessKey']);
  });

  it('leaves a refused deactivation to the plan, which records the refusal', async () => {
    // Prepare: the role's Deny on ato:protected=true
    const h = harness({ users: [alice({ denyWrites: true, tags: { 'ato:protected': 'true' } })] });

    // Act
    const outcome = await respondToSignal(leakedKeySignal(), h.deps);

    // Assess
    expect(outcome.status === 'handled' && outcome.records[0]?.status).toBe('refused');
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Active');
  });
});

describe('eligible for containment first', () => {
  const deps = { protectedTagCheck: 'iam-policy' as const, accountId: '123456789012' };

  it('takes a critical long-term key of a named user in enforce mode', () => {
    expect(eligible(leakedKeySignal(), config(), deps)).toBe(true);
  });

  it.each([
    ['dry-run', leakedKeySignal(), config({ mode: 'dry-run' }), deps],
    [
      'a laptop run (tags must be read first)',
      leakedKeySignal(),
      config(),
      { ...deps, protectedTagCheck: 'preflight' as const },
    ],
    [
      'a temporary key',
      leakedKeySignal({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', keyType: 'temporary' }),
      config(),
      deps,
    ],
    ['low-severity evidence', leakedKeySignal({ severity: 'low' }), config(), deps],
    ['a protected user', leakedKeySignal(), config({ protectedPrincipals: ['alice'] }), deps],
    ['another account', leakedKeySignal({ accountId: '210987654321' }), config(), deps],
    ['a root key', leakedKeySignal({ principal: { type: 'root' } }), config(), deps],
    ['no key', leakedKeySignal({ accessKeyId: undefined, keyType: 'unknown' }), config(), deps],
  ])('leaves %s to the plan', (_name, signal, cfg, d) => {
    expect(eligible(signal, cfg, d)).toBe(false);
  });
});
