/** investigate(): regions, pages, derived sessions and the window, over plain fake ports. */
import { investigate } from '../../../lambdas/core/investigation/investigate';
import { ProviderError } from '../../../lambdas/core/ports';
import {
  ATTACKER_IP,
  FakeHistory,
  LEAKED_KEY,
  NOW,
  OTHER_IP,
  SECOND_SESSION_KEY,
  SESSION_KEY,
  fakeInventory,
  ports,
  sessionIssued,
  trailEvent,
} from './fakes';

describe('investigate: where it looks', () => {
  it('looks the key up in every enabled region at once and merges one timeline sorted by time', async () => {
    // Prepare
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [
        trailEvent({
          name: 'GetCallerIdentity',
          source: 'sts.amazonaws.com',
          time: '2026-11-21T22:00:00Z',
          id: 'a',
        }),
        trailEvent({ name: 'ListUsers', time: '2026-11-21T22:05:00Z', id: 'c' }),
      ],
      [`${LEAKED_KEY}@eu-west-1`]: [
        trailEvent({
          name: 'GetSendQuota',
          source: 'ses.amazonaws.com',
          time: '2026-11-21T22:01:00Z',
          region: 'eu-west-1',
          id: 'b',
        }),
      ],
    });

    // Act
    const result = await investigate(LEAKED_KEY, {}, ports(history));

    // Assess
    expect(history.lookups.map((l) => l.region).sort()).toEqual(['eu-west-1', 'us-east-1']);
    expect(history.maxConcurrent).toBe(2);
    expect(result.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(result.timeline.map((e) => [e.eventId, e.region, e.event])).toEqual([
      ['a', 'us-east-1', 'sts:GetCallerIdentity'],
      ['b', 'eu-west-1', 'ses:GetSendQuota'],
      ['c', 'us-east-1', 'iam:ListUsers'],
    ]);
  });

  it('looks only in the regions asked for, without listing the enabled ones', async () => {
    // Prepare
    const history = new FakeHistory({});
    const p = ports(history);
    const enabled = jest.spyOn(p.regions, 'enabledRegions');

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['ap-southeast-2'] }, p);

    // Assess
    expect(enabled).not.toHaveBeenCalled();
    expect(history.lookups.map((l) => l.region)).toEqual(['ap-southeast-2']);
    expect(result.regions).toEqual(['ap-southeast-2']);
  });

  it('reads every page of a long history', async () => {
    // Prepare: 5 events served 2 to a page
    const events = [1, 2, 3, 4, 5].map((n) =>
      trailEvent({
        name: 'SendEmail',
        source: 'ses.amazonaws.com',
        time: `2026-11-21T23:0${n}:00Z`,
        id: `e${n}`,
      }),
    );
    const history = new FakeHistory({ [`${LEAKED_KEY}@us-east-1`]: events }, 2);

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history));

    // Assess
    expect(history.pagesServed).toBe(3);
    expect(result.timeline.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    expect(result.keys).toEqual([{ accessKeyId: LEAKED_KEY, depth: 0, events: 5 }]);
  });

  it('reports a region that refuses as a gap and keeps what the others returned', async () => {
    // Prepare
    const refused = new ProviderError(
      'LookupEvents',
      'ap-east-1/access-key/x',
      'AccessDeniedException',
      'denied by an SCP',
      false,
    );
    const history = new FakeHistory(
      {
        [`${LEAKED_KEY}@us-east-1`]: [
          trailEvent({ name: 'ListUsers', time: '2026-11-21T22:00:00Z', id: 'u1' }),
        ],
      },
      50,
      { [`${LEAKED_KEY}@ap-east-1`]: refused },
    );

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['ap-east-1', 'us-east-1'] }, ports(history));

    // Assess
    expect(result.timeline.map((e) => e.eventId)).toEqual(['u1']);
    expect(result.gaps).toEqual([{ accessKeyId: LEAKED_KEY, region: 'ap-east-1', error: refused.message }]);
  });
});

