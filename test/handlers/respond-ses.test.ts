/**
 * The responder Lambda watching SES, end to end: the real handler module with SES, the failover flag
 * and the suspects configured, a DynamoDB-compatible server (dynalite) for the store, and SES v2,
 * SSM, IAM and SNS answered by aws-sdk-client-mock with their API references' shapes.
 */
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutAccountSendingAttributesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { loadFixture, withField } from '../sources/fixtures';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';
import { type Handler, lambdaContext } from './lambda-context';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/AtoResponder-LeakedKeyResponderPermissionsRole';
const FLAG = '/ato-responder/email/provider';
const context = lambdaContext('ato-responder', 60_000);

const ses = mockClient(SESv2Client);
const ssm = mockClient(SSMClient);
const iam = mockClient(IAMClient);
const sns = mockClient(SNSClient);
let db: LocalDynamoDb;
let table: string;
let handler: Handler;
/** Every AWS call the function made, across services, in order. */
let calls: string[];

beforeAll(async () => {
  db = await startLocalDynamoDb();
  table = await db.createIncidentTable();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = table;
  process.env.ATO_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
  process.env.ATO_ACCOUNT_ID = '123456789012';
  process.env.ATO_ROLE_ARN = ROLE_ARN;
  process.env.ATO_CONFIG = JSON.stringify({
    mode: 'enforce',
    ses: { regions: ['us-east-1'], failoverFlag: { parameterName: FLAG } },
  });
  ({ handler } = await import('../../lambdas/handlers/respond'));
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.ATO_ROLE_ARN;
  await db.stop();
});

beforeEach(async () => {
  await db.emptyTable(table);
  calls = [];
  for (const mock of [ses, ssm, iam, sns]) mock.reset();
  ses
    .on(PutAccountSendingAttributesCommand)
    .callsFake(() => (calls.push('ses:PutAccountSendingAttributes'), {}));
  ssm.on(GetParameterCommand).callsFake(() => {
    calls.push('ssm:GetParameter');
    throw new ParameterNotFound({ message: '', $metadata: { httpStatusCode: 400 } });
  });
  ssm.on(PutParameterCommand).callsFake(() => (calls.push('ssm:PutParameter'), { Version: 1 }));
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake(() => {
    calls.push('iam:GetAccountAuthorizationDetails');
    return { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], IsTruncated: false };
  });
  sns
    .on(PublishCommand)
    .callsFake(() => (calls.push('sns:Publish'), { MessageId: 'a1b2c3d4-0000-4000-8000-EXAMPLE00001' }));
});

describe('the responder Lambda watching SES', () => {
  it('pauses sending as its first call on a bounce-rate alarm, then raises the flag, looks for senders and notifies', async () => {
    // Act
    await handler(loadFixture('cloudwatch/ses-bounce-rate-alarm.json'), context);

    // Assess
    expect(calls).toEqual([
      'ses:PutAccountSendingAttributes',
      'ssm:GetParameter',
      'ssm:PutParameter',
      'iam:GetAccountAuthorizationDetails',
      'sns:Publish',
    ]);
    expect(ses).toHaveReceivedCommandWith(PutAccountSendingAttributesCommand, { SendingEnabled: false });
    expect(ssm).toHaveReceivedCommandWith(PutParameterCommand, {
      Name: FLAG,
      Value: 'backup',
      Type: 'String',
      Overwrite: true,
    });
  });

  it('takes its own pause, as CloudTrail reports it, for no detection', async () => {
    // Prepare: the pause above as CloudTrail records it, made by the function's role.
    const ownPause = withField(
      withField(
        loadFixture('cloudtrail/ses-update-account-sending-enabled.json'),
        ['detail', 'userIdentity'],
        {
          type: 'AssumedRole',
          principalId: 'AROA3XFRBF535EXAMPLE:ato-responder',
          arn: 'arn:aws:sts::123456789012:assumed-role/AtoResponder-LeakedKeyResponderPermissionsRole/ato-responder',
          accountId: '123456789012',
          accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
          sessionContext: { sessionIssuer: { type: 'Role', arn: ROLE_ARN, accountId: '123456789012' } },
        },
      ),
      ['detail', 'requestParameters'],
      { sendingEnabled: false },
    );

    const otherRole = withField(
      withField(
        ownPause,
        ['detail', 'userIdentity', 'sessionContext', 'sessionIssuer', 'arn'],
        'arn:aws:iam::123456789012:role/ops',
      ),
      ['detail', 'eventID'],
      '00002011-0c1d-4e2f-8a3b-00000000ffff',
    );

    // Act
    await handler(ownPause, context);
    const afterOwn = [...calls];
    await handler(otherRole, context);

    // Assess: the same call by another role is reported.
    expect([afterOwn, calls]).toEqual([[], ['sns:Publish']]);
  });
});
