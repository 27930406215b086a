/**
 * The SendGrid ports a Slack-approved removal runs with: built from the approver key's own secret
 * (lambdas/core/sendgrid-secret.ts's format), none while that secret holds no key. Against a loopback
 * server answering as tsg_api_keys_v3.json DeleteApiKey does (204).
 */
import { sendGridAdminFromSecret } from '../../../lambdas/providers/sendgrid/sendgrid-ports';
import { type LocalServer, startLocalServer } from '../http/local-server';

const APPROVER_KEY = 'SG.approverKey01.secretpart';
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

describe('sendGridAdminFromSecret', () => {
  it('deletes with the approver key, which it knows as its own and never deletes', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));
    const { sendGridAdmin, sendGridAudit } = sendGridAdminFromSecret(
      JSON.stringify({ apiKey: APPROVER_KEY }),
      server.baseUrl,
    );
    if (!sendGridAdmin || !sendGridAudit) throw new Error('expected both ports');

    // Act
    await sendGridAdmin.deleteApiKey('rogueKey02');
    const own = sendGridAdmin.deleteApiKey('approverKey01');

    // Assess
    await expect(own).rejects.toMatchObject({ code: 'OwnKey' });
    expect(sendGridAdmin.ownKeyId).toBe('approverKey01');
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['DELETE', '/v3/api_keys/rogueKey02', `Bearer ${APPROVER_KEY}`],
    ]);
  });

  it.each([
    ['the random value the stack put there', 'q8#Xv9,Lw2!pR7zT'],
    ['an empty JSON object', '{}'],
    ['a key of another shape', JSON.stringify({ apiKey: 'not-a-sendgrid-key' })],
  ])('gives no ports while the secret holds %s', (_, secret) => {
    // Act
    const ports = sendGridAdminFromSecret(secret, server.baseUrl);

    // Assess
    expect(ports).toEqual({});
  });
});
