import { Template } from 'aws-cdk-lib/assertions';
import { buildStack, onlyResourceOf } from './stack-builder';

const stack = buildStack({ notifications: { emails: ['soc@example.com', 'oncall@example.com'] } });
const template = Template.fromStack(stack);

describe('the incident topic', () => {
  it('is encrypted with its own rotating key', () => {
    // Act
    const topic = onlyResourceOf(template, 'AWS::SNS::Topic');
    const key = onlyResourceOf(template, 'AWS::KMS::Key');

    // Assess
    expect(topic.Properties).toEqual({
      DisplayName: 'ato-responder incidents',
      KmsMasterKeyId: stack.resolve(stack.notifications.key.keyArn) as unknown,
    });
    expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it('refuses publishing over plain HTTP', () => {
    // Act
    const policy = onlyResourceOf(template, 'AWS::SNS::TopicPolicy').Properties.PolicyDocument;

    // Assess
    expect(policy).toEqual({
      Statement: [
        {
          Sid: 'AllowPublishThroughSSLOnly',
          Effect: 'Deny',
          Action: 'sns:Publish',
          Principal: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: stack.resolve(stack.notifications.topic.topicArn) as unknown,
        },
      ],
      Version: '2012-10-17',
    });
  });

  it('lets CloudWatch alarms use the key, or alarms could not publish to the topic', () => {
    // Act
    const keyPolicy = onlyResourceOf(template, 'AWS::KMS::Key').Properties.KeyPolicy as {
      Statement: unknown[];
    };

    // Assess: the account statement CDK writes (IAM decides) plus CloudWatch, nothing else.
    expect(keyPolicy.Statement).toEqual([
      {
        Action: 'kms:*',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Resource: '*',
      },
      {
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
      },
    ]);
  });

  it('subscribes each configured email address', () => {
    // Act
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map(
      (subscription) => (subscription as { Properties: unknown }).Properties,
    );

    // Assess
    const topicArn = stack.resolve(stack.notifications.topic.topicArn) as unknown;
    expect(subscriptions).toEqual([
      { Protocol: 'email', Endpoint: 'soc@example.com', TopicArn: topicArn },
      { Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: topicArn },
    ]);
  });
});
