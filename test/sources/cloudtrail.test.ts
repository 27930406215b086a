import {
  isCalledByAws,
  normalizeCloudTrailEvent,
  parseCloudTrailCall,
  parseCloudTrailEvent,
} from '../../lambdas/sources/cloudtrail';
import type { CloudTrailCall } from '../../lambdas/sources/cloudtrail';
import { isRecord } from '../../lambdas/sources/eventbridge-envelope';
import { loadConfig } from '../../lambdas/core/config';
import { ruleContext } from '../../lambdas/sources/detection';
import { fixtureWith, loadFixture } from './fixtures';

const V3 = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3';

function callOf(name: string): CloudTrailCall {
  const parsed = parseCloudTrailEvent(loadFixture(name));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value.call;
}

describe('CloudTrail calls', () => {
  it('parses a record into a typed call, session issuer included', () => {
    // Prepare
    const event = loadFixture('cloudtrail/customer-attaches-quarantine-v3.json');
    const detail = isRecord(event) && isRecord(event.detail) ? event.detail : {};

    // Act
    const parsed = parseCloudTrailCall(detail);

    // Assess
    expect(parsed).toEqual({
      ok: true,
      value: {
        eventID: 'b3d5f7a9-c1e3-4b5d-9f7a-1c3e5b7d9f1a',
        eventTime: '2024-05-23T15:41:07Z',
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachUserPolicy',
        awsRegion: 'us-east-1',
        sourceIPAddress: '192.0.2.44',
        userAgent: 'AWS Internal',
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROA3XFRBF535EXAMPLE:carol',
          arn: 'arn:aws:sts::123456789012:assumed-role/SecurityAdmin/carol',
          accountId: '123456789012',
          accessKeyId: 'ASIAI44QH8DHBEXAMPLE',
          sessionIssuer: {
            type: 'Role',
            principalId: 'AROA3XFRBF535EXAMPLE',
            arn: 'arn:aws:iam::123456789012:role/SecurityAdmin',
            accountId: '123456789012',
            userName: 'SecurityAdmin',
          },
        },
        requestParameters: { userName: 'alice', policyArn: V3 },
        recipientAccountId: '123456789012',
        eventType: 'AwsApiCall',
      },
    });
  });

  it('says which fields are missing from a record that is not a CloudTrail call', () => {
    // Prepare
    const detail = { eventName: 'CreateUser' };

    // Act
    const parsed = parseCloudTrailCall(detail);

    // Assess
    expect(parsed).toEqual({
      ok: false,
      reason: 'CloudTrail record lacks one of eventID, eventTime, eventSource, eventName',
    });
  });

  it('has no rule for an ordinary IAM call', () => {
    // Prepare
    const event = loadFixture('cloudtrail/create-user.json');

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'no rule for iam.amazonaws.com:CreateUser' });
  });
});

