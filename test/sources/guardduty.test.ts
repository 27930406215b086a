import { normalizeGuardDutyFinding, severityOf } from '../../lambdas/sources/guardduty';
import { fixtureWith, loadFixture } from './fixtures';

describe('GuardDuty findings', () => {
  it('turns an IAMUser finding into a signal for the key with the caller IP and API as evidence', () => {
    // Prepare
    const event = loadFixture('guardduty/iam-user-malicious-ip-caller.json');

    // Act
    const result = normalizeGuardDutyFinding(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      signals: [
        {
          kind: 'leaked-access-key',
          source: 'aws.guardduty',
          dedupKey: 'aws.guardduty#16afba5c5c43e07c9e3e5e2e544e95df#2024-05-14T08:31:42.816Z',
          subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
          accountId: '123456789012',
          region: 'us-east-1',
          observedAt: '2024-05-14T08:31:42.816Z',
          severity: 'medium',
          title:
            'GuardDuty flags access key AKIAIOSFODNN7EXAMPLE of user alice: API ListBuckets was invoked from a known malicious IP address.',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          keyType: 'long-term',
          principal: { type: 'user', name: 'alice' },
          reason: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
          evidence: {
            findingId: '16afba5c5c43e07c9e3e5e2e544e95df',
            findingType: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
            sourceIp: '198.51.100.7',
            api: 'ListBuckets',
          },
        },
      ],
    });
  });

  it('turns a compromised-credentials attack sequence into a critical signal', () => {
    // Prepare
    const event = loadFixture('guardduty/attack-sequence-compromised-credentials.json');

    // Act
    const result = normalizeGuardDutyFinding(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      signals: [
        {
          kind: 'leaked-access-key',
          source: 'aws.guardduty',
          dedupKey: 'aws.guardduty#5b9d1f3a7c2e4b6d8f0a1c3e5b7d9f1a#2024-05-19T02:55:31.103Z',
          subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
          accountId: '123456789012',
          region: 'us-east-1',
          observedAt: '2024-05-19T02:55:31.103Z',
          severity: 'critical',
          title:
            'GuardDuty flags access key AKIAIOSFODNN7EXAMPLE of user alice: Potential credential compromise indicated by a sequence of actions.',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          keyType: 'long-term',
          principal: { type: 'user', name: 'alice' },
          reason: 'AttackSequence:IAM/CompromisedCredentials',
          evidence: {
            findingId: '5b9d1f3a7c2e4b6d8f0a1c3e5b7d9f1a',
            findingType: 'AttackSequence:IAM/CompromisedCredentials',
          },
        },
      ],
    });
  });

  it('marks instance-role credentials used outside AWS as a temporary key of a role', () => {
    // Prepare
    const event = loadFixture('guardduty/instance-credential-exfiltration.json');

    // Act
    const result = normalizeGuardDutyFinding(event);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      signals: [
        {
          subject: { type: 'aws-access-key', id: 'ASIAIOSFODNN7EXAMPLE' },
          keyType: 'temporary',
          principal: { type: 'role', name: 'web-app-role' },
          severity: 'high',
          evidence: { sourceIp: '203.0.113.50', api: 'DescribeInstances' },
        },
      ],
    });
  });

  it('names the root user without a user name when the key belongs to root', () => {
    // Prepare
    const event = fixtureWith(
      'guardduty/root-credential-usage.json',
      ['detail', 'type'],
      'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
    );

    // Act
    const result = normalizeGuardDutyFinding(event);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      signals: [
        { principal: { type: 'root' }, title: expect.stringContaining('of the root user') as string },
      ],
    });
  });

  it('treats an update of the same finding as a new signal', () => {
    // Prepare
    const updated = fixtureWith(
      'guardduty/iam-user-malicious-ip-caller.json',
      ['detail', 'updatedAt'],
      '2024-05-14T14:31:42.816Z',
    );

    // Act
    const result = normalizeGuardDutyFinding(updated);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      signals: [{ dedupKey: 'aws.guardduty#16afba5c5c43e07c9e3e5e2e544e95df#2024-05-14T14:31:42.816Z' }],
    });
  });

  it.each([
    [
      'a sample finding',
      'guardduty/sample-finding.json',
      'GuardDuty finding 4ec1f7d1f35a47ffa0d2b1EXAMPLE (UnauthorizedAccess:IAMUser/MaliciousIPCaller) is a sample finding, not a real detection',
    ],
    [
      'a finding about an EC2 instance',
      'guardduty/ec2-ssh-brute-force.json',
      'GuardDuty UnauthorizedAccess:EC2/SSHBruteForce is about resource type Instance, not an access key',
    ],
    [
      'root credential usage on its own',
      'guardduty/root-credential-usage.json',
      'GuardDuty Policy:IAMUser/RootCredentialUsage reports that root credentials were used, which alone is not a sign of a leak',
    ],
  ])('ignores %s, saying why', (_name, fixture, reason) => {
    expect(normalizeGuardDutyFinding(loadFixture(fixture))).toEqual({ ok: false, reason });
  });

  it('ignores an access-key finding outside the key-misuse families', () => {
    // Prepare
    const event = fixtureWith(
      'guardduty/iam-user-malicious-ip-caller.json',
      ['detail', 'type'],
      'Execution:Runtime/NewBinaryExecuted',
    );

    // Act
    const result = normalizeGuardDutyFinding(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'GuardDuty Execution:Runtime/NewBinaryExecuted is not an access-key misuse finding',
    });
  });

  it('says so when the finding names no valid access key id', () => {
    // Prepare
    const event = fixtureWith(
      'guardduty/iam-user-malicious-ip-caller.json',
      ['detail', 'resource', 'accessKeyDetails', 'accessKeyId'],
      'GeneratedFindingAccessKeyId',
    );

    // Act
    const result = normalizeGuardDutyFinding(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason:
        'GuardDuty UnauthorizedAccess:IAMUser/MaliciousIPCaller finding 16afba5c5c43e07c9e3e5e2e544e95df names no valid access key id',
    });
  });

  it.each([
    [1, 'low'],
    [3.9, 'low'],
    [4, 'medium'],
    [6.9, 'medium'],
    [7, 'high'],
    [8.9, 'high'],
    [9, 'critical'],
    [10, 'critical'],
  ])('maps GuardDuty severity %d to %s', (score, severity) => {
    // Prepare, Act
    const mapped = severityOf(score);

    // Assess
    expect(mapped).toBe(severity);
  });
});

describe('GuardDuty attack sequence resource type', () => {
  it('reads the key of an attack sequence whatever resourceType it names', () => {
    // Prepare: AWS's samples disagree on the attack sequence's resourceType
    const event = fixtureWith(
      'guardduty/attack-sequence-compromised-credentials.json',
      ['detail', 'resource', 'resourceType'],
      'AttackSequence',
    );

    // Act
    const result = normalizeGuardDutyFinding(event);

    // Assess
    expect(result.ok && result.signals.map((s) => [s.accessKeyId, s.reason])).toEqual([
      ['AKIAIOSFODNN7EXAMPLE', 'AttackSequence:IAM/CompromisedCredentials'],
    ]);
  });
});
