import { contextWithBaseline, detect, firedRules, firedRulesWith, recordWith, testContext } from './detect';

describe('credentials.session-token-from-new-key', () => {
  it('fires the first time a long-term key mints session credentials', () => {
    // Prepare
    const ctx = contextWithBaseline();

    // Act
    const signals = detect('get-session-token.json', ctx);

    // Assess
    expect(signals).toEqual([
      {
        kind: 'cloudtrail-detection',
        source: 'aws.cloudtrail',
        dedupKey:
          'aws.cloudtrail#00002008-0c1d-4e2f-8a3b-000000002008#credentials.session-token-from-new-key',
        subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
        accountId: '123456789012',
        region: 'us-east-1',
        observedAt: '2024-05-24T10:14:05.000Z',
        severity: 'high',
        title:
          'alice minted session credentials with GetSessionToken for the first time (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
        ruleId: 'credentials.session-token-from-new-key',
        technique:
          'T1550.001 Use Alternate Authentication Material: Application Access Token (Stratus: aws.persistence.sts-federation-token)',
        principal: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        keyType: 'long-term',
        reason: 'credentials.session-token-from-new-key',
        evidence: {
          eventId: '00002008-0c1d-4e2f-8a3b-000000002008',
          eventName: 'GetSessionToken',
          sourceIPAddress: '203.0.113.50',
          userAgent: 'aws-cli/2.15.40 Python/3.11.8 Linux/6.1 exe/x86_64 prompt/off command/',
          sessionAccessKeyId: 'ASIAI44QH8DHBEXAMPLE',
        },
      },
    ]);
  });

  it('fires the first time a long-term key mints federated user credentials', () => {
    // Act
    const fired = firedRulesWith(
      'get-session-token.json',
      ['eventName'],
      'GetFederationToken',
      contextWithBaseline(),
    );

    // Assess
    expect(fired).toEqual(['credentials.session-token-from-new-key']);
  });

  it('does not fire when the key has minted session credentials before', () => {
    // Prepare
    const ctx = contextWithBaseline();
    detect('get-session-token.json', ctx);

    // Act
    const fired = firedRules('get-session-token.json', ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it('does not fire without a baseline: there is no "before" to compare with', () => {
    // Act
    const fired = firedRules('get-session-token.json', testContext());

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('credentials.get-caller-identity-first-call', () => {
  it("fires when GetCallerIdentity is a long-term key's first call", () => {
    // Act
    const [signal] = detect('get-caller-identity.json', contextWithBaseline());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'credentials.get-caller-identity-first-call',
      severity: 'medium',
      title:
        'alice checked whose key it is (GetCallerIdentity) as its first call (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    });
  });

  it('does not fire when the key has been used before', () => {
    // Prepare
    const ctx = contextWithBaseline();
    detect('create-user.json', ctx);

    // Act
    const fired = firedRules('get-caller-identity.json', ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it('still fires when the earlier call of the key was refused', () => {
    // Prepare: a refused call teaches the baseline nothing
    const ctx = contextWithBaseline();
    detect(recordWith('create-user.json', ['errorCode'], 'AccessDenied'), ctx);

    // Act
    const fired = firedRules('get-caller-identity.json', ctx);

    // Assess
    expect(fired).toEqual(['credentials.get-caller-identity-first-call']);
  });

  it('does not fire for session credentials, whose first call is often GetCallerIdentity', () => {
    // Act
    const fired = firedRulesWith(
      'get-caller-identity.json',
      ['userIdentity', 'accessKeyId'],
      'ASIAIOSFODNN7EXAMPLE',
      contextWithBaseline(),
    );

    // Assess
    expect(fired).toEqual([]);
  });
});
