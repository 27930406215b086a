/**
 * The Twilio ports a Lambda builds from its secret (lambdas/core/twilio-secret.ts's JSON): each call
 * reads the secret as it is then, so a step after a token reset authenticates with the new token.
 * Against a loopback server answering as twilio_api_v2010.json FetchAccount / UpdateAccount do.
 */
import { ProviderError } from '../../../lambdas/core/ports';
import { twilioAdminFromSecret } from '../../../lambdas/providers/twilio/twilio-from-secret';
import { type LocalServer, startLocalServer } from '../http/local-server';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const SUBACCOUNT = `AC${'c'.repeat(32)}`;
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

const urls = () => ({
  api: server.baseUrl,
  voice: server.baseUrl,
  accounts: server.baseUrl,
  iam: server.baseUrl,
});
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('twilioAdminFromSecret', () => {
  it('authenticates each call with the credentials the secret holds at that moment', async () => {
    // Prepare
    let secret = JSON.stringify({ authToken: 'old-token' });
    server.route((r) =>
      r.method === 'GET'
        ? { status: 200, json: { sid: SUBACCOUNT, status: 'active' } }
        : { status: 200, json: {} },
    );
    const admin = twilioAdminFromSecret(ACCOUNT, () => Promise.resolve(secret), urls());

    // Act
    const status = await admin.subaccountStatus(SUBACCOUNT);
    secret = JSON.stringify({ authToken: 'new-token' });
    await admin.setSubaccountStatus(SUBACCOUNT, 'suspended');

    // Assert
    expect(status).toBe('active');
    expect(admin.accountSid).toBe(ACCOUNT);
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization, r.body])).toEqual([
      ['GET', `/2010-04-01/Accounts/${SUBACCOUNT}.json`, basic(ACCOUNT, 'old-token'), ''],
      ['POST', `/2010-04-01/Accounts/${SUBACCOUNT}.json`, basic(ACCOUNT, 'new-token'), 'Status=suspended'],
    ]);
  });

  it('uses the API key when the secret holds one', async () => {
    // Prepare
    const secret = JSON.stringify({
      authToken: 'token',
      apiKeySid: `SK${'1'.repeat(32)}`,
      apiKeySecret: 's3',
    });
    server.route(() => ({ status: 204 }));
    const admin = twilioAdminFromSecret(ACCOUNT, () => Promise.resolve(secret), urls());

    // Act
    await admin.deleteApiKey(`SK${'2'.repeat(32)}`);

    // Assert
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      [
        'DELETE',
        `/2010-04-01/Accounts/${ACCOUNT}/Keys/SK${'2'.repeat(32)}.json`,
        basic(`SK${'1'.repeat(32)}`, 's3'),
      ],
    ]);
  });

  it('refuses with a clear error, and calls nobody, while the secret holds no credentials', async () => {
    // Prepare
    const admin = twilioAdminFromSecret(ACCOUNT, () => Promise.resolve('not yet filled in'), urls());

    // Act
    const failure = admin.createSecondaryAuthToken();

    // Assert
    await expect(failure).rejects.toThrow(ProviderError);
    await expect(failure).rejects.toMatchObject({ code: 'NoCredentials', retryable: false });
    expect(server.requests).toEqual([]);
  });
});
