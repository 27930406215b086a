/**
 * Normalizers see whatever arrives on the bus: they must never throw, and whatever they return must be a
 * well-formed `Normalized` the correlator can store without checking it again.
 */
import fc from 'fast-check';
import { ACCESS_KEY_ID } from '../../lambdas/core/signal';
import type { Normalized, Signal } from '../../lambdas/core/signal';
import { normalize } from '../../lambdas/sources';
import { normalizeCloudTrailEvent } from '../../lambdas/sources/cloudtrail';
import { MemoryActivityBaseline, detectCloudTrailRecord } from '../../lambdas/sources/detection';
import type { RuleContext } from '../../lambdas/sources/detection';
import { normalizeGuardDutyFinding } from '../../lambdas/sources/guardduty';
import { normalizeHealthEvent } from '../../lambdas/sources/health';
import { normalizeTrustedAdvisorEvent } from '../../lambdas/sources/trusted-advisor';
import type { Json } from './fixtures';
import { allFixtureNames, loadFixture, withField } from './fixtures';

/** Every option on, and a baseline that fills up as the runs go: the detection path at its busiest. */
const DETECTION_CONTEXT: RuleContext = {
  automationPrincipals: ['deploy-bot', 'alice'],
  allowedConsoleCountries: ['DE'],
  trustedAccounts: ['111122223333'],
  countryOf: (ip) => (ip.startsWith('203.') ? 'RU' : undefined),
  baseline: new MemoryActivityBaseline(),
};

const NORMALIZERS: [string, (event: unknown) => Normalized][] = [
  ['normalize', normalize],
  ['normalize with a rule context', (event) => normalize(event, DETECTION_CONTEXT)],
  [
    'normalizeCloudTrailEvent with a rule context',
    (event) => normalizeCloudTrailEvent(event, DETECTION_CONTEXT),
  ],
  [
    'detectCloudTrailRecord on the detail',
    (event) => {
      const detail = typeof event === 'object' && event !== null && 'detail' in event ? event.detail : event;
      const signals = detectCloudTrailRecord(detail, DETECTION_CONTEXT);
      return signals.length > 0 ? { ok: true, signals } : { ok: false, reason: 'no detection' };
    },
  ],
  ['normalizeHealthEvent', normalizeHealthEvent],
  ['normalizeGuardDutyFinding', normalizeGuardDutyFinding],
  ['normalizeTrustedAdvisorEvent', normalizeTrustedAdvisorEvent],
  ['normalizeCloudTrailEvent', normalizeCloudTrailEvent],
];

const SOURCES = [
  'aws.health',
  'aws.guardduty',
  'aws.trustedadvisor',
  'aws.cloudtrail',
  'aws.cloudwatch',
  'cli',
];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const KEY_TYPES = ['long-term', 'temporary', 'unknown'];
const PRINCIPAL_TYPES = ['user', 'role', 'root', 'unknown'];

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

function isIsoTime(value: string): boolean {
  const millis = Date.parse(value);
  return !Number.isNaN(millis) && new Date(millis).toISOString() === value;
}

/** The subject of a signal that names no key, by kind. */
const SUBJECT_WITHOUT_KEY: Record<Signal['kind'], Signal['subject']['type']> = {
  'leaked-access-key': 'aws-principal',
  'cloudtrail-detection': 'aws-principal',
  'console-sign-in': 'aws-console-sign-ins',
  'ses-alarm': 'aws-ses-sending',
  'twilio-usage': 'twilio-account',
  // Made by the scheduled audit, not by a normalizer: never met here.
  'inventory-change': 'sendgrid-account',
  'sendgrid-events': 'sendgrid-account',
};

