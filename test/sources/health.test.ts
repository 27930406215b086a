import type { LeakedAccessKeySignal } from '../../lambdas/core/signal';
import { normalizeHealthEvent } from '../../lambdas/sources/health';
import { fixtureWith, loadFixture, withField } from './fixtures';

const EXPOSED_ARN =
  'arn:aws:health:global::event/RISK/AWS_RISK_CREDENTIALS_EXPOSED/AWS_RISK_CREDENTIALS_EXPOSED_7c1e0f55-EXAMPLE';
const EXPOSED_COMMUNICATION = '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a-1';

const exposedSignal: LeakedAccessKeySignal = {
  kind: 'leaked-access-key',
  source: 'aws.health',
  dedupKey: `aws.health#123456789012#${EXPOSED_ARN}#${EXPOSED_COMMUNICATION}#AKIAIOSFODNN7EXAMPLE`,
  subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
  accountId: '123456789012',
  region: 'us-east-1',
  observedAt: '2024-05-14T08:05:00.000Z',
  severity: 'critical',
  title: 'AWS reports access key AKIAIOSFODNN7EXAMPLE of user alice exposed publicly',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  keyType: 'long-term',
  principal: { type: 'user', name: 'alice' },
  reason: 'AWS_RISK_CREDENTIALS_EXPOSED',
  evidence: {
    eventArn: EXPOSED_ARN,
    eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED',
    communicationId: EXPOSED_COMMUNICATION,
  },
};

describe('AWS Health RISK events', () => {
  it('turns an exposed-key event into one critical signal for the key, naming its user', () => {
    // Prepare
    const event = loadFixture('health/credentials-exposed.json');

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toEqual({ ok: true, signals: [exposedSignal] });
  });

  it('gives the same event delivered in a second region the same signal, dedup key included', () => {
    // Prepare
    const secondDelivery = loadFixture('health/credentials-exposed-second-region.json');

    // Act
    const result = normalizeHealthEvent(secondDelivery);

    // Assess
    expect(result).toEqual({ ok: true, signals: [exposedSignal] });
  });

  it('leaves the principal unknown when the older event shape names no user', () => {
    // Prepare
    const event = loadFixture('health/credentials-exposed-older-shape.json');
    const arn =
      'arn:aws:health:us-east-1::event/RISK/AWS_RISK_CREDENTIALS_EXPOSED/AWS_RISK_CREDENTIALS_EXPOSED_ABC123-EXAMPLE';

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      signals: [
        {
          kind: 'leaked-access-key',
          source: 'aws.health',
          dedupKey: `aws.health#123456789012#${arn}#no-communication-id#AKIAIOSFODNN7EXAMPLE`,
          subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
          accountId: '123456789012',
          region: 'us-east-1',
          observedAt: '2016-06-05T05:01:10.000Z',
          severity: 'critical',
          title: 'AWS reports access key AKIAIOSFODNN7EXAMPLE exposed publicly',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          keyType: 'long-term',
          principal: { type: 'unknown' },
          reason: 'AWS_RISK_CREDENTIALS_EXPOSED',
          evidence: { eventArn: arn, eventTypeCode: 'AWS_RISK_CREDENTIALS_EXPOSED' },
        },
      ],
    });
  });

  it.each([
    [
      'credentials-exposure-suspected.json',
      'high',
      'AWS suspects access key AKIAI44QH8DHBEXAMPLE of user deploy-bot was exposed publicly',
    ],
    [
      'credentials-compromise-suspected.json',
      'high',
      'AWS suspects access key AKIAIOSFODNN7EXAMPLE of user alice is being used by someone else',
    ],
    [
      'iam-quarantine.json',
      'critical',
      'AWS quarantined access key AKIAIOSFODNN7EXAMPLE of user alice after finding it exposed',
    ],
  ])('rates %s as %s and says so in plain words', (file, severity, title) => {
    // Prepare
    const event = loadFixture(`health/${file}`);

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toMatchObject({ ok: true, signals: [{ severity, title }] });
  });

  it('emits one signal per affected key, each with its own dedup key', () => {
    // Prepare
    const event = loadFixture('health/credentials-compromised.json');
    const arn =
      'arn:aws:health:global::event/RISK/AWS_RISK_CREDENTIALS_COMPROMISED/AWS_RISK_CREDENTIALS_COMPROMISED_9e4f7a20-EXAMPLE';
    const communication = 'c3e5a7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1-1';

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toMatchObject({
      ok: true,
      signals: [
        {
          severity: 'critical',
          subject: { type: 'aws-access-key', id: 'AKIAIOSFODNN7EXAMPLE' },
          dedupKey: `aws.health#123456789012#${arn}#${communication}#AKIAIOSFODNN7EXAMPLE`,
          title:
            'AWS reports access key AKIAIOSFODNN7EXAMPLE of user alice compromised: someone else is using it',
        },
        {
          severity: 'critical',
          subject: { type: 'aws-access-key', id: 'AKIAI44QH8DHBEXAMPLE' },
          dedupKey: `aws.health#123456789012#${arn}#${communication}#AKIAI44QH8DHBEXAMPLE`,
        },
      ],
    });
  });

  it('attributes an organizational-view event to the affected account, not the receiving one', () => {
    // Prepare
    const event = fixtureWith(
      'health/credentials-exposed.json',
      ['detail', 'affectedAccount'],
      '210987654321',
    );

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toMatchObject({ ok: true, signals: [{ accountId: '210987654321' }] });
  });

  it('ignores a Health event about another service', () => {
    // Prepare
    const event = loadFixture('health/ec2-operational-issue.json');

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'aws.health event type AWS_EC2_OPERATIONAL_ISSUE is not a credential-risk event',
    });
  });

  it('ignores a credential-risk code that is not an issue', () => {
    // Prepare
    const event = fixtureWith(
      'health/credentials-exposed.json',
      ['detail', 'eventTypeCategory'],
      'accountNotification',
    );

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'aws.health AWS_RISK_CREDENTIALS_EXPOSED event has category accountNotification, not issue',
    });
  });

  it('ignores a closed event, which AWS sends once the risk is resolved', () => {
    // Prepare
    const event = fixtureWith('health/credentials-exposed.json', ['detail', 'statusCode'], 'closed');

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: `aws.health AWS_RISK_CREDENTIALS_EXPOSED event ${EXPOSED_ARN} is closed: AWS considers it resolved`,
    });
  });

  it('says so when no affected entity is an access key id', () => {
    // Prepare
    const withAccountEntity = fixtureWith(
      'health/credentials-exposed-older-shape.json',
      ['detail', 'affectedEntities'],
      [{ entityValue: '123456789012' }],
    );
    const event = withField(withAccountEntity, ['resources'], ['123456789012']);

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason:
        'aws.health AWS_RISK_CREDENTIALS_EXPOSED event arn:aws:health:us-east-1::event/RISK/AWS_RISK_CREDENTIALS_EXPOSED/AWS_RISK_CREDENTIALS_EXPOSED_ABC123-EXAMPLE names no access key id',
    });
  });

  it('refuses an event from another source', () => {
    // Prepare
    const event = loadFixture('guardduty/iam-user-malicious-ip-caller.json');

    // Act
    const result = normalizeHealthEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'not a aws.health "AWS Health Event" event: got aws.guardduty "GuardDuty Finding"',
    });
  });
});
