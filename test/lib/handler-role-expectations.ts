/**
 * What the CDK tests of the functions built on HandlerRole share: the environment every handler
 * gets, and the statements every such role starts with, resolved in the stack.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { AtoResponderStack } from '../../lib/ato-responder-stack';
import { resourceOf } from './stack-builder';

export const COMMON_VARIABLES = [
  'ATO_CONFIG',
  'ATO_TABLE_NAME',
  'ATO_TOPIC_ARN',
  'NODE_OPTIONS',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_SERVICE_NAME',
];

export function variablesOf(template: Template, fn: NodejsFunction): Record<string, unknown> {
  const resource = resourceOf(template, fn);
  return (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** The statements every HandlerRole starts with, resolved in the stack. */
export function recordAndNotifyStatements(stack: AtoResponderStack, fn: NodejsFunction): unknown[] {
  const tableArn = stack.incidents.table.tableArn;
  return [
    {
      Sid: 'RecordIncidents',
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
      ],
      Resource: [stack.resolve(tableArn), stack.resolve(`${tableArn}/index/byKind`)],
    },
    {
      Sid: 'NotifyPeople',
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: stack.resolve(stack.notifications.topic.topicArn) as unknown,
    },
    {
      Sid: 'EncryptNotifications',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: stack.resolve(stack.notifications.key.keyArn) as unknown,
      Condition: { StringEquals: { 'kms:ViaService': 'sns.us-east-1.amazonaws.com' } },
    },
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: stack.resolve(fn.logGroup.logGroupArn) as unknown,
    },
  ];
}
