/**
 * SendGridAccountAdmin against a loopback server answering in the shapes of SendGrid's OpenAPI specs
 * (../shared/openapi/sendgrid/: tsg_api_keys_v3.json DeleteApiKey; tsg_subusers_v3.json ListSubuser
 * and UpdateSubuser; tsg_teammates_v3.json DeleteTeammate and DeletePendingTeammate;
 * tsg_ip_access_management_v3.json ListAllowedIp, AddIpToAllowList and DeleteAllowedIps).
 */
import { ProviderError } from '../../../lambdas/core/ports';
import { SendGridAccountAdmin } from '../../../lambdas/providers/sendgrid/account-admin';
import { SendGridHttp } from '../../../lambdas/providers/sendgrid/sendgrid-http';
import { type LocalServer, startLocalServer } from '../http/local-server';

const API_KEY = 'SG.ownKeyId123.secretpart';
let server: LocalServer;
let admin: SendGridAccountAdmin;

/** What the server saw, in the terms the assertions compare. */
const seen = () =>
  server.requests.map((r) => ({
    method: r.method,
    url: r.url,
    authorization: r.headers.authorization,
    contentType: r.headers['content-type'],
    body: r.body ? (JSON.parse(r.body) as unknown) : undefined,
  }));

const subuser = (username: string, disabled: boolean, id = 1234) => ({
  disabled,
  email: `${id}@example.com`,
  id,
  username,
});

