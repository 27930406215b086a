/**
 * Where people hear about incidents and about the responder's own failures. The messages name
 * users, keys and what an intruder did, so the topic is encrypted with a key of our own (the
 * AWS-managed SNS key cannot be granted to CloudWatch alarms) and refuses plain HTTP.
 */
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface IncidentTopicProps {
  /** Subscribed at deploy time; each address confirms by mail before it receives anything. */
  readonly emails: readonly string[];
}

export class IncidentTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: IncidentTopicProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'ato-responder: encrypts incident notifications (SNS)',
      enableKeyRotation: true,
    });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'ato-responder incidents',
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
  }
}
