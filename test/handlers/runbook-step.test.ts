/**
 * The runbooks' step Lambda end to end: the real handler module invoked with the state machines'
 * payloads (lib/runbooks.ts), a DynamoDB-compatible server (dynalite) holding the approved approval,
 * the Twilio and SendGrid APIs answered by a loopback server in the shapes of their OpenAPI specs
 * (twilio_api_v2010.json UpdateAccount; tsg_api_keys_v3.json DeleteApiKey), Secrets Manager mocked.
 * Slack is not set up here (no channel): the steps act and record without posting.
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { Action, PendingApproval } from '../../lambdas/core/action';
import type { StepResult } from '../../lambdas/core/runbook-steps';
import { DynamoDbIncidentStore } from '../../lambdas/providers/aws/dynamodb-store';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';
import { type LocalServer, startLocalServer } from '../providers/http/local-server';
import { anIncident } from '../providers/store-fixtures';
import { type Handler as LambdaHandler, lambdaContext } from './lambda-context';

type Handler = LambdaHandler<StepResult>;
const ACCOUNT_SID = `AC${'a'.repeat(32)}`;
const SUBACCOUNT_SID = `AC${'c'.repeat(32)}`;
const SECRET_ARN = (name: string) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`;
const TWILIO_SECRET = SECRET_ARN('ato-responder-twilio');
const APPROVER_SECRET = SECRET_ARN('ato-responder-sendgrid-approver');
const APPROVER_KEY = 'SG.approverKey01.secretpart';
const INCIDENT_ID = 'ato-20261122-1nhfqcb';
const secrets = mockClient(SecretsManagerClient);
const context = lambdaContext('ato-responder-runbook-steps', 240_000);
let db: LocalDynamoDb;
let server: LocalServer;
let store: DynamoDbIncidentStore;
let handler: Handler;

beforeAll(async () => {
  db = await startLocalDynamoDb();
  server = await startLocalServer();
  const table = await db.createIncidentTable();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = table;
  process.env.ATO_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
  process.env.ATO_SLACK_SECRET_ARN = SECRET_ARN('ato-responder-slack');
  process.env.ATO_TWILIO_SECRET_ARN = TWILIO_SECRET;
  process.env.ATO_SENDGRID_APPROVER_SECRET_ARN = APPROVER_SECRET;
  for (const service of ['API', 'VOICE', 'ACCOUNTS', 'IAM'])
    process.env[`TWILIO_${service}_BASE_URL`] = server.baseUrl;
  process.env.SENDGRID_API_BASE_URL = server.baseUrl;
  process.env.ATO_CONFIG = JSON.stringify({
    mode: 'enforce',
    twilio: { enabled: true, accountSid: ACCOUNT_SID },
    sendgrid: { enabled: true },
  });
  store = new DynamoDbIncidentStore(db.client, table);
  const loaded: { handler: unknown } = await import('../../lambdas/handlers/runbook-step');
  handler = loaded.handler as Handler;
});

afterAll(async () => {
  for (const name of [
    'AWS_ENDPOINT_URL_DYNAMODB',
    'ATO_SLACK_SECRET_ARN',
    'ATO_TWILIO_SECRET_ARN',
    'ATO_SENDGRID_APPROVER_SECRET_ARN',
    'TWILIO_API_BASE_URL',
    'TWILIO_VOICE_BASE_URL',
    'TWILIO_ACCOUNTS_BASE_URL',
    'TWILIO_IAM_BASE_URL',
    'SENDGRID_API_BASE_URL',
  ])
    delete process.env[name];
  await Promise.all([db.stop(), server.stop()]);
});

beforeEach(() => {
  secrets.reset();
  server.reset();
  secrets
    .on(GetSecretValueCommand, { SecretId: TWILIO_SECRET })
    .resolves({ SecretString: JSON.stringify({ authToken: 'token-one' }) })
    .on(GetSecretValueCommand, { SecretId: APPROVER_SECRET })
    .resolves({ SecretString: JSON.stringify({ apiKey: APPROVER_KEY }) });
});

/** An approval of `action` in a fresh incident, approved in Slack by U0000BOB. */
async function approved(id: string, action: Pick<Action, 'kind' | 'target'>): Promise<PendingApproval> {
  const incidentId = `${INCIDENT_ID.slice(0, -1)}${id}`;
  await store.openIncident(
    `test#${incidentId}`,
    anIncident({ id: incidentId, subjectKeys: [`test#${incidentId}`] }),
  );
  const approval = {
    approvalId: `apr-step-${id}`,
    incidentId,
    action: {
      ...action,
      id: `${incidentId}/0-${action.kind}`,
      incidentId,
      phase: 'investigation',
      mode: 'enforce',
      approval: 'required',
      reversible: false,
      reason: 'left behind by the intruder',
    } as Action,
    requestedAt: '2026-11-22T03:00:00.000Z',
    reason: 'left behind by the intruder',
    status: 'approved',
    decidedBy: 'slack:U0000BOB',
    decidedAt: '2026-11-22T03:05:00.000Z',
  } satisfies PendingApproval;
  await store.putApproval(approval);
  return approval;
}

