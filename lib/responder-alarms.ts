/**
 * The responder watching itself: an event it could not handle, or a handler error, reaches the same
 * people as an incident. Both alarm on the first occurrence, since either can mean a key left live.
 */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { IncidentTopic } from './incident-topic';

export interface ResponderAlarmsProps {
  readonly responder: IFunction;
  /** Each queue gets its own alarm, named by its key here. */
  readonly deadLetterQueues: Record<string, IQueue>;
  readonly notifications: IncidentTopic;
  /** The key investigator: its errors alarm too (its failed records also reach a dead-letter queue above). */
  readonly investigator?: IFunction;
  /** The function that queues investigations from the table's stream: its errors alarm too. */
  readonly investigationScheduler?: IFunction;
  /**
   * Functions outside the event path (the webhooks, the scheduled audit), each alarming on its errors
   * under its key here: a Twilio or SendGrid callback or an audit run that failed.
   */
  readonly others?: Record<string, IFunction | undefined>;
}

export class ResponderAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ResponderAlarmsProps) {
    super(scope, id);
    // Alarms publish to an encrypted topic only if CloudWatch may use its key.
    props.notifications.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const action = new SnsAction(props.notifications.topic);

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.add(
        `${name}DeadLetters`,
        `ato-responder: events in the ${name} dead-letter queue were not handled; replay them after fixing the cause`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        action,
      );
    }
    this.add(
      'HandlerErrors',
      'ato-responder: the handler failed; a containment may not have happened',
      props.responder.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      action,
    );
    if (props.investigator) {
      this.add(
        'InvestigatorErrors',
        'ato-responder: a key investigation failed; SQS runs it again (three runs in all), then parks it in the Investigation dead-letter queue',
        props.investigator.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        action,
      );
    }
    if (props.investigationScheduler) {
      this.add(
        'InvestigationSchedulerErrors',
        'ato-responder: queuing a key investigation failed; the stream retries it, then parks it in the Investigation dead-letter queue',
        props.investigationScheduler.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        action,
      );
    }
    for (const [name, fn] of Object.entries(props.others ?? {})) {
      if (!fn) continue;
      this.add(
        `${name}Errors`,
        `ato-responder: the ${name} function failed; see its log group for the reason`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        action,
      );
    }
  }

  private add(id: string, description: string, metric: Metric, action: SnsAction): void {
    const alarm = new Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No datapoints means no failures (an idle responder publishes nothing): not an alarm.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(action);
    this.alarms.push(alarm);
  }
}
