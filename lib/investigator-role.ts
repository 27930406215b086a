/**
 * The key investigator's execution role: reads, and nothing but reads, of CloudTrail, the account's
 * regions and IAM (the calls lambdas/providers/aws/iam-inventory.ts makes, one for one); writes
 * only to its own evidence (the incident, its approvals) and its notification.
 * No IAM write at all: the removals it proposes run later, through `ato approve`, with a person's
 * decision and the responder's or that person's permissions.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { Construct } from 'constructs';
import type { IncidentTopic } from './incident-topic';

/**
 * Reads of the whole account, on `*`: LookupEvents has no resource type to name; ListRegions and
 * ListUsers list the account itself, so no narrower resource would narrow what they return.
 */
const ACCOUNT_WIDE_READS = [
  'cloudtrail:LookupEvents', // the key's event history, region by region
  'account:ListRegions', // the regions an intruder could have used
  'iam:ListUsers', // the inventory pass: users created during the incident, by anyone
];
export const INVESTIGATOR_IAM_READS = {
  user: [
    'iam:GetAccessKeyLastUsed', // the owner of the investigated key
    'iam:GetUser',
    'iam:ListAccessKeys',
    'iam:GetLoginProfile',
    'iam:ListAttachedUserPolicies',
    'iam:ListUserPolicies',
  ],
  role: ['iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies'],
  group: ['iam:ListAttachedGroupPolicies', 'iam:ListGroupPolicies'],
  policy: ['iam:ListEntitiesForPolicy'],
};

export interface InvestigatorRoleProps {
  readonly logGroup: ILogGroup;
  readonly table: ITable;
  readonly notifications: IncidentTopic;
}

export class InvestigatorRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: InvestigatorRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const iamArn = (resource: string, account?: string): string =>
      stack.formatArn({ service: 'iam', region: '', resource, resourceName: '*', account });
    const arns = {
      user: [iamArn('user')],
      role: [iamArn('role')],
      group: [iamArn('group')],
      // Intruders attach AWS managed policies (AdministratorAccess) as often as their own.
      policy: [iamArn('policy'), iamArn('policy', 'aws')],
    };

    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'ato-responder: investigates a contained access key (read-only), records and reports',
    });
    const allow = (
      sid: string,
      actions: string[],
      resources: string[],
      conditions?: Record<string, unknown>,
    ): void => {
      this.role.addToPrincipalPolicy(new PolicyStatement({ sid, actions, resources, conditions }));
    };

    allow('ReadAccountWide', ACCOUNT_WIDE_READS, ['*']);
    allow('ReadUsers', INVESTIGATOR_IAM_READS.user, arns.user);
    allow('ReadRoles', INVESTIGATOR_IAM_READS.role, arns.role);
    allow('ReadGroups', INVESTIGATOR_IAM_READS.group, arns.group);
    allow('ReadPolicyAttachments', INVESTIGATOR_IAM_READS.policy, arns.policy);

    // Item by item, by partition key prefix (dynamodb-items.ts): the incident and its approvals;
    // DeleteItem only for the subject pointers saveIncident frees when the incident is resolved.
    const leadingKeys = (...prefixes: string[]) => ({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes },
    });
    allow('ReadIncidents', ['dynamodb:GetItem'], [props.table.tableArn], leadingKeys('INCIDENT#*'));
    allow(
      'RecordEvidence',
      ['dynamodb:PutItem'],
      [props.table.tableArn],
      leadingKeys('INCIDENT#*', 'APPROVAL#*'),
    );
    allow(
      'FreeSubjectsOfResolvedIncidents',
      ['dynamodb:DeleteItem'],
      [props.table.tableArn],
      leadingKeys('SUBJECT#*'),
    );
    allow('WriteOwnLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [props.logGroup.logGroupArn]);
    const { topic, key } = props.notifications;
    allow('NotifyPeople', ['sns:Publish'], [topic.topicArn]);
    allow('EncryptNotifications', ['kms:GenerateDataKey', 'kms:Decrypt'], [key.keyArn], {
      StringEquals: { 'kms:ViaService': `sns.${stack.region}.amazonaws.com` },
    });

    acknowledge(
      this.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Account-wide reads: cloudtrail:LookupEvents has no resource type to name; account:ListRegions and ' +
        'iam:ListUsers list the account itself. No write is allowed on *.',
    );
    const why: Record<keyof typeof arns, string> = {
      user: 'The owner of the leaked key and the users it created are known only at run time: reads only.',
      role: 'The roles the key created or changed are known only at run time: reads only.',
      group: 'The groups whose policies a rogue user inherits are known only at run time: reads only.',
      policy:
        'The managed policies (own or AWS managed) the key attached are known only at run time: reads only.',
    };
    for (const [kind, resources] of Object.entries(arns)) {
      for (const arn of resources) {
        const finding = flattenCfnReference(stack.resolve(arn));
        acknowledge(this.role, `AwsSolutions-IAM5[Resource::${finding}]`, why[kind as keyof typeof arns]);
      }
    }
  }
}

function acknowledge(scope: Construct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