describe('the runbook step Lambda', () => {
  it('suspends an approved Twilio subaccount with the credentials of the Twilio secret, and records it', async () => {
    // Prepare
    server.route((r) =>
      r.method === 'GET'
        ? { status: 200, json: { sid: SUBACCOUNT_SID, status: 'active' } }
        : { status: 200, json: { sid: SUBACCOUNT_SID, status: 'suspended' } },
    );
    const approval = await approved('1', {
      kind: 'twilio.account.suspend-subaccount',
      target: { accountSid: ACCOUNT_SID, subaccountSid: SUBACCOUNT_SID },
    });

    // Act
    const result = await handler(
      { step: 'execute', runbook: 'remove-rogue-principals', approvalId: approval.approvalId },
      context,
    );

    // Assess
    expect(result).toEqual({
      approvalId: approval.approvalId,
      outcome: 'carried-out',
      records: [{ kind: 'twilio.account.suspend-subaccount', status: 'done' }],
    });
    const auth = `Basic ${Buffer.from(`${ACCOUNT_SID}:token-one`).toString('base64')}`;
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization, r.body])).toEqual([
      ['GET', `/2010-04-01/Accounts/${SUBACCOUNT_SID}.json`, auth, ''],
      ['POST', `/2010-04-01/Accounts/${SUBACCOUNT_SID}.json`, auth, 'Status=suspended'],
    ]);
    const [record] = (await store.listActionRecords(approval.incidentId)).filter(
      (r) => r.approvalId === approval.approvalId,
    );
    expect(record).toMatchObject({ status: 'done', approvedBy: 'slack:U0000BOB' });
    // Read at each call, never cached across a token reset.
    expect(secrets.commandCalls(GetSecretValueCommand, { SecretId: TWILIO_SECRET })).toHaveLength(2);
    expect(secrets).not.toHaveReceivedCommand(PutSecretValueCommand);
  });

  // The approver key exists only in its own secret: the header shows where the key came from.
  it('deletes an approved SendGrid key with the approver key of its own secret', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));
    const approval = await approved('2', {
      kind: 'sendgrid.keys.delete-api-key',
      target: { keyId: 'rogueKey02', name: 'backup' },
    });

    // Act
    const result = await handler(
      { step: 'execute', runbook: 'remove-rogue-principals', approvalId: approval.approvalId },
      context,
    );

    // Assess
    expect(result.records).toEqual([{ kind: 'sendgrid.keys.delete-api-key', status: 'done' }]);
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['DELETE', '/v3/api_keys/rogueKey02', `Bearer ${APPROVER_KEY}`],
    ]);
  });

  it('refuses a payload that is not a runbook step, before reading anything', async () => {
    // Act
    const run = handler({ step: 'execute', runbook: 'no-such-runbook', approvalId: 'apr-1' }, context);

    // Assess
    await expect(run).rejects.toThrow(/^not a runbook step: /);
    expect(secrets).not.toHaveReceivedCommand(GetSecretValueCommand);
  });
});
