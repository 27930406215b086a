/**
 * The investigation of a contained key (lambdas/handlers/investigate.ts), off the containment path
 * and without a line changed in the responder: the incident table's stream, filtered down to the
 * responder's successful deactivations, queues it (InvestigationScheduler) with a delay for
 * CloudTrail's event history to catch up. It reads CloudTrail in every enabled region and IAM, then
 * records evidence and approvals on the incident and publishes the report.
 */
import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import {
  acknowledgeRuntime,
  evidenceLogGroup,
  handlerEnvironment,
  handlerFunctionProps,
} from './handler-function';
import type { IncidentTopic } from './incident-topic';
import { InvestigationScheduler } from './investigation-scheduler';
import { InvestigatorRole } from './investigator-role';

/** Investigations read CloudTrail for up to 15 minutes; SQS hides a message 6 times that (AWS's advice). */
export const INVESTIGATION_VISIBILITY = Duration.minutes(90);
/** Three runs of an investigation, then the dead-letter queue. */
export const INVESTIGATION_ATTEMPTS = 3;

export interface KeyInvestigatorProps {
  readonly config: ResponderConfig;
  /** The incident table, with a stream carrying new images. */
  readonly table: ITable;
  readonly notifications: IncidentTopic;
  /** Receives failed stream batches' descriptions and investigations given up after three runs. */
  readonly failureQueue: IQueue;
}

export class KeyInvestigator extends Construct {
  readonly function: NodejsFunction;
  readonly role: InvestigatorRole;
  /** Deactivations waiting, delayed, for the investigator. */
  readonly queue: Queue;
  readonly scheduler: InvestigationScheduler;

  constructor(scope: Construct, id: string, props: KeyInvestigatorProps) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      // SSE-SQS: the scheduler and Lambda's poller need no key policy; the messages name a key id.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: INVESTIGATION_VISIBILITY,
      deadLetterQueue: { queue: props.failureQueue, maxReceiveCount: INVESTIGATION_ATTEMPTS },
    });
    this.scheduler = new InvestigationScheduler(this, 'Scheduler', {
      config: props.config,
      table: props.table,
      queue: this.queue,
      failureQueue: props.failureQueue,
    });
    const logGroup = evidenceLogGroup(this, 'Logs');
    this.role = new InvestigatorRole(this, 'Permissions', {
      table: props.table,
      notifications: props.notifications,
      logGroup,
    });

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
      // No reserved concurrency: a reservation of even 1 would fail the first deploy in a new account,
      // whose quota of 10 must stay unreserved (see LeakedKeyResponderProps). The event source's
      // maximum concurrency bounds it instead.
      environment: handlerEnvironment({
        config: props.config,
        table: props.table,
        topic: props.notifications.topic,
      }),
    });
    acknowledgeRuntime(this.function);

    // Two at most (SQS's lowest maximum concurrency): LookupEvents allows 2 requests/s per account and
    // region, shared by every investigation running.
    this.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, maxConcurrency: 2 }));
  }
}
