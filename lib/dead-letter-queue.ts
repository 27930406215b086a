/**
 * Where an event goes when the responder could not handle it: kept 14 days (the SQS maximum) so a
 * person can replay it after fixing the cause; ResponderAlarms pages on the first message.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class DeadLetterQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      retentionPeriod: Duration.days(14),
      // SSE-SQS rather than a customer key: EventBridge and Lambda then deliver here without a
      // key policy of their own, and the messages are the events we already received.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the responder (EventBridge targets / Lambda async ' +
        'on-failure); nothing consumes it automatically, a person replays it after the DLQ alarm.',
    });
  }
}
