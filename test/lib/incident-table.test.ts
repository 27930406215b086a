import { Template } from 'aws-cdk-lib/assertions';
import { buildStack, onlyResourceOf } from './stack-builder';

describe('the incident table', () => {
  it('is pay-per-request, recoverable, encrypted, keyed pk/sk, expires items by expiresAt, lists by kind and streams new images', () => {
    // Prepare
    const template = Template.fromStack(buildStack());

    // Act
    const table = onlyResourceOf(template, 'AWS::DynamoDB::Table');

    // Assess
    expect(table.Properties).toEqual({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'kind', AttributeType: 'S' },
        { AttributeName: 'updatedAt', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byKind',
          KeySchema: [
            { AttributeName: 'kind', KeyType: 'HASH' },
            { AttributeName: 'updatedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });

  it('outlives the stack: deleting the responder keeps the evidence', () => {
    // Prepare
    const template = Template.fromStack(buildStack());

    // Act
    const table = onlyResourceOf(template, 'AWS::DynamoDB::Table');

    // Assess
    expect([table.DeletionPolicy, table.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });
});
