import { loadFixture, withField } from '../fixtures';
import { DEPLOY_BOT_SESSION, detect, firedRules, firedRulesWith, recordWith, testContext } from './detect';

describe('persistence.create-user', () => {
  it('fires on CreateUser, naming who created whom with which key from where', () => {
    // Prepare
    const ctx = testContext();

    // Act
    const signals = detect('create-user.json', ctx);

    // Assess
    expect(signals).toEqual([
      {
        kind: 'cloudtrail-detection',
        source: 'aws.cloudtrail',
        dedupKey: 'aws.cloudtrail#c5e7a9c1-e3b5-4d7f-9a1c-3e5b7d9f1a3c#persistence.create-user',
        subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
        accountId: '123456789012',
        region: 'us-east-1',
        observedAt: '2024-05-24T10:15:31.000Z',
        severity: 'medium',
        title: 'alice created IAM user backup-admin (key AKIAIOSFODNN7EXAMPLE from 198.51.100.7)',
        ruleId: 'persistence.create-user',
        technique: 'T1136.003 Create Account: Cloud Account (Stratus: aws.persistence.iam-create-admin-user)',
        principal: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        keyType: 'long-term',
        reason: 'persistence.create-user',
        evidence: {
          eventId: 'c5e7a9c1-e3b5-4d7f-9a1c-3e5b7d9f1a3c',
          eventName: 'CreateUser',
          sourceIPAddress: '198.51.100.7',
          userAgent: 'aws-cli/2.15.40 Python/3.11.8 Linux/6.1 exe/x86_64',
          targetUser: 'backup-admin',
        },
      },
    ]);
  });

  it('fires at low severity on a refused CreateUser, saying it was only tried', () => {
    // Prepare
    const event = recordWith('create-user.json', ['errorCode'], 'AccessDenied');

    // Act
    const [signal] = detect(event, testContext());

    // Assess
    expect(signal).toMatchObject({
      severity: 'low',
      title:
        'alice tried to create IAM user backup-admin (key AKIAIOSFODNN7EXAMPLE from 198.51.100.7; AccessDenied)',
      evidence: { errorCode: 'AccessDenied' },
    });
  });

  it('does not fire on the expected CreateUser of a declared automation principal', () => {
    // Prepare
    const ctx = testContext({ automationPrincipals: ['deploy-bot'] });

    // Act
    const fired = firedRulesWith('create-user.json', ['userIdentity'], DEPLOY_BOT_SESSION, ctx);

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('persistence.access-key-for-another-user', () => {
  it('fires when alice creates an access key for backup-admin', () => {
    // Act
    const [signal] = detect('create-access-key-for-other-user.json', testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'persistence.access-key-for-another-user',
      severity: 'high',
      title:
        'alice created an access key for IAM user backup-admin (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
      evidence: { targetUser: 'backup-admin', createdAccessKeyId: 'AKIAI44QH8DHBEXAMPLE' },
    });
  });

  it.each([
    ['names her as the user', 'alice'],
    ['names no user (the key is for the caller)', undefined],
  ])('does not fire when a user creates her own access key and the call %s', (_case, userName) => {
    // Act
    const fired = firedRulesWith(
      'create-access-key-for-other-user.json',
      ['requestParameters', 'userName'],
      userName,
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('persistence.root-access-key', () => {
  it('fires when root creates an access key for itself', () => {
    // Act
    const signals = detect('create-root-access-key.json', testContext());

    // Assess
    expect(signals.map((s) => [s.ruleId, s.severity, s.title, s.evidence.createdAccessKeyId])).toEqual([
      [
        'persistence.root-access-key',
        'critical',
        'root created an access key for the root user (key ASIAIOSFODNN7EXAMPLE from 203.0.113.50)',
        'AKIAI44QH8DHBEXAMPLE',
      ],
    ]);
  });

  it('does not fire when an IAM user creates her own access key', () => {
    // Act
    const fired = firedRulesWith(
      'create-access-key-for-other-user.json',
      ['requestParameters', 'userName'],
      undefined,
    );

    // Assess
    expect(fired).toEqual([]);
  });

  it('leaves root creating a key for an IAM user to the another-user rule', () => {
    // Act
    const fired = firedRulesWith('create-root-access-key.json', ['requestParameters'], {
      userName: 'backup-admin',
    });

    // Assess
    expect(fired).toEqual(['persistence.access-key-for-another-user']);
  });
});

describe('persistence.login-profile-for-another-user', () => {
  it('fires when alice gives backup-admin a console password', () => {
    // Act
    const [signal] = detect('create-login-profile-for-other-user.json', testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'persistence.login-profile-for-another-user',
      title:
        'alice gave IAM user backup-admin a console password (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    });
  });

  it("fires when alice resets another user's console password", () => {
    // Prepare
    const event = recordWith('create-login-profile-for-other-user.json', ['eventName'], 'UpdateLoginProfile');

    // Act
    const [signal] = detect(event, testContext());

    // Assess
    expect(signal?.title).toBe(
      'alice changed the console password of IAM user backup-admin (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    );
  });

  it('does not fire when a user changes her own console password', () => {
    // Prepare
    const event = withField(
      recordWith('create-login-profile-for-other-user.json', ['eventName'], 'UpdateLoginProfile'),
      ['detail', 'requestParameters', 'userName'],
      'alice',
    );

    // Act
    const fired = firedRules(event);

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('persistence.add-user-to-admin-group', () => {
  it('fires when a user is added to a group named like an admin group', () => {
    // Act
    const [signal] = detect('add-user-to-admin-group.json', testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'persistence.add-user-to-admin-group',
      title: 'alice added IAM user backup-admin to group Admins (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    });
  });

  it('does not fire when the group is not named like an admin group', () => {
    // Act
    const fired = firedRulesWith(
      'add-user-to-admin-group.json',
      ['requestParameters', 'groupName'],
      'Developers',
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('persistence rules and the quarantine', () => {
  it("never fire on AWS's own quarantine attachment", () => {
    // Prepare
    const event = loadFixture('cloudtrail/aws-attaches-quarantine-v3.json');

    // Act
    const fired = firedRules(event);

    // Assess
    expect(fired).toEqual([]);
  });
});
