import { withField } from '../fixtures';
import { contextWithBaseline, detect, firedRules, firedRulesWith, recordWith, testContext } from './detect';

describe('ses-abuse.sending-enabled-changed', () => {
  it('fires when sending is switched back on for the account', () => {
    // Act
    const signals = detect('ses-update-account-sending-enabled.json', testContext());

    // Assess
    expect(signals).toEqual([
      {
        kind: 'cloudtrail-detection',
        source: 'aws.cloudtrail',
        dedupKey: 'aws.cloudtrail#00002011-0c1d-4e2f-8a3b-000000002011#ses-abuse.sending-enabled-changed',
        subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
        accountId: '123456789012',
        region: 'us-east-1',
        observedAt: '2024-05-24T10:26:00.000Z',
        severity: 'high',
        title: 'alice switched SES sending on for the account (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
        ruleId: 'ses-abuse.sending-enabled-changed',
        technique: 'T1496.004 Resource Hijacking: Cloud Service Hijacking',
        principal: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        keyType: 'long-term',
        reason: 'ses-abuse.sending-enabled-changed',
        evidence: {
          eventId: '00002011-0c1d-4e2f-8a3b-000000002011',
          eventName: 'UpdateAccountSendingEnabled',
          sourceIPAddress: '203.0.113.50',
          userAgent: 'aws-cli/2.15.40 Python/3.11.8 Linux/6.1 exe/x86_64 prompt/off command/',
          sendingEnabled: 'true',
        },
      },
    ]);
  });

  it('fires, saying so, when sending is switched off', () => {
    // Prepare
    const event = recordWith(
      'ses-update-account-sending-enabled.json',
      ['requestParameters', 'enabled'],
      false,
    );

    // Act
    const [signal] = detect(event, testContext());

    // Assess
    expect(signal?.title).toBe(
      'alice switched SES sending off for the account (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    );
  });

  it('does not fire when the sending state is only read', () => {
    // Act
    const fired = firedRulesWith(
      'ses-update-account-sending-enabled.json',
      ['eventName'],
      'GetAccountSendingEnabled',
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('ses-abuse.account-details-put', () => {
  it('fires when production access is requested', () => {
    // Act
    const [signal] = detect('ses-put-account-details.json', testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'ses-abuse.account-details-put',
      title:
        'alice asked AWS for SES production access (website https://example.com) (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
      evidence: { websiteURL: 'https://example.com', mailType: 'MARKETING' },
    });
  });

  it('does not fire on account attributes that do not ask for production access', () => {
    // Act
    const fired = firedRulesWith(
      'ses-put-account-details.json',
      ['eventName'],
      'PutAccountSuppressionAttributes',
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('ses-abuse.identity-verified', () => {
  it.each([
    ['VerifyEmailIdentity', { emailAddress: 'billing@example.net' }, 'billing@example.net'],
    ['VerifyDomainIdentity', { domain: 'example.net' }, 'example.net'],
    ['CreateEmailIdentity', { emailIdentity: 'example.net' }, 'example.net'],
  ])('fires on %s', (eventName, parameters, identity) => {
    // Prepare
    const event = withField(
      recordWith('ses-verify-email-identity.json', ['eventName'], eventName),
      ['detail', 'requestParameters'],
      parameters,
    );

    // Act
    const [signal] = detect(event, testContext());

    // Assess
    expect(signal?.title).toBe(
      `alice added SES sender identity ${identity} (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)`,
    );
  });

  it('does not fire when an identity is only looked up', () => {
    // Act
    const fired = firedRulesWith(
      'ses-verify-email-identity.json',
      ['eventName'],
      'GetIdentityVerificationAttributes',
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('ses-abuse.identity-deleted', () => {
  it('fires when a sender identity is deleted', () => {
    // Act
    const [signal] = detect('ses-delete-identity.json', testContext());

    // Assess
    expect(signal?.title).toBe(
      'alice deleted SES sender identity example.net (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    );
  });

  it('does not fire when an identity policy is deleted', () => {
    // Act
    const fired = firedRulesWith('ses-delete-identity.json', ['eventName'], 'DeleteIdentityPolicy');

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('ses-abuse.enumeration-by-new-principal', () => {
  it('fires when a principal that never used SES asks for the send quota', () => {
    // Act
    const [signal] = detect('ses-get-send-quota.json', contextWithBaseline());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'ses-abuse.enumeration-by-new-principal',
      title:
        'alice looked at SES (GetSendQuota) for the first time (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    });
  });

  it('does not fire for a principal already seen using SES', () => {
    // Prepare
    const ctx = contextWithBaseline();
    detect('ses-verify-email-identity.json', ctx);

    // Act
    const fired = firedRulesWith('ses-get-send-quota.json', ['eventName'], 'ListIdentities', ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it('does not fire without a baseline', () => {
    // Act
    const fired = firedRules('ses-get-send-quota.json', testContext());

    // Assess
    expect(fired).toEqual([]);
  });
});