beforeAll(async () => {
  server = await startLocalServer();
  admin = new SendGridAccountAdmin(new SendGridHttp(API_KEY, server.baseUrl));
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

describe('SendGridAccountAdmin', () => {
  it('knows the id of the key it calls with', () => {
    expect(admin.ownKeyId).toBe('ownKeyId123');
  });

  it('deletes an API key by its id, with the Bearer key', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));

    // Act
    await admin.deleteApiKey('leaked-key-id');

    // Assess
    expect(seen()).toEqual([
      {
        method: 'DELETE',
        url: '/v3/api_keys/leaked-key-id',
        authorization: `Bearer ${API_KEY}`,
        contentType: undefined,
        body: undefined,
      },
    ]);
  });

  it('refuses to delete the key it calls with, without a request', async () => {
    // Act
    const error: unknown = await admin.deleteApiKey('ownKeyId123').catch((e: unknown) => e);

    // Assess
    expect([
      error instanceof ProviderError && [error.code, error.retryable],
      (error as Error).message.endsWith('refusing to delete the API key these calls are made with'),
      server.requests,
    ]).toEqual([['OwnKey', false], true, []]);
  });

  it("reads a subuser's disabled flag from the exact username, not the first the prefix filter matches", async () => {
    // Prepare: the username filter is a case-insensitive "starts with" (sendgrid-oai#38).
    server.route(() => ({
      status: 200,
      json: [subuser('Bob', false, 1), subuser('bob2', false, 2), subuser('bob', true, 3)],
    }));

    // Act
    const disabled = await admin.subuserDisabled('bob');

    // Assess
    expect([disabled, seen()]).toEqual([
      true,
      [
        {
          method: 'GET',
          url: '/v3/subusers?username=bob&limit=500&offset=0',
          authorization: `Bearer ${API_KEY}`,
          contentType: undefined,
          body: undefined,
        },
      ],
    ]);
  });

  it('reads undefined for a subuser that does not exist', async () => {
    // Prepare
    server.route(() => ({ status: 200, json: [subuser('bobby', true)] }));

    // Act
    const disabled = await admin.subuserDisabled('bob');

    // Assess
    expect(disabled).toBeUndefined();
  });

  it('reads the next page while a full page holds no exact match', async () => {
    // Prepare
    const crowd = Array.from({ length: 500 }, (_, i) => subuser(`bob${i}`, false, i));
    server.route((r) => (r.url.endsWith('&offset=0') ? { status: 200, json: crowd } : undefined));
    server.route((r) =>
      r.url.endsWith('&offset=500') ? { status: 200, json: [subuser('bob', false, 999)] } : undefined,
    );

    // Act
    const disabled = await admin.subuserDisabled('bob');

    // Assess
    expect([disabled, server.requests.map((r) => r.url)]).toEqual([
      false,
      ['/v3/subusers?username=bob&limit=500&offset=0', '/v3/subusers?username=bob&limit=500&offset=500'],
    ]);
  });

  it('disables a subuser with a JSON PATCH', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));

    // Act
    await admin.setSubuserDisabled('example_subuser', true);

    // Assess
    expect(seen()).toEqual([
      {
        method: 'PATCH',
        url: '/v3/subusers/example_subuser',
        authorization: `Bearer ${API_KEY}`,
        contentType: 'application/json',
        body: { disabled: true },
      },
    ]);
  });

  it('deletes a teammate and a pending invite', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));

    // Act
    await admin.deleteTeammate('teammate1');
    await admin.deletePendingInvite('abcd123abc');

    // Assess
    expect(seen()).toEqual([
      {
        method: 'DELETE',
        url: '/v3/teammates/teammate1',
        authorization: `Bearer ${API_KEY}`,
        contentType: undefined,
        body: undefined,
      },
      {
        method: 'DELETE',
        url: '/v3/teammates/pending/abcd123abc',
        authorization: `Bearer ${API_KEY}`,
        contentType: undefined,
        body: undefined,
      },
    ]);
  });

  it('encodes usernames and tokens as one path segment each', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));
    server.route((r) => (r.method === 'GET' ? { status: 200, json: [] } : undefined));

    // Act
    await admin.setSubuserDisabled('evil/../user name', true);
    await admin.deleteTeammate('evil/../user name');
    await admin.deletePendingInvite('to/ken ?x');
    await admin.deleteApiKey('key/../id');
    await admin.subuserDisabled('a&limit=1 b');

    // Assess
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PATCH /v3/subusers/evil%2F..%2Fuser%20name',
      'DELETE /v3/teammates/evil%2F..%2Fuser%20name',
      'DELETE /v3/teammates/pending/to%2Fken%20%3Fx',
      'DELETE /v3/api_keys/key%2F..%2Fid',
      'GET /v3/subusers?username=a%26limit%3D1%20b&limit=500&offset=0',
    ]);
  });

  it.each(['', '.', '..'])(
    'refuses the name %j, which no path segment can carry, without a request',
    async (name) => {
      // Act
      const errors: unknown[] = await Promise.all([
        admin.deleteTeammate(name).catch((e: unknown) => e),
        admin.setSubuserDisabled(name, true).catch((e: unknown) => e),
        admin.deletePendingInvite(name).catch((e: unknown) => e),
        admin.deleteApiKey(name).catch((e: unknown) => e),
      ]);

      // Assess
      expect([errors.map((e) => e instanceof ProviderError && e.code), server.requests]).toEqual([
        ['InvalidName', 'InvalidName', 'InvalidName', 'InvalidName'],
        [],
      ]);
    },
  );

  it('reads the allow list as rules with their ids, skipping malformed entries', async () => {
    // Prepare: ListAllowedIp's example, plus entries missing an id or an ip.
    server.route((r) =>
      r.method === 'GET' && r.url === '/v3/access_settings/whitelist'
        ? {
            status: 200,
            json: {
              result: [
                { id: 1, ip: '192.168.1.1/32', created_at: 1441824715, updated_at: 1441824715 },
                { id: 2, ip: '192.168.1.2/32', created_at: 1441824715, updated_at: 1441824715 },
                { ip: '10.0.0.1/32' },
                { id: '4', ip: '10.0.0.2/32' },
                { id: 5 },
                null,
                { id: 3, ip: '192.168.1.3/32', created_at: 1441824715, updated_at: 1441824715 },
              ],
            },
          }
        : undefined,
    );

    // Act
    const rules = await admin.ipRules();

    // Assess
    expect(rules).toEqual([
      { id: 1, ip: '192.168.1.1/32' },
      { id: 2, ip: '192.168.1.2/32' },
      { id: 3, ip: '192.168.1.3/32' },
    ]);
  });

  it('reads an empty allow list from an answer without a result', async () => {
    // Prepare
    server.route(() => ({ status: 200, json: {} }));

    // Act
    const rules = await admin.ipRules();

    // Assess
    expect(rules).toEqual([]);
  });

  it('adds IPs to the allow list in one POST', async () => {
    // Prepare: AddIpToAllowList answers 201 with the rules.
    server.route(() => ({
      status: 201,
      json: { result: [{ id: 7, ip: '203.0.113.5/32', created_at: 1441824715, updated_at: 1441824715 }] },
    }));

    // Act
    await admin.addIpRules(['203.0.113.5', '198.51.100.0/24']);

    // Assess
    expect(seen()).toEqual([
      {
        method: 'POST',
        url: '/v3/access_settings/whitelist',
        authorization: `Bearer ${API_KEY}`,
        contentType: 'application/json',
        body: { ips: [{ ip: '203.0.113.5' }, { ip: '198.51.100.0/24' }] },
      },
    ]);
  });

  it('removes rules from the allow list by id in one DELETE with a body', async () => {
    // Prepare
    server.route(() => ({ status: 204 }));

    // Act
    await admin.deleteIpRules([1, 3]);

    // Assess
    expect(seen()).toEqual([
      {
        method: 'DELETE',
        url: '/v3/access_settings/whitelist',
        authorization: `Bearer ${API_KEY}`,
        contentType: 'application/json',
        body: { ids: [1, 3] },
      },
    ]);
  });

  it('sends nothing to add or remove an empty list', async () => {
    // Act
    await admin.addIpRules([]);
    await admin.deleteIpRules([]);

    // Assess
    expect(server.requests).toEqual([]);
  });

  it("reports SendGrid's refusal of a write as a ProviderError naming the call", async () => {
    // Prepare: DeleteTeammate's 404 example.
    server.route(() => ({
      status: 404,
      json: { errors: [{ message: 'username not found', field: 'username' }] },
    }));

    // Act
    const error: unknown = await admin.deleteTeammate('ghost').catch((e: unknown) => e);

    // Assess
    expect(
      error instanceof ProviderError && [
        error.call,
        error.code,
        error.message.includes('username not found'),
        error.retryable,
      ],
    ).toEqual(['sendgrid:DELETE /v3/teammates/ghost', 'HTTP404', true, false]);
  });
});
