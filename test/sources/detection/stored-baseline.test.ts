/**
 * The "first time" rules in the Lambda: the baseline fetched from a store before a CloudTrail call is
 * judged and written after it, across deliveries. Fixtures: test/fixtures/cloudtrail (CloudTrail record
 * contents, as EventBridge delivers them).
 */
import type { Normalized } from '../../../lambdas/core/signal';
import { MemoryBaselineStore } from '../../../lambdas/providers/memory/baseline-store';
import { normalize } from '../../../lambdas/sources';
import type { BaselineFact } from '../../../lambdas/core/baseline-store';
import type { KeyLastUsed, StoredBaselineDeps } from '../../../lambdas/sources/detection/stored-baseline';
import { normalizeWithStoredBaseline } from '../../../lambdas/sources/detection/stored-baseline';
import type { Json } from '../fixtures';
import { loadFixture, withField } from '../fixtures';
import { DEPLOY_BOT_SESSION, recordWith, testContext } from './detect';
import type { RuleContext } from '../../../lambdas/sources/detection/rule';

const NOW = new Date('2024-05-24T10:15:00Z');
/** get-caller-identity.json's eventTime. */
const CALL_TIME = Date.parse('2024-05-24T10:13:58Z');

function harness(keyLastUsed?: KeyLastUsed) {
  const store = new MemoryBaselineStore();
  const requests = { known: 0, record: 0 };
  const counted = {
    known: (facts: readonly BaselineFact[], eventId: string) => {
      requests.known += 1;
      return store.known(facts, eventId);
    },
    record: (facts: readonly BaselineFact[], eventId: string) => {
      requests.record += 1;
      return store.record(facts, eventId);
    },
  };
  const deps: StoredBaselineDeps = {
    store: counted,
    now: () => NOW,
    ...(keyLastUsed ? { keyLastUsed } : {}),
  };
  const ctx = testContext();
  const run = async (event: Json | string): Promise<string[]> => {
    const input = typeof event === 'string' ? loadFixture(`cloudtrail/${event}`) : event;
    return ruleIds(await normalizeWithStoredBaseline(input, ctx, normalize, deps));
  };
  return { store, requests, run };
}

function ruleIds(normalized: Normalized): string[] {
  if (!normalized.ok) return [];
  return normalized.signals.flatMap((signal) =>
    signal.kind === 'cloudtrail-detection' ? [signal.ruleId] : [],
  );
}

/** Another delivery of a fixture's call: the same record with its own eventID. */
const another = (name: string, eventId: string): Json => recordWith(name, ['eventID'], eventId);

