/**
 * The scheduled audit Lambda end to end: the real handler module, SendGrid's v3 API answered by a
 * loopback server in the shapes of its OpenAPI specs (SENDGRID_API_BASE_URL pointed at it), the API
 * key from a mocked Secrets Manager, a DynamoDB-compatible server (dynalite) for the snapshots and
 * incidents, SNS mocked.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';
import { type LocalServer, startLocalServer } from '../providers/http/local-server';
import { type Handler as LambdaHandler, lambdaContext } from './lambda-context';

type Audit = { provider: string; result: string; changes: number; incidentId?: string };
type Handler = LambdaHandler<Audit[]>;

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ato-responder-sendgrid-AbCdEf';
const secrets = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
const context = lambdaContext('ato-responder-scheduled-audit', 300_000);
/** The Scheduled Event EventBridge delivers (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html). */
const SCHEDULED = {
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-11-22T03:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/ato-responder-scheduled-audit'],
  detail: {},
};
let db: LocalDynamoDb;
let server: LocalServer;
let handler: Handler;
let keys: { api_key_id: string; name: string }[];

beforeAll(async () => {
  db = await startLocalDynamoDb();
  server = await startLocalServer();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = await db.createIncidentTable();
  process.env.ATO_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
  process.env.ATO_SENDGRID_SECRET_ARN = SECRET_ARN;
  process.env.SENDGRID_API_BASE_URL = server.baseUrl;
  process.env.ATO_CONFIG = JSON.stringify({ mode: 'enforce', sendgrid: { enabled: true } });
  const loaded: { handler: unknown } = await import('../../lambdas/handlers/scheduled-audit');
  handler = loaded.handler as Handler;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.ATO_SENDGRID_SECRET_ARN;
  delete process.env.SENDGRID_API_BASE_URL;
  await Promise.all([db.stop(), server.stop()]);
});

beforeEach(() => {
  secrets.reset();
  sns.reset();
  server.reset();
  keys = [{ api_key_id: 'responderKey1', name: 'ato-responder audit' }];
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({
    SecretString: JSON.stringify({ apiKey: 'SG.responderKey1.c2VjcmV0LXBhcnQ' }),
  });
  sns.on(PublishCommand).resolves({ MessageId: 'a1b2c3d4-0000-4000-8000-EXAMPLE00001' });
  server.route((r) => {
    const path = r.url.split('?')[0];
    if (path === '/v3/api_keys') return { status: 200, json: { result: keys } };
    if (path === '/v3/subusers') return { status: 200, json: [] };
    if (path === '/v3/teammates')
      return {
        status: 200,
        json: {
          result: [{ username: 'jane', email: 'jane@example.com', is_admin: true, user_type: 'owner' }],
        },
      };
    if (path === '/v3/teammates/pending') return { status: 200, json: { result: [] } };
    if (path === '/v3/access_settings/whitelist') return { status: 200, json: { result: [] } };
    if (path === '/v3/access_settings/activity') return { status: 200, json: { result: [] } };
    return undefined;
  });
});

describe('the scheduled audit Lambda', () => {
  it('learns on its first run, then opens an incident for a key added since, with the responder’s key sent as Bearer', async () => {
    // Act
    const first = await handler(SCHEDULED, context);
    keys.push({ api_key_id: 'x9Yz', name: 'backup' });
    const second = await handler(SCHEDULED, context);

    // Assess
    expect(first).toEqual([{ provider: 'sendgrid', account: 'sendgrid', result: 'baseline', changes: 0 }]);
    expect(second.map((a) => [a.provider, a.result, a.changes, typeof a.incidentId])).toEqual([
      ['sendgrid', 'responded', 1, 'string'],
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const message = sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    expect(message).toContain('SendGrid: 1 new since the last scheduled audit: apiKeys x9Yz');
    expect(message).not.toContain('responderKey1"');
    expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer SG.responderKey1.c2VjcmV0LXBhcnQ']),
    );
  });

  // Last: the container keeps this secret value cached for 5 minutes of (fake) time.
  it('reads nothing and does not fail (no error alarm on a first deploy) while the secret holds no key', async () => {
    // Prepare: the stack creates the secret with a random value.
    secrets.reset();
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'x7#Lq9!vR2@pT5^w' });
    jest.useFakeTimers({
      now: Date.now() + 10 * 60_000,
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });

    // Act
    const audits = await handler(SCHEDULED, context);
    jest.useRealTimers();

    // Assess
    expect(audits.map((a) => [a.provider, a.result])).toEqual([['sendgrid', 'not-set-up']]);
    expect(server.requests).toEqual([]);
  });
});
