/**
 * The Twilio webhook Lambda with a country list: a signed usage-trigger callback closes voice dialing
 * outside the allowed countries through Twilio's API — here a loopback server standing in for
 * voice.twilio.com (TWILIO_VOICE_BASE_URL), answering in the Voice v1 OpenAPI shapes — with the API
 * key from the secret.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { LocalDynamoDb } from '../providers/aws/dynalite-server';
import { startLocalDynamoDb } from '../providers/aws/dynalite-server';
import { type LocalServer, startLocalServer } from '../providers/http/local-server';
import { twilioListings } from '../providers/twilio/twilio-listings';
import { SECRET_ARN, TOKEN, context, request } from './twilio-request';
import type { Handler as LambdaHandler } from './lambda-context';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const KEY_SID = `SK${'c'.repeat(32)}`;
type Handler = LambdaHandler<{ statusCode: number }>;

const secrets = mockClient(SecretsManagerClient);
const sns = mockClient(SNSClient);
let db: LocalDynamoDb;
let twilio: LocalServer;
let handler: Handler;

const country = (iso: string, enabled: boolean) => ({
  iso_code: iso,
  low_risk_numbers_enabled: enabled,
  high_risk_special_numbers_enabled: false,
  high_risk_tollfraud_numbers_enabled: enabled,
});

beforeAll(async () => {
  db = await startLocalDynamoDb();
  twilio = await startLocalServer();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = db.endpointUrl;
  process.env.ATO_TABLE_NAME = await db.createIncidentTable();
  process.env.ATO_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
  process.env.ATO_TWILIO_SECRET_ARN = SECRET_ARN;
  process.env.TWILIO_VOICE_BASE_URL = twilio.baseUrl;
  process.env.TWILIO_ACCOUNTS_BASE_URL = twilio.baseUrl;
  process.env.TWILIO_API_BASE_URL = twilio.baseUrl;
  process.env.TWILIO_IAM_BASE_URL = twilio.baseUrl;
  process.env.ATO_CONFIG = JSON.stringify({
    mode: 'enforce',
    twilio: { enabled: true, accountSid: ACCOUNT, allowedCountries: ['US'] },
  });
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({
    SecretString: JSON.stringify({ authToken: TOKEN, apiKeySid: KEY_SID, apiKeySecret: 'key-secret' }),
  });
  sns.on(PublishCommand).resolves({ MessageId: 'a1b2c3d4-0000-4000-8000-EXAMPLE00001' });
  twilio.route((r) => {
    const listed = twilioListings({})(r);
    if (listed) return listed;
    if (r.url.startsWith('/v1/DialingPermissions/Countries'))
      return {
        status: 200,
        json: {
          content: [country('US', true), country('GB', true), country('FR', false)],
          meta: { next_page_url: null },
        },
      };
    if (r.url.startsWith('/v1/DialingPermissions/BulkCountryUpdates'))
      return { status: 201, json: { update_count: 1, update_request: 'accepted' } };
    if (r.method === 'GET')
      return {
        status: 200,
        json: {
          permissions: [
            { country_code: 'US', type: 'country', enabled: true, prefix: '+1', message: '' },
            {
              country_code: 'NG',
              type: 'country',
              enabled: true,
              prefix: '+234',
              message: 'High Risk Country',
            },
          ],
        },
      };
    return {
      status: 200,
      json: {
        permissions: [
          { country_code: 'NG', type: 'country', enabled: false, error_code: 0, error_messages: [] },
        ],
      },
    };
  });
  const loaded: { handler: unknown } = await import('../../lambdas/handlers/twilio-webhook');
  handler = loaded.handler as Handler;
});

afterAll(async () => {
  for (const name of [
    'AWS_ENDPOINT_URL_DYNAMODB',
    'ATO_TWILIO_SECRET_ARN',
    'TWILIO_VOICE_BASE_URL',
    'TWILIO_ACCOUNTS_BASE_URL',
    'TWILIO_API_BASE_URL',
    'TWILIO_IAM_BASE_URL',
  ])
    delete process.env[name];
  await twilio.stop();
  await db.stop();
});

describe('the Twilio webhook Lambda with allowed countries', () => {
  it("closes every other country's voice dialing and SMS with the API key, audits the account, then answers 200", async () => {
    // Act
    const response = await handler(request(), context);

    // Assess
    expect(response.statusCode).toBe(200);
    const auth = `Basic ${Buffer.from(`${KEY_SID}:key-secret`).toString('base64')}`;
    const calls = twilio.requests.map((r) => [
      r.method,
      r.url.replace(ACCOUNT, 'AC…'),
      r.headers.authorization,
    ]);
    expect(calls.slice(0, 4)).toEqual([
      ['GET', '/v1/DialingPermissions/Countries?PageSize=250', auth],
      ['POST', '/v1/DialingPermissions/BulkCountryUpdates', auth],
      ['GET', '/v1/Messaging/GeoPermissions', auth],
      ['PATCH', '/v1/Messaging/GeoPermissions', auth],
    ]);
    // Then the audit, read-only, its listings in parallel.
    expect(calls.slice(4).sort()).toEqual([
      ['GET', '/2010-04-01/Accounts.json?PageSize=1000', auth],
      ['GET', '/2010-04-01/Accounts/AC…/IncomingPhoneNumbers.json?PageSize=1000', auth],
      ['GET', '/2010-04-01/Accounts/AC…/Keys.json?PageSize=1000', auth],
      ['GET', '/2010-04-01/Accounts/AC…/OutgoingCallerIds.json?PageSize=1000', auth],
      ['GET', '/v1/Keys?AccountSid=AC…&PageSize=1000', auth],
    ]);
    expect(new URLSearchParams(twilio.requests[3]?.body).getAll('Permissions')).toEqual([
      '{"country_code":"NG","type":"country","enabled":false}',
    ]);
    expect(JSON.parse(new URLSearchParams(twilio.requests[1]?.body).get('UpdateRequest') ?? '')).toEqual([
      {
        iso_code: 'GB',
        low_risk_numbers_enabled: 'false',
        high_risk_special_numbers_enabled: 'false',
        high_risk_tollfraud_numbers_enabled: 'false',
      },
    ]);
  });
});
