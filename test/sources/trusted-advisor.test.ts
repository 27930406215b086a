import { normalizeTrustedAdvisorEvent } from '../../lambdas/sources/trusted-advisor';
import { fixtureWith, loadFixture } from './fixtures';

describe('Trusted Advisor Exposed Access Keys check', () => {
  it('turns a red (ERROR) item into a critical signal with the case and leak location as evidence', () => {
    // Prepare
    const event = loadFixture('trusted-advisor/exposed-access-keys-error.json');

    // Act
    const result = normalizeTrustedAdvisorEvent(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      signals: [
        {
          kind: 'leaked-access-key',
          source: 'aws.trustedadvisor',
          dedupKey:
            'aws.trustedadvisor#123456789012#AKIAIOSFODNN7EXAMPLE#12345678-1234-1234-abcd-1234567890ab#1715674200000',
          subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
          accountId: '123456789012',
          region: 'us-east-1',
          observedAt: '2024-05-14T08:10:00.000Z',
          severity: 'critical',
          title: 'Trusted Advisor flags access key AKIAIOSFODNN7EXAMPLE of user alice as Exposed',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          keyType: 'long-term',
          principal: { type: 'user', name: 'alice' },
          reason: 'TRUSTED_ADVISOR_EXPOSED_ACCESS_KEY_ERROR',
          evidence: {
            checkName: 'Exposed Access Keys',
            status: 'ERROR',
            caseId: '12345678-1234-1234-abcd-1234567890ab',
            fraudType: 'Exposed',
            location: 'www.example.com',
            deadline: '1715760000000',
            usageUsdPerDay: '0',
            timeUpdated: '1715674200000',
          },
        },
      ],
    });
  });

  it('rates a yellow (WARN) item as high', () => {
    // Prepare
    const event = fixtureWith('trusted-advisor/exposed-access-keys-error.json', ['detail', 'status'], 'WARN');

    // Act
    const result = normalizeTrustedAdvisorEvent(event);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      signals: [{ severity: 'high', reason: 'TRUSTED_ADVISOR_EXPOSED_ACCESS_KEY_WARN' }],
    });
  });

  it('recognizes a key of the root user', () => {
    // Prepare
    const event = fixtureWith(
      'trusted-advisor/exposed-access-keys-error.json',
      ['detail', 'check-item-detail', 'User Name (IAM or Root)'],
      '<root>',
    );

    // Act
    const result = normalizeTrustedAdvisorEvent(event);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      signals: [
        {
          principal: { type: 'root' },
          title: 'Trusted Advisor flags access key AKIAIOSFODNN7EXAMPLE of the root user as Exposed',
        },
      ],
    });
  });

  it('emits nothing when the item is back to OK', () => {
    // Prepare
    const event = loadFixture('trusted-advisor/exposed-access-keys-ok.json');

    // Act
    const result = normalizeTrustedAdvisorEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'Trusted Advisor Exposed Access Keys item is OK: no exposed key reported',
    });
  });

  it('ignores a refresh of another check', () => {
    // Prepare
    const event = fixtureWith(
      'trusted-advisor/exposed-access-keys-error.json',
      ['detail', 'check-name'],
      'IAM Access Key Rotation',
    );

    // Act
    const result = normalizeTrustedAdvisorEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'Trusted Advisor check "IAM Access Key Rotation" is not the Exposed Access Keys check',
    });
  });

  it('says so when the item names no valid access key id', () => {
    // Prepare
    const event = fixtureWith(
      'trusted-advisor/exposed-access-keys-error.json',
      ['detail', 'check-item-detail', 'Access Key ID'],
      undefined,
    );

    // Act
    const result = normalizeTrustedAdvisorEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'Trusted Advisor Exposed Access Keys item names no valid "Access Key ID"',
    });
  });
});
