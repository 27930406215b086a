/**
 * One table for incidents, subject links, event claims, action records and approvals (single-table
 * design: `pk`/`sk`), plus `byKind` to list the newest items of one kind without a Scan.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export const BY_KIND_INDEX = 'byKind';

export class IncidentTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      // Incidents arrive in bursts or not at all: paying per request beats idle provisioned capacity.
      billingMode: BillingMode.PAY_PER_REQUEST,
      // The table is the audit trail (`ato undo` reads it): recoverable to any second of 35 days…
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // …and it outlives the stack: deleting the responder must not delete the evidence.
      removalPolicy: RemovalPolicy.RETAIN,
      // Event claims and other short-lived items expire by themselves (epoch seconds).
      timeToLiveAttribute: 'expiresAt',
      // Each new item as written: the key investigator starts from a deactivation's action record
      // (lib/key-investigator.ts filters the stream down to those). Old images are never read.
      stream: StreamViewType.NEW_IMAGE,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: BY_KIND_INDEX,
      partitionKey: { name: 'kind', type: AttributeType.STRING },
      sortKey: { name: 'updatedAt', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}
