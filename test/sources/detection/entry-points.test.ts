import { loadConfig } from '../../../lambdas/core/config';
import { normalize } from '../../../lambdas/sources';
import { normalizeCloudTrailEvent } from '../../../lambdas/sources/cloudtrail';
import {
  DETECTION_RULES,
  MemoryActivityBaseline,
  detectCloudTrailRecord,
  ruleContext,
} from '../../../lambdas/sources/detection';
import { userAgentFamily } from '../../../lambdas/sources/detection/baseline';

import { isRecord } from '../../../lambdas/sources/eventbridge-envelope';
import { loadFixture } from '../fixtures';
import { testContext } from './detect';

/** The record inside a fixture's envelope: what a CloudTrail log file in S3 holds under `Records`. */
function recordOf(name: string): Record<string, unknown> {
  const event = loadFixture(`cloudtrail/${name}`);
  if (!isRecord(event) || !isRecord(event.detail)) throw new Error(`${name} has no detail`);
  return { ...event.detail };
}

describe('detectCloudTrailRecord', () => {
  it('places a log-file record by its own recipientAccountId and awsRegion', () => {
    // Prepare
    const record = { ...recordOf('cloudtrail-stop-logging.json'), awsRegion: 'eu-west-1' };

    // Act
    const signals = detectCloudTrailRecord(record, testContext());

    // Assess
    expect(signals.map(({ ruleId, accountId, region }) => ({ ruleId, accountId, region }))).toEqual([
      { ruleId: 'defense-evasion.cloudtrail-stop-logging', accountId: '123456789012', region: 'eu-west-1' },
    ]);
  });

  it.each([
    ['null', null],
    ['an array', [recordOf('create-user.json')]],
    ['a record without eventID', { ...recordOf('create-user.json'), eventID: undefined }],
    [
      'a record without recipientAccountId',
      { ...recordOf('create-user.json'), recipientAccountId: undefined },
    ],
    ['a record with a malformed account', { ...recordOf('create-user.json'), recipientAccountId: '1234' }],
    ['a record without awsRegion', { ...recordOf('create-user.json'), awsRegion: 42 }],
  ])('returns nothing for %s', (_case, record) => {
    // Act
    const signals = detectCloudTrailRecord(record, testContext());

    // Assess
    expect(signals).toEqual([]);
  });
});

describe('normalize with a rule context', () => {
  it('returns the detection signals of a CloudTrail event', () => {
    // Prepare
    const event = loadFixture('cloudtrail/create-user.json');

    // Act
    const result = normalize(event, testContext());

    // Assess
    expect(result).toMatchObject({
      ok: true,
      signals: [{ kind: 'cloudtrail-detection', ruleId: 'persistence.create-user' }],
    });
  });

  it('without a context runs only the quarantine rule, as before', () => {
    // Prepare
    const event = loadFixture('cloudtrail/create-user.json');

    // Act
    const result = normalize(event);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'no rule for iam.amazonaws.com:CreateUser' });
  });

  it("keeps AWS's quarantine signal and adds no detection to it", () => {
    // Prepare
    const event = loadFixture('cloudtrail/aws-attaches-quarantine-v3.json');

    // Act
    const result = normalizeCloudTrailEvent(event, testContext());

    // Assess
    expect(result.ok ? result.signals.map((signal) => signal.kind) : result.reason).toEqual([
      'leaked-access-key',
    ]);
  });

  it("says why an administrator's quarantine attachment yields nothing", () => {
    // Prepare
    const event = loadFixture('cloudtrail/customer-attaches-quarantine-v3.json');

    // Act
    const result = normalizeCloudTrailEvent(event, testContext());

    // Assess
    expect(result).toEqual({
      ok: false,
      reason:
        "iam.amazonaws.com:AttachUserPolicy of arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3 was made by arn:aws:sts::123456789012:assumed-role/SecurityAdmin/carol, not by AWS: an administrator's action, not an AWS finding",
    });
  });
});

describe('DETECTION_RULES', () => {
  const FAMILIES = ['persistence', 'credentials', 'defense-evasion', 'ses-abuse', 'console'];

  it('gives every rule a unique family.name id, an ATT&CK technique, a title and a rationale', () => {
    // Act
    const problems = DETECTION_RULES.filter(
      (rule) =>
        !FAMILIES.includes(rule.id.split('.')[0] ?? '') ||
        !/^T\d{4}(\.\d{3})? /.test(rule.technique) ||
        rule.title === '' ||
        rule.rationale.length < 40,
    ).map((rule) => rule.id);
    const ids = DETECTION_RULES.map((rule) => rule.id);

    // Assess
    expect({ problems, duplicates: ids.filter((id, i) => ids.indexOf(id) !== i) }).toEqual({
      problems: [],
      duplicates: [],
    });
  });
});

describe('ruleContext', () => {
  it('wires the detection config, the baseline and an IPv4 country lookup', () => {
    // Prepare
    const config = loadConfig({
      detection: {
        automationPrincipals: ['deploy-bot'],
        allowedConsoleCountries: ['DE'],
        trustedAccounts: ['111122223333'],
      },
    });
    const baseline = new MemoryActivityBaseline();

    // Act
    const ctx = ruleContext(config.detection, baseline);

    // Assess
    expect({
      automationPrincipals: ctx.automationPrincipals,
      allowedConsoleCountries: ctx.allowedConsoleCountries,
      trustedAccounts: ctx.trustedAccounts,
      baseline: ctx.baseline,
      public: ctx.countryOf('8.8.8.8'),
      documentation: ctx.countryOf('203.0.113.50'),
      ipv6: ctx.countryOf('2001:db8::1'),
    }).toEqual({
      automationPrincipals: ['deploy-bot'],
      allowedConsoleCountries: ['DE'],
      trustedAccounts: ['111122223333'],
      baseline,
      public: 'US',
      documentation: undefined,
      ipv6: undefined,
    });
  });
});

describe('MemoryActivityBaseline', () => {
  it('remembers facts per subject', () => {
    // Prepare
    const baseline = new MemoryActivityBaseline();

    // Act
    baseline.note('AKIAIOSFODNN7EXAMPLE', 'used');

    // Assess
    expect([
      baseline.seen('AKIAIOSFODNN7EXAMPLE', 'used'),
      baseline.seen('AKIAI44QH8DHBEXAMPLE', 'used'),
      baseline.seen('AKIAIOSFODNN7EXAMPLE', 'service:ses'),
    ]).toEqual([true, false, false]);
  });
});

describe('userAgentFamily', () => {
  it('ignores versions, so an upgraded tool is not a new origin', () => {
    // Act
    const families = [
      'aws-cli/2.15.40 Python/3.11.8 Linux/6.1 exe/x86_64',
      'aws-cli/2.17.1 Python/3.12.1 Linux/6.5 exe/x86_64',
    ].map(userAgentFamily);

    // Assess
    expect(families).toEqual(['Linux Python aws-cli exe', 'Linux Python aws-cli exe']);
  });
});
