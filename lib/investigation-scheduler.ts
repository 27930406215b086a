/**
 * Between containment and investigation: the incident table's stream, filtered down to the responder's
 * successful deactivations, starts a small function that puts each one on the investigation queue with
 * the delay CloudTrail's event history needs to catch up (config investigation.delayMinutes). Its role
 * can read the stream, send to the two queues and write its logs: nothing else.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, type IEventSourceDlq, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import { acknowledgeRuntime, evidenceLogGroup, handlerFunctionProps } from './handler-function';

/**
 * Only the items `appendActionRecord` writes for a deactivation that happened: new action records
 * (`sk=ACTION#…`) whose marshalled `record` map says kind `aws.iam.deactivate-access-key`, status
 * `done` ("would-do" in dry-run, "refused", "failed" start nothing). Lambda drops every other record
 * of the stream before invoking, at no cost (Lambda developer guide, "Using event filtering with a
 * DynamoDB event source").
 */
export const DEACTIVATION_FILTER = {
  eventName: ['INSERT'],
  dynamodb: {
    Keys: { sk: { S: [{ prefix: 'ACTION#' }] } },
    NewImage: {
      record: {
        M: {
          kind: { S: ['aws.iam.deactivate-access-key'] },
          status: { S: ['done'] },
        },
      },
    },
  },
};

/** A failing record blocks its shard: two retries, then the dead-letter queue. */
export const STREAM_RETRY_ATTEMPTS = 2;
/** Older than this, a record goes to the DLQ unprocessed; the stream keeps records 24 h. */
export const MAX_RECORD_AGE = Duration.hours(6);

export interface InvestigationSchedulerProps {
  readonly config: ResponderConfig;
  /** The incident table, with a stream carrying new images. */
  readonly table: ITable;
  /** Where deactivations wait for the investigator. */
  readonly queue: IQueue;
  /** Receives the stream batch's description once Lambda has given up on it. */
  readonly failureQueue: IQueue;
}

export class InvestigationScheduler extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: InvestigationSchedulerProps) {
    super(scope, id);
    const logGroup = evidenceLogGroup(this, 'Logs');
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'ato-responder: queues the investigation of each deactivated key',
    });
    const allow = (sid: string, actions: string[], resources: string[]): void => {
      this.role.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources }));
    };
    allow('QueueInvestigations', ['sqs:SendMessage'], [props.queue.queueArn]);
    allow('ParkFailedRecords', ['sqs:SendMessage'], [props.failureQueue.queueArn]);
    allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup.logGroupArn]);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams on * is what the stream event source grants (CDK grantStreamRead); it lists stream ARNs only.',
    });

    this.function = new NodejsFunction(this, 'Function', {
      description: 'ato-responder: queues the investigation of a deactivated key, delayed for CloudTrail',
      ...handlerFunctionProps('schedule-investigation.ts'),
      memorySize: 256,
      timeout: Duration.seconds(30),
      role: this.role,
      logGroup,
      environment: {
        ATO_CONFIG: JSON.stringify({ investigation: props.config.investigation }),
        ATO_INVESTIGATION_QUEUE_URL: props.queue.queueUrl,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'ato-responder',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    acknowledgeRuntime(this.function);

    this.function.addEventSource(
      new DynamoEventSource(props.table, {
        // Deactivations from the moment the stack exists; earlier incidents: `ato investigate`.
        startingPosition: StartingPosition.LATEST,
        batchSize: 1,
        bisectBatchOnError: true,
        retryAttempts: STREAM_RETRY_ATTEMPTS,
        maxRecordAge: MAX_RECORD_AGE,
        onFailure: sendToQueue(props.failureQueue),
        filters: [FilterCriteria.filter(DEACTIVATION_FILTER)],
      }),
    );
  }
}

/**
 * The on-failure destination as a bare queue ARN. The stock SqsDlq would also grant
 * sqs:GetQueueAttributes and sqs:GetQueueUrl; the role grants only sqs:SendMessage.
 */
function sendToQueue(queue: IQueue): IEventSourceDlq {
  return { bind: () => ({ destination: queue.queueArn }) };
}