describe('the stored baseline', () => {
  it("fires on a key's first GetSessionToken and not on its second", async () => {
    // Prepare
    const { run, store } = harness();

    // Act
    const first = await run('get-session-token.json');
    const second = await run(another('get-session-token.json', '00002008-0c1d-4e2f-8a3b-0000000020ff'));

    // Assess
    expect(first).toEqual(['credentials.session-token-from-new-key']);
    expect(second).toEqual([]);
    expect(Object.fromEntries(store.facts)).toEqual({
      'AKIAIOSFODNN7EXAMPLE\nused': '00002008-0c1d-4e2f-8a3b-000000002008',
      'AKIAIOSFODNN7EXAMPLE\ncall:sts.amazonaws.com:GetSessionToken': '00002008-0c1d-4e2f-8a3b-000000002008',
    });
  });

  it('judges a redelivered event as its first delivery was: its own facts are not history', async () => {
    // Prepare
    const { run } = harness();
    await run('get-session-token.json');

    // Act
    const redelivered = await run('get-session-token.json');

    // Assess
    expect(redelivered).toEqual(['credentials.session-token-from-new-key']);
  });

  it('learns nothing from a refused call, so the next attempt is still a first', async () => {
    // Prepare
    const { run, store, requests } = harness();

    // Act
    const refused = await run(recordWith('get-session-token.json', ['errorCode'], 'AccessDenied'));
    const next = await run(another('get-session-token.json', '00002008-0c1d-4e2f-8a3b-0000000020ff'));

    // Assess
    expect(refused).toEqual(['credentials.session-token-from-new-key']);
    expect(next).toEqual(['credentials.session-token-from-new-key']);
    expect(requests).toEqual({ known: 2, record: 1 });
    expect(store.facts.size).toBe(2);
  });

  it('fires on SES enumeration by a principal once, then knows it uses SES', async () => {
    // Prepare
    const { run } = harness();

    // Act
    const first = await run('ses-get-send-quota.json');
    const second = await run(another('ses-get-send-quota.json', '00002020-0c1d-4e2f-8a3b-0000000020ff'));

    // Assess
    expect(first).toEqual(['ses-abuse.enumeration-by-new-principal']);
    expect(second).toEqual([]);
  });

  describe("an automation principal's IAM writes (the Lambda sees too few of its calls to learn its origins)", () => {
    const deployBotCreatesUser = (eventId: string, ip: string): Json =>
      withField(
        withField(another('create-user.json', eventId), ['detail', 'userIdentity'], DEPLOY_BOT_SESSION),
        ['detail', 'sourceIPAddress'],
        ip,
      );
    const judgeAll = async (ctx: RuleContext, ips: string[]) => {
      const deps: StoredBaselineDeps = { store: new MemoryBaselineStore(), now: () => NOW };
      const fired: string[][] = [];
      for (const [i, ip] of ips.entries()) {
        const event = deployBotCreatesUser(`00002001-0c1d-4e2f-8a3b-0000000020a${i}`, ip);
        fired.push(ruleIds(await normalizeWithStoredBaseline(event, ctx, normalize, deps)));
      }
      return fired;
    };

    it('stay excluded when no origins are declared, rather than alerting on every deploy', async () => {
      // Act
      const fired = await judgeAll(testContext({ automationPrincipals: ['deploy-bot'] }), [
        '192.0.2.10',
        '192.0.2.10',
        '198.51.100.7',
      ]);

      // Assess
      expect(fired).toEqual([[], [], []]);
    });

    it('fire from outside the declared origins, every time', async () => {
      // Prepare
      const ctx = testContext({
        automationPrincipals: ['deploy-bot'],
        automationOrigins: { cidrs: ['192.0.2.0/24'], userAgents: [] },
      });

      // Act
      const fired = await judgeAll(ctx, ['192.0.2.10', '198.51.100.7', '198.51.100.7']);

      // Assess
      expect(fired).toEqual([[], ['persistence.create-user'], ['persistence.create-user']]);
    });
  });

  it('passes any other event straight through without a store request', async () => {
    // Prepare
    const { requests } = harness();
    const health = loadFixture('health/credentials-exposed.json');
    const deps: StoredBaselineDeps = {
      store: {
        known: () => Promise.reject(new Error('asked')),
        record: () => Promise.reject(new Error('asked')),
      },
      now: () => NOW,
    };

    // Act
    const normalized = await normalizeWithStoredBaseline(health, testContext(), normalize, deps);

    // Assess
    expect(normalized.ok && normalized.signals.map((s) => s.kind)).toEqual(['leaked-access-key']);
    expect(requests).toEqual({ known: 0, record: 0 });
  });

  it('throws a store failure, before anything is judged, so the delivery is retried', async () => {
    // Prepare
    const deps: StoredBaselineDeps = {
      store: { known: () => Promise.reject(new Error('ProvisionedThroughputExceeded')), record: jest.fn() },
      now: () => NOW,
    };

    // Act
    const judging = normalizeWithStoredBaseline(
      loadFixture('cloudtrail/get-session-token.json'),
      testContext(),
      normalize,
      deps,
    );

    // Assess
    await expect(judging).rejects.toThrow('ProvisionedThroughputExceeded');
    expect(deps.store.record).not.toHaveBeenCalled();
  });
});

describe("a key's first call, in the Lambda (IAM's last use of the key)", () => {
  const FIRST_CALL = 'credentials.get-caller-identity-first-call';

  it.each<[string, Date | null | undefined, string[]]>([
    ['IAM saw the key used a day earlier', new Date(CALL_TIME - 86_400_000), []],
    ['IAM saw it used just over five minutes earlier', new Date(CALL_TIME - 5 * 60_000 - 1000), []],
    ['IAM never saw the key used', null, [FIRST_CALL]],
    ['IAM already counts this very call', new Date(CALL_TIME), [FIRST_CALL]],
    [
      'IAM saw it used under five minutes earlier (its rounding)',
      new Date(CALL_TIME - 4 * 60_000),
      [FIRST_CALL],
    ],
    ['IAM does not know the key (another account)', undefined, [FIRST_CALL]],
  ])('%s', async (_, lastUsed, expected) => {
    // Prepare
    const keyLastUsed = jest.fn<Promise<Date | null | undefined>, [string]>().mockResolvedValue(lastUsed);
    const { run } = harness(keyLastUsed);

    // Act
    const fired = await run('get-caller-identity.json');

    // Assess
    expect(fired).toEqual(expected);
    expect(keyLastUsed.mock.calls).toEqual([['AKIAIOSFODNN7EXAMPLE']]);
  });

  it('judges on the stored history alone when the IAM lookup fails', async () => {
    // Prepare
    const { run } = harness(() => Promise.reject(new Error('AccessDenied')));

    // Act
    const fired = await run('get-caller-identity.json');

    // Assess
    expect(fired).toEqual([FIRST_CALL]);
  });

  it('asks IAM only while the store has no use of the key, and only for the calls judged as first', async () => {
    // Prepare
    const keyLastUsed = jest.fn<Promise<Date | null | undefined>, [string]>().mockResolvedValue(null);
    const { run } = harness(keyLastUsed);

    // Act: a GetSessionToken (not asked about), then GetCallerIdentity after the key is known
    await run('get-session-token.json');
    const fired = await run('get-caller-identity.json');

    // Assess
    expect(fired).toEqual([]);
    expect(keyLastUsed).not.toHaveBeenCalled();
  });
});