/** What is wrong with a signal, field by field; empty when it is well-formed. */
function signalProblems(signal: Signal): string[] {
  const keyConsistent =
    signal.accessKeyId === undefined
      ? signal.subject.type === SUBJECT_WITHOUT_KEY[signal.kind]
      : ACCESS_KEY_ID.test(signal.accessKeyId) &&
        signal.subject.type === 'aws-access-key' &&
        signal.subject.id === signal.accessKeyId;
  const checks: [string, boolean][] = [
    ['kind', Object.hasOwn(SUBJECT_WITHOUT_KEY, signal.kind)],
    [
      'ses alarm',
      signal.kind !== 'ses-alarm' || signal.subject.id === `${signal.accountId}/${signal.region}`,
    ],
    [
      'console sign-in',
      signal.kind !== 'console-sign-in' ||
        (nonEmpty(signal.userName) && nonEmpty(signal.sourceIp) && signal.subject.id === signal.accountId),
    ],
    ['source', SOURCES.includes(signal.source)],
    ['dedupKey', nonEmpty(signal.dedupKey)],
    ['subject.id', nonEmpty(signal.subject.id)],
    [
      'accountId',
      signal.kind === 'twilio-usage'
        ? /^AC[0-9a-f]{32}$/.test(signal.accountId)
        : /^\d{12}$/.test(signal.accountId),
    ],
    ['region', nonEmpty(signal.region)],
    ['observedAt', isIsoTime(signal.observedAt)],
    ['severity', SEVERITIES.includes(signal.severity)],
    ['title', nonEmpty(signal.title)],
    ['keyType', KEY_TYPES.includes(signal.keyType)],
    ['principal.type', PRINCIPAL_TYPES.includes(signal.principal.type)],
    ['reason', nonEmpty(signal.reason)],
    ['evidence', Object.values(signal.evidence).every(nonEmpty)],
    ['accessKeyId matches subject', keyConsistent],
    [
      'detection ids',
      signal.kind !== 'cloudtrail-detection' ||
        (signal.reason === signal.ruleId && signal.dedupKey.endsWith(`#${signal.ruleId}`)),
    ],
  ];
  return checks.filter(([, ok]) => !ok).map(([field]) => `${field}: ${JSON.stringify(signal)}`);
}

/** What is wrong with a result; empty when it is a well-formed `Normalized`. */
function problemsOf(result: Normalized): string[] {
  if (!result.ok) return nonEmpty(result.reason) ? [] : ['empty reason'];
  if (result.signals.length === 0) return ['ok without signals'];
  return result.signals.flatMap(signalProblems);
}

type Path = (string | number)[];

/** Every path to a value inside `value` (the root excluded). */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((child, index): [number, Json] => [index, child])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** One edit of a real event: some field (picked by `at`) replaced by arbitrary JSON, or removed. */
const mutation = fc.record({
  at: fc.nat(),
  replacement: fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }),
});

/** Real fixtures with one to three random fields replaced or removed. */
const mutatedFixture = fc
  .tuple(fc.constantFrom(...allFixtureNames()), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([name, edits]) =>
    edits.reduce<Json>((event, { at, replacement }) => {
      const paths = pathsOf(event);
      const path = paths[at % paths.length];
      return path === undefined ? event : withField(event, path, replacement);
    }, loadFixture(name)),
  );

/** Envelopes that pass the first checks, so the arbitrary detail reaches each source's own parsing. */
const plausibleEnvelope = fc.record({
  version: fc.constant('0'),
  id: fc.uuid(),
  'detail-type': fc.constantFrom(
    'AWS Health Event',
    'GuardDuty Finding',
    'Trusted Advisor Check Item Refresh Notification',
    'AWS API Call via CloudTrail',
    'AWS Console Sign In via CloudTrail',
  ),
  source: fc.constantFrom('aws.health', 'aws.guardduty', 'aws.trustedadvisor', 'aws.iam', 'aws.signin'),
  account: fc.constant('123456789012'),
  time: fc.constant('2024-05-14T08:12:40Z'),
  region: fc.constant('us-east-1'),
  resources: fc.array(fc.oneof(fc.constant('AKIAIOSFODNN7EXAMPLE'), fc.string())),
  detail: fc.jsonValue(),
});

describe.each(NORMALIZERS)('%s', (_name, normalizer) => {
  it('returns a well-formed result for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (event) => {
        expect(problemsOf(normalizer(event))).toEqual([]);
      }),
    );
  });

  it('returns a well-formed result for any detail inside a plausible envelope', () => {
    fc.assert(
      fc.property(plausibleEnvelope, (event) => {
        expect(problemsOf(normalizer(event))).toEqual([]);
      }),
    );
  });

  it('returns a well-formed result for real events with random fields replaced or removed', () => {
    fc.assert(
      fc.property(mutatedFixture, (event) => {
        expect(problemsOf(normalizer(event))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('returns a well-formed result for every fixture as it is', () => {
    // Prepare
    const events = allFixtureNames().map(loadFixture);

    // Act
    const results = events.map((event) => normalizer(event));

    // Assess
    expect(results.flatMap(problemsOf)).toEqual([]);
  });
});
