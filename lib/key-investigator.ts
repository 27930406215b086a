/**
 * The investigation of a contained key (lambdas/handlers/investigate.ts), off the containment path
 * and without a line changed in the responder: the incident table's stream, filtered down to the
 * responder's successful deactivations, starts it. It reads CloudTrail in every enabled region and
 * IAM, then records evidence and approvals on the incident and publishes the report.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, type IEventSourceDlq, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import {
  acknowledgeRuntime,
  evidenceLogGroup,
  handlerEnvironment,
  handlerFunctionProps,
} from './handler-function';
import type { IncidentTopic } from './incident-topic';
import { InvestigatorRole } from './investigator-role';

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

/** A failing record blocks its shard: two retries (three runs of up to 15 minutes), then the DLQ. */
export const STREAM_RETRY_ATTEMPTS = 2;
/** Older than this, a record goes to the DLQ unprocessed; the stream keeps records 24 h. */
export const MAX_RECORD_AGE = Duration.hours(6);

export interface KeyInvestigatorProps {
  readonly config: ResponderConfig;
  /** The incident table, with a stream carrying new images. */
  readonly table: ITable;
  readonly notifications: IncidentTopic;
  /** Receives the stream batch's description once Lambda has given up on it. */
  readonly failureQueue: IQueue;
}

export class KeyInvestigator extends Construct {
  readonly function: NodejsFunction;
  readonly role: InvestigatorRole;

  constructor(scope: Construct, id: string, props: KeyInvestigatorProps) {
    super(scope, id);
    const logGroup = evidenceLogGroup(this, 'Logs');
    this.role = new InvestigatorRole(this, 'Permissions', { ...props, logGroup });

    this.function = new NodejsFunction(this, 'Function', {
      description: 'ato-responder: investigates a contained access key in CloudTrail and IAM, read-only',
      ...handlerFunctionProps('investigate.ts'),
      // Every enabled region, every page at LookupEvents' 2 requests/s per region, sessions followed:
      // a busy key takes minutes. The memory is for the timeline and report held in full, and the CPU
      // that comes with it.
      memorySize: 1024,
      timeout: Duration.minutes(15),
      role: this.role.role,
      logGroup,
      // No reserved concurrency. The stream already runs one batch per shard at a time (parallelization
      // factor 1), and deactivations are rare; a reservation of even 1 would fail the first deploy in a
      // new account, whose quota of 10 must stay unreserved (see LeakedKeyResponderProps).
      environment: handlerEnvironment({
        config: props.config,
        table: props.table,
        topic: props.notifications.topic,
      }),
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
 * sqs:GetQueueAttributes and sqs:GetQueueUrl; InvestigatorRole grants only sqs:SendMessage.
 */
function sendToQueue(queue: IQueue): IEventSourceDlq {
  return { bind: () => ({ destination: queue.queueArn }) };
}