describe('investigate: derived credentials', () => {
  it('follows the session keys the key minted, recursively, looking each up once even when the records loop', async () => {
    // Prepare: AKIA → GetSessionToken → ASIA1 → AssumeRole → ASIA2 → AssumeRole → ASIA1 again
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [sessionIssued(SESSION_KEY, '2026-11-21T22:00:00Z')],
      [`${SESSION_KEY}@us-east-1`]: [
        sessionIssued(SECOND_SESSION_KEY, '2026-11-21T22:10:00Z', SESSION_KEY, 'AssumeRole'),
      ],
      [`${SECOND_SESSION_KEY}@eu-west-1`]: [
        sessionIssued(SESSION_KEY, '2026-11-21T22:20:00Z', SECOND_SESSION_KEY, 'AssumeRole'),
        trailEvent({
          name: 'CreateUser',
          time: '2026-11-21T22:30:00Z',
          key: SECOND_SESSION_KEY,
          params: { userName: 'eve' },
        }),
      ],
    });

    // Act
    const result = await investigate(LEAKED_KEY, {}, ports(history));

    // Assess
    expect(history.lookups.map((l) => `${l.accessKeyId}@${l.region}`)).toEqual([
      `${LEAKED_KEY}@eu-west-1`,
      `${LEAKED_KEY}@us-east-1`,
      `${SESSION_KEY}@eu-west-1`,
      `${SESSION_KEY}@us-east-1`,
      `${SECOND_SESSION_KEY}@eu-west-1`,
      `${SECOND_SESSION_KEY}@us-east-1`,
    ]);
    expect(result.keys.map((k) => [k.accessKeyId, k.depth, k.issuedBy?.eventName, k.events])).toEqual([
      [LEAKED_KEY, 0, undefined, 1],
      [SESSION_KEY, 1, 'GetSessionToken', 1],
      [SECOND_SESSION_KEY, 2, 'AssumeRole', 2],
    ]);
    expect(result.rogue.map((r) => [r.ref, r.byKeys])).toEqual([
      [{ kind: 'user', userName: 'eve' }, [SECOND_SESSION_KEY]],
    ]);
  });

  it('looks a session up from the moment it was issued, not before', async () => {
    // Prepare
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [sessionIssued(SESSION_KEY, '2026-11-21T22:00:00Z')],
    });

    // Act
    await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history));

    // Assess
    expect(history.lookups[1]).toEqual({
      region: 'us-east-1',
      accessKeyId: SESSION_KEY,
      window: { start: new Date('2026-11-21T22:00:00Z'), end: NOW },
    });
  });

  it('does not follow credentials of a failed STS call', async () => {
    // Prepare
    const failed = { ...sessionIssued(SESSION_KEY, '2026-11-21T22:00:00Z'), errorCode: 'AccessDenied' };
    const history = new FakeHistory({ [`${LEAKED_KEY}@us-east-1`]: [failed] });

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, ports(history));

    // Assess
    expect(result.keys.map((k) => k.accessKeyId)).toEqual([LEAKED_KEY]);
  });

  it('stops at the depth bound and says which session it did not follow', async () => {
    // Prepare
    const issuing = sessionIssued(SECOND_SESSION_KEY, '2026-11-21T22:10:00Z', SESSION_KEY, 'AssumeRole');
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [sessionIssued(SESSION_KEY, '2026-11-21T22:00:00Z')],
      [`${SESSION_KEY}@us-east-1`]: [issuing],
    });

    // Act
    const result = await investigate(LEAKED_KEY, { regions: ['us-east-1'], maxDepth: 1 }, ports(history));

    // Assess
    expect(result.keys.map((k) => k.accessKeyId)).toEqual([LEAKED_KEY, SESSION_KEY]);
    expect(result.notes).toEqual([
      `session key ${SECOND_SESSION_KEY} (issued by AssumeRole ${issuing.eventID}) was not looked up: beyond depth 1`,
    ]);
  });
});

describe('investigate: the window', () => {
  it('starts at the key’s creation when IAM knows it', async () => {
    // Prepare
    const history = new FakeHistory({});

    // Act
    const result = await investigate(
      LEAKED_KEY,
      { regions: ['us-east-1'] },
      ports(history, fakeInventory({ keyCreated: '2026-10-01T08:00:00.000Z' })),
    );

    // Assess
    expect(result.window).toEqual({ start: '2026-10-01T08:00:00.000Z', end: NOW.toISOString() });
    expect(history.lookups[0]?.window).toEqual({ start: new Date('2026-10-01T08:00:00.000Z'), end: NOW });
  });

  it('never reaches further back than the 90 days CloudTrail keeps, and says so', async () => {
    // Act
    const result = await investigate(
      LEAKED_KEY,
      { regions: ['us-east-1'] },
      ports(new FakeHistory({}), fakeInventory({ keyCreated: '2024-01-01T00:00:00.000Z' })),
    );

    // Assess
    expect(result.window.start).toBe('2026-08-24T03:00:00.000Z');
    expect(result.notes[0]).toBe(
      'CloudTrail keeps 90 days of event history: the window starts at 2026-08-24T03:00:00.000Z, not 2024-01-01T00:00:00.000Z',
    );
  });

  it('takes --since over the key’s creation', async () => {
    // Prepare
    const inventory = fakeInventory({ keyCreated: '2026-10-01T08:00:00.000Z' });

    // Act
    const result = await investigate(
      LEAKED_KEY,
      { regions: ['us-east-1'], since: new Date('2026-11-20T00:00:00Z') },
      ports(new FakeHistory({}), inventory),
    );

    // Assess
    expect(result.window.start).toBe('2026-11-20T00:00:00.000Z');
    expect(inventory.reads).not.toContain(`accessKey:${LEAKED_KEY}`);
  });
});

describe('investigate: summary', () => {
  it('counts services, regions, source IPs with their country, and failed against succeeded calls', async () => {
    // Prepare
    const history = new FakeHistory({
      [`${LEAKED_KEY}@us-east-1`]: [
        trailEvent({ name: 'ListUsers', time: '2026-11-21T22:00:00Z' }),
        trailEvent({
          name: 'CreateUser',
          time: '2026-11-21T22:01:00Z',
          params: { userName: 'x' },
          errorCode: 'AccessDenied',
        }),
        trailEvent({
          name: 'SendEmail',
          source: 'ses.amazonaws.com',
          time: '2026-11-21T22:02:00Z',
          ip: OTHER_IP,
        }),
      ],
    });
    const p = { ...ports(history), countryOf: (ip: string) => (ip === ATTACKER_IP ? 'NL' : undefined) };

    // Act
    const { summary } = await investigate(LEAKED_KEY, { regions: ['us-east-1'] }, p);

    // Assess
    expect(summary).toEqual({
      events: 3,
      succeeded: 2,
      failed: 1,
      firstSeen: '2026-11-21T22:00:00Z',
      lastSeen: '2026-11-21T22:02:00Z',
      services: [
        { name: 'iam', count: 2 },
        { name: 'ses', count: 1 },
      ],
      regions: [{ name: 'us-east-1', count: 3 }],
      sourceIps: [
        { name: ATTACKER_IP, count: 2, country: 'NL' },
        { name: OTHER_IP, count: 1 },
      ],
      userAgents: [{ name: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64', count: 3 }],
    });
  });
});
