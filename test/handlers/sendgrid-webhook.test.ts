/**
 * SendGrid's Event Webhook Lambda end to end: the real handler module behind a function URL event,
 * each batch signed as SendGrid signs it (ECDSA P-256 over the timestamp followed by the raw body,
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features),
 * events shaped as the Event Webhook reference shows them
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event), a DynamoDB-compatible
 * server (dynalite) for the store, SNS mocked.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';
import { functionUrlEvent } from './function-url-event';
import { type Handler as LambdaHandler, lambdaContext } from './lambda-context';

type Handler = LambdaHandler<{ statusCode: number; body: string }>;

const sns = mockClient(SNSClient);
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PUBLIC_KEY = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const context = lambdaContext('ato-responder-sendgrid', 15_000);
let db: LocalDynamoDb;
let table: string;
let handler: Handler;

/** A batch of `n` events: `bounced` bounces, `spam` spam reports, the rest deliveries. */
function batch(n: number, bounced: number, spam: number, from = 0): string {
  const events = Array.from({ length: n }, (_, i) => {
    const event = i < bounced ? 'bounce' : i < bounced + spam ? 'spamreport' : 'delivered';
    return {
      email: `user${i}@example.com`,
      timestamp: 1795316600 + i,
      'smtp-id': '<14c5d75ce93.dfd.64b469@ismtpd-555>',
      event,
      sg_event_id: `ev-${from + i}`,
      sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
      ...(event === 'bounce' ? { reason: '500 unknown recipient', status: '5.0.0', type: 'bounce' } : {}),
      ...(event === 'delivered' ? { response: '250 OK' } : {}),
    };
  });
  return JSON.stringify(events);
}

function signed(
  body: string,
  options: { timestamp?: string; key?: typeof privateKey; base64?: boolean } = {},
) {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = sign(
    'sha256',
    Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]),
    options.key ?? privateKey,
  );
  return functionUrlEvent({
    body,
    userAgent: 'SendGrid Event API',
    headers: {
      'content-type': 'application/json',
      'x-twilio-email-event-webhook-signature': signature.toString('base64'),
      'x-twilio-email-event-webhook-timestamp': timestamp,
    },
    ...(options.base64 ? { base64: true } : {}),
  });
}

async function storedItems(): Promise<number> {
  return (await db.client.send(new ScanCommand({ TableName: table }))).Items?.length ?? 0;
}

beforeAll(async () => {
  db = await startLocalDynamoDb();
  table = await db.createIncidentTable();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = table;
  process.env.ATO_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
  process.env.ATO_CONFIG = JSON.stringify({
    mode: 'enforce',
    sendgrid: { eventWebhook: { enabled: true, publicKey: PUBLIC_KEY, minEvents: 50 } },
  });
  const loaded: { handler: unknown } = await import('../../lambdas/handlers/sendgrid-webhook');
  handler = loaded.handler as Handler;
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
  await db.stop();
});

beforeEach(async () => {
  await db.emptyTable(table);
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'a1b2c3d4-0000-4000-8000-EXAMPLE00001' });
});

describe("SendGrid's Event Webhook Lambda", () => {
  it('opens an incident for a signed batch with a bounce spike, once even when SendGrid sends it again', async () => {
    // Prepare: 100 events, 12 bounced (above the 5% default).
    const body = batch(100, 12, 0);

    // Act
    const first = await handler(signed(body), context);
    const again = await handler(signed(body, { base64: true }), context);

    // Assess
    expect([first.statusCode, again.statusCode]).toEqual([200, 200]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBe(
      'ato-responder high: SendGrid: 12.0% of 100 deliveries bounced, 0.0% reported as spam',
    );
  });

  it('acknowledges a signed ordinary batch (200: SendGrid retries anything else) and records nothing', async () => {
    // Act
    const quiet = await handler(signed(batch(100, 2, 0)), context);
    const small = await handler(signed(batch(10, 10, 0)), context);

    // Assess
    expect([quiet.statusCode, small.statusCode]).toEqual([200, 200]);
    expect(await storedItems()).toBe(0);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it.each([
    ['a tampered body', () => ({ ...signed(batch(100, 12, 0)), body: batch(100, 13, 0) })],
    [
      'another key',
      () => signed(batch(100, 12, 0), { key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }),
    ],
    [
      'a replayed batch (10 minutes old)',
      () => signed(batch(100, 12, 0), { timestamp: String(Math.floor(Date.now() / 1000) - 600) }),
    ],
    [
      'no signature',
      () =>
        functionUrlEvent({
          body: batch(100, 12, 0),
          userAgent: 'SendGrid Event API',
          headers: { 'content-type': 'application/json' },
        }),
    ],
  ])('refuses %s with 403 and records nothing', async (_, event) => {
    // Act
    const response = await handler(event(), context);

    // Assess
    expect([response.statusCode, response.body]).toEqual([403, 'forbidden']);
    expect(await storedItems()).toBe(0);
    expect(sns).not.toHaveReceivedCommand(PublishCommand);
  });

  it('acknowledges, saying why, a signed body that is not an event batch (a retry would not mend it)', async () => {
    // Act
    const response = await handler(signed('{"event":"bounce"}'), context);

    // Assess
    expect([response.statusCode, response.body]).toEqual([200, expect.stringMatching(/array/)]);
    expect(await storedItems()).toBe(0);
  });
});
