import { detect, firedRules, firedRulesWith, recordWith, testContext } from './detect';

const TRAIL = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events';
const SELECTORS = 'cloudtrail-put-event-selectors-no-management.json';

describe('defense-evasion.cloudtrail-stop-logging', () => {
  it('fires when logging of a trail is stopped', () => {
    // Act
    const signals = detect('cloudtrail-stop-logging.json', testContext());

    // Assess
    expect(signals).toEqual([
      {
        kind: 'cloudtrail-detection',
        source: 'aws.cloudtrail',
        dedupKey:
          'aws.cloudtrail#0000200a-0c1d-4e2f-8a3b-00000000200a#defense-evasion.cloudtrail-stop-logging',
        subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
        accountId: '123456789012',
        region: 'us-east-1',
        observedAt: '2024-05-24T10:21:10.000Z',
        severity: 'high',
        title: `alice stopped logging of trail ${TRAIL} (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)`,
        ruleId: 'defense-evasion.cloudtrail-stop-logging',
        technique:
          'T1562.008 Impair Defenses: Disable or Modify Cloud Logs (Stratus: aws.defense-evasion.cloudtrail-stop)',
        principal: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        keyType: 'long-term',
        reason: 'defense-evasion.cloudtrail-stop-logging',
        evidence: {
          eventId: '0000200a-0c1d-4e2f-8a3b-00000000200a',
          eventName: 'StopLogging',
          sourceIPAddress: '203.0.113.50',
          userAgent: 'aws-cli/2.15.40 Python/3.11.8 Linux/6.1 exe/x86_64 prompt/off command/',
          trail: TRAIL,
        },
      },
    ]);
  });

  it('does not fire when logging is started', () => {
    // Act
    const fired = firedRulesWith('cloudtrail-stop-logging.json', ['eventName'], 'StartLogging');

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('defense-evasion.cloudtrail-delete-trail', () => {
  it('fires when a trail is deleted', () => {
    // Act
    const fired = firedRules('cloudtrail-delete-trail.json');

    // Assess
    expect(fired).toEqual(['defense-evasion.cloudtrail-delete-trail']);
  });

  it('does not fire when a trail is only updated', () => {
    // Act
    const fired = firedRulesWith('cloudtrail-delete-trail.json', ['eventName'], 'UpdateTrail');

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('defense-evasion.cloudtrail-drop-management-events', () => {
  it('fires when the event selectors exclude management events', () => {
    // Act
    const [signal] = detect(SELECTORS, testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'defense-evasion.cloudtrail-drop-management-events',
      title:
        'alice set event selectors on trail management-events that record no management write events (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    });
  });

  it.each([
    [
      'the only basic selector records read-only events',
      { eventSelectors: [{ readWriteType: 'ReadOnly', includeManagementEvents: true }] },
    ],
    [
      'the advanced selectors select only data events',
      {
        advancedEventSelectors: [
          {
            name: 'S3 data only',
            fieldSelectors: [
              { field: 'eventCategory', equals: ['Data'] },
              { field: 'resources.type', equals: ['AWS::S3::Object'] },
            ],
          },
        ],
      },
    ],
  ])('fires when %s', (_case, selectors) => {
    // Act
    const fired = firedRulesWith(SELECTORS, ['requestParameters'], {
      trailName: 'management-events',
      ...selectors,
    });

    // Assess
    expect(fired).toEqual(['defense-evasion.cloudtrail-drop-management-events']);
  });

  it.each([
    [
      'basic selectors keep management events alongside data events',
      {
        eventSelectors: [
          {
            readWriteType: 'All',
            includeManagementEvents: true,
            dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }],
          },
        ],
      },
    ],
    [
      'advanced selectors keep management events',
      {
        advancedEventSelectors: [
          { name: 'Management', fieldSelectors: [{ field: 'eventCategory', equals: ['Management'] }] },
        ],
      },
    ],
  ])('does not fire when %s', (_case, selectors) => {
    // Act
    const fired = firedRulesWith(SELECTORS, ['requestParameters'], {
      trailName: 'management-events',
      ...selectors,
    });

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('defense-evasion.guardduty-disabled', () => {
  it.each([
    ['guardduty-delete-detector.json', 'deleted'],
    ['guardduty-update-detector-disable.json', 'disabled'],
  ])('fires on %s', (fixture, verb) => {
    // Act
    const [signal] = detect(fixture, testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'defense-evasion.guardduty-disabled',
      title: `alice ${verb} GuardDuty detector 12abc34d567e8fa901bc2d34eexample (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)`,
    });
  });

  it('does not fire when a detector is updated but stays enabled', () => {
    // Act
    const fired = firedRulesWith(
      'guardduty-update-detector-disable.json',
      ['requestParameters', 'enable'],
      true,
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('defense-evasion.leave-organization', () => {
  it('fires critical when the account leaves its organization', () => {
    // Act
    const [signal] = detect('organizations-leave-organization.json', testContext());

    // Assess
    expect(signal).toMatchObject({ ruleId: 'defense-evasion.leave-organization', severity: 'critical' });
  });

  it('does not fire on other Organizations calls', () => {
    // Act
    const fired = firedRulesWith(
      'organizations-leave-organization.json',
      ['eventName'],
      'DescribeOrganization',
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('defense-evasion.region-opt-in-changed', () => {
  it.each([
    ['EnableRegion', 'enabled'],
    ['DisableRegion', 'disabled'],
  ])('fires on %s', (eventName, verb) => {
    // Act
    const [signal] = detect(
      recordWith('account-enable-region.json', ['eventName'], eventName),
      testContext(),
    );

    // Assess
    expect(signal?.title).toBe(
      `alice ${verb} region af-south-1 (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)`,
    );
  });

  it('does not fire on a region status lookup', () => {
    // Act
    const fired = firedRulesWith('account-enable-region.json', ['eventName'], 'GetRegionOptStatus');

    // Assess
    expect(fired).toEqual([]);
  });
});