describe('rule: AWS quarantined a user whose key it found exposed', () => {
  it('fires when AWS itself attaches AWSCompromisedKeyQuarantineV3, naming the user, not a key', () => {
    // Prepare
    const event = loadFixture('cloudtrail/aws-attaches-quarantine-v3.json');

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result).toEqual({
      ok: true,
      signals: [
        {
          kind: 'leaked-access-key',
          source: 'aws.cloudtrail',
          dedupKey: 'aws.cloudtrail#a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
          subject: { type: 'aws-principal', id: 'arn:aws:iam::123456789012:user/alice' },
          accountId: '123456789012',
          region: 'us-east-1',
          observedAt: '2024-05-14T08:06:17.000Z',
          severity: 'critical',
          title:
            'AWS found an access key of user alice exposed and quarantined the user (AWSCompromisedKeyQuarantineV3)',
          keyType: 'unknown',
          principal: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
          reason: 'AWS_QUARANTINE_POLICY_ATTACHED',
          evidence: {
            eventId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
            eventName: 'AttachUserPolicy',
            policy: V3,
            sourceIPAddress: 'AWS Internal',
            userAgent: 'AWS Internal',
          },
        },
      ],
    });
  });

  it('does not trust the historical inline quarantine, signed as the user with an aws-internal agent anyone can send', () => {
    // Prepare: the record AWS once wrote — indistinguishable from a caller who sets the same user agent
    const event = loadFixture('cloudtrail/aws-puts-inline-quarantine.json');

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result.ok).toBe(false);
  });

  it('does not fire when an administrator attaches the same policy from the console', () => {
    // Prepare
    const event = loadFixture('cloudtrail/customer-attaches-quarantine-v3.json');

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: `iam.amazonaws.com:AttachUserPolicy of ${V3} was made by arn:aws:sts::123456789012:assumed-role/SecurityAdmin/carol, not by AWS: an administrator's action, not an AWS finding`,
    });
  });

  it('does not fire when the attachment failed', () => {
    // Prepare
    const event = fixtureWith(
      'cloudtrail/aws-attaches-quarantine-v3.json',
      ['detail', 'errorCode'],
      'NoSuchEntity',
    );

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: `iam.amazonaws.com:AttachUserPolicy of ${V3} failed (NoSuchEntity): nothing was quarantined`,
    });
  });

  it('does not fire when AWS attaches some other managed policy', () => {
    // Prepare
    const event = fixtureWith(
      'cloudtrail/aws-attaches-quarantine-v3.json',
      ['detail', 'requestParameters', 'policyArn'],
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    );

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'no rule for iam.amazonaws.com:AttachUserPolicy' });
  });

  it('does not take a console user agent of "AWS Internal" as proof that AWS made the call', () => {
    // Prepare
    const call = callOf('cloudtrail/customer-attaches-quarantine-v3.json');

    // Act
    const byAws = isCalledByAws(call);

    // Assess
    expect(byAws).toBe(false);
  });

  it('has no rule yet for console sign-ins', () => {
    // Prepare
    const event = {
      version: '0',
      id: '6f87d04b-9f74-4f04-a780-7acf4b0a9b74',
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      account: '123456789012',
      time: '2024-05-24T10:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail: {
        eventVersion: '1.09',
        userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/alice', userName: 'alice' },
        eventTime: '2024-05-24T10:00:00Z',
        eventSource: 'signin.amazonaws.com',
        eventName: 'ConsoleLogin',
        awsRegion: 'us-east-1',
        sourceIPAddress: '198.51.100.7',
        eventID: '0d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6',
        eventType: 'AwsConsoleSignIn',
      },
    };

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result).toEqual({ ok: false, reason: 'no rule for signin.amazonaws.com:ConsoleLogin' });
  });
});

describe('CloudTrail envelope source', () => {
  it('refuses an event posing as CloudTrail from a custom source', () => {
    // Prepare: what a PutEvents call by anyone with events:PutEvents on the bus could send
    const event = fixtureWith('cloudtrail/aws-attaches-quarantine-v3.json', ['source'], 'custom.iam');

    // Act
    const result = normalizeCloudTrailEvent(event);

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'CloudTrail events come from an aws.* source, not "custom.iam"',
    });
  });
});

describe('a forged "aws-internal/" user agent', () => {
  it('silences no detection rule', () => {
    // Prepare: an intruder sends the agent AWS automation once used
    const event = fixtureWith(
      'cloudtrail/create-user.json',
      ['detail', 'userAgent'],
      'aws-internal/3 aws-sdk-java/1.11.706',
    );
    const ctx = ruleContext(loadConfig({}).detection);

    // Act
    const result = normalizeCloudTrailEvent(event, ctx);

    // Assess
    expect(result.ok && result.signals.map((s) => s.reason)).toEqual(['persistence.create-user']);
  });

  it("does not pass a customer's quarantine of someone else off as AWS's", () => {
    const event = fixtureWith(
      'cloudtrail/customer-attaches-quarantine-v3.json',
      ['detail', 'userAgent'],
      'aws-internal/3 aws-sdk-java/1.11.706',
    );
    expect(normalizeCloudTrailEvent(event).ok).toBe(false);
  });
});
