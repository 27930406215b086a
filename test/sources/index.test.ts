import { normalize } from '../../lambdas/sources';
import { fixtureWith, loadFixture } from './fixtures';

describe('normalize', () => {
  it.each([
    ['health/credentials-exposed.json', 'aws.health'],
    ['guardduty/iam-user-malicious-ip-caller.json', 'aws.guardduty'],
    ['trusted-advisor/exposed-access-keys-error.json', 'aws.trustedadvisor'],
    ['cloudtrail/aws-attaches-quarantine-v3.json', 'aws.cloudtrail'],
  ])('hands %s to the normalizer of its source', (file, source) => {
    // Prepare
    const event = loadFixture(file);

    // Act
    const result = normalize(event);

    // Assess
    expect(result).toMatchObject({ ok: true, signals: [{ source }] });
  });

  it('recognizes CloudTrail events by detail-type, whatever service they name as source', () => {
    // Prepare
    const event = fixtureWith('cloudtrail/create-user.json', ['source'], 'aws.sts');

    // Act
    const result = normalize(event);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'no rule for iam.amazonaws.com:CreateUser' });
  });

  it('says which source and detail-type it has no normalizer for', () => {
    // Prepare
    const event = fixtureWith('health/credentials-exposed.json', ['source'], 'aws.securityhub');

    // Act
    const result = normalize(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'no normalizer for aws.securityhub "AWS Health Event" events',
    });
  });

  it('says what is missing from an event that is not an EventBridge envelope', () => {
    // Prepare
    const event = { source: 'aws.health', detail: {} };

    // Act
    const result = normalize(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason:
        'not an EventBridge event: missing or empty "version", "id", "detail-type", "account", "time", "region"',
    });
  });

  it('refuses an envelope whose account is not an AWS account id', () => {
    // Prepare
    const event = fixtureWith('health/credentials-exposed.json', ['account'], 'me');

    // Act
    const result = normalize(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'aws.health event account "me" is not a 12-digit AWS account id',
    });
  });

  it('refuses a value that is not a JSON object', () => {
    // Prepare
    const event = ['not', 'an', 'event'];

    // Act
    const result = normalize(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'not an EventBridge event: expected a JSON object, got an array',
    });
  });
});
