/**
 * The Twilio webhook Lambda end to end: the real handler module behind a function URL event
 * (payload 2.0, https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads),
 * signed as Twilio signs (https://www.twilio.com/docs/usage/webhooks/webhooks-security), a
 * DynamoDB-compatible server (dynalite) for the store, Secrets Manager and SNS mocked.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { BODY, SECRET_ARN, TOKEN, context, request } from './twilio-request';
import type { Handler as LambdaHandler } from './lambda-context';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';

type Response = { statusCode: number; body: string };
type Handler = LambdaHandler<Response>;

const secrets = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
let db: LocalDynamoDb;
let table: string;
let handler: Handler;

async function storedItems(): Promise<number> {
  return (await db.client.send(new ScanCommand({ TableName: table }))).Items?.length ?? 0;
}

beforeAll(async () => {
  db = await startLocalDynamoDb();
  table = await db.createIncidentTable();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = table;
  process.env.ATO_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
  process.env.ATO_TWILIO_SECRET_ARN = SECRET_ARN;
  process.env.ATO_CONFIG = JSON.stringify({ mode: 'enforce', twilio: { enabled: true } });
  const loaded: { handler: unknown } = await import('../../lambdas/handlers/twilio-webhook');
  handler = loaded.handler as Handler;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  delete process.env.ATO_TWILIO_SECRET_ARN;
  await db.stop();
});

beforeEach(async () => {
  await db.emptyTable(table);
  secrets.reset();
  sns.reset();
  secrets
    .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
    .resolves({ SecretString: JSON.stringify({ authToken: TOKEN }) });
  sns.on(PublishCommand).resolves({ MessageId: 'a1b2c3d4-0000-4000-8000-EXAMPLE00001' });
});

describe('the Twilio webhook Lambda', () => {
  it('records an incident and tells people once for a signed usage-trigger callback, even delivered twice', async () => {
    // Act
    const first = await handler(request(), context);
    const again = await handler(request({ base64: true }), context);

    // Assess
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const published = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(published?.Subject).toBe(
      'ato-responder high: Twilio totalprice spend reached 412.37 (trigger at 100.00) on account ACaaaa...',
    );
    expect(published?.Message).toContain(`Incident ato-`);
  });

  it.each([
    ['a forged signature', request({ signature: 'bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==' })],
    ['no signature', request({ signature: null })],
    ['a signature made with another token', request({ token: 'someone-elses-token' })],
    ['a signature over another URL', request({ signedUrl: 'https://attacker.example/' })],
    ['a tampered body', { ...request(), body: BODY.replace('412.37', '4.37') }],
  ])('refuses %s with 403 and records nothing', async (_case, event) => {
    // Act
    const response = await handler(event, context);

    // Assess
    expect([response.statusCode, response.body]).toEqual([403, 'forbidden']);
    expect(await storedItems()).toBe(0);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('answers 400, saying why, for a GET or a signed body that is no usage-trigger callback, and records nothing', async () => {
    // Act
    const get = await handler(request({ method: 'GET' }), context);
    const other = await handler(request({ body: 'CallSid=CA1&CallStatus=completed' }), context);

    // Assess
    expect([get.statusCode, other.statusCode, other.body]).toEqual([
      400,
      400,
      'usage-trigger callback without a valid AccountSid (AC + 32 hex)',
    ]);
    expect(await storedItems()).toBe(0);
  });
  it('accepts a callback signed with a token rotated since the secret was cached, reading it again at most every 5 s', async () => {
    // Prepare: a fresh cache of the old secret (6 minutes on), then the token rotated elsewhere.
    const fakeNow = (offset: number) =>
      jest.useFakeTimers({
        now: start + offset,
        doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
      });
    const start = Date.now();
    fakeNow(6 * 60_000);
    await handler(request({ signature: 'Zm9yZ2Vk' }), context);
    secrets.reset();
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({
      SecretString: JSON.stringify({
        authToken: 'rotated-token',
        previousAuthToken: TOKEN,
        previousValidUntil: new Date(start + 7 * 60_000).toISOString(),
      }),
    });

    // Act
    fakeNow(6 * 60_000 + 3_000);
    const tooSoon = await handler(request({ token: 'rotated-token' }), context);
    fakeNow(6 * 60_000 + 6_000);
    const later = await handler(request({ token: 'rotated-token' }), context);
    const forged = await handler(request({ signature: 'Zm9yZ2Vk' }), context);
    jest.useRealTimers();

    // Assess
    expect([tooSoon.statusCode, later.statusCode, forged.statusCode]).toEqual([403, 200, 403]);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  // Last: the container keeps this secret value cached for 5 minutes of (fake) time.
  it('refuses everything while the secret does not hold a token yet (as deployed)', async () => {
    // Prepare: the stack creates the secret with a random value, not JSON.
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET_ARN })
      .resolves({ SecretString: 'x7#Lq9!vR2@pT5^w' });
    jest.useFakeTimers({
      now: Date.now() + 20 * 60_000,
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });

    // Act
    const response = await handler(request(), context);
    jest.useRealTimers();

    // Assess
    expect(response.statusCode).toBe(403);
  });
});
