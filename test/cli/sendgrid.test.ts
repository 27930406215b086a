/**
 * `ato sendgrid audit` from a laptop: the key from SENDGRID_API_KEY, SendGrid a loopback server
 * (SENDGRID_API_BASE_URL) answering in the shapes of SendGrid's OpenAPI specs (api_keys, subusers,
 * teammates, ip_access_management).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalServer, startLocalServer } from '../providers/http/local-server';
import { ato } from './run-cli';

const KEY = 'SG.test-key-for-the-audit';
let server: LocalServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startLocalServer();
  env = { SENDGRID_API_KEY: KEY, SENDGRID_API_BASE_URL: server.baseUrl };
  server.route((r) => {
    const path = r.url.split('?')[0];
    const answers: Record<string, unknown> = {
      '/v3/api_keys': {
        result: [
          { name: 'production', api_key_id: 'known-key' },
          { name: 'x', api_key_id: 'rogue-key' },
        ],
      },
      '/v3/subusers': r.url.includes('offset=0')
        ? [
            { id: 1, username: 'newsletters', email: 'news@example.com', disabled: false },
            { id: 2, username: 'old', email: 'old@example.com', disabled: true },
          ]
        : [],
      '/v3/teammates': {
        result: [
          { username: 'jane', email: 'jane@example.com', is_admin: true, user_type: 'owner' },
          { username: 'helper', email: 'helper@example.net', is_admin: true, user_type: 'teammate' },
        ],
      },
      '/v3/teammates/pending': {
        result: [
          {
            email: 'invitee@example.org',
            scopes: ['mail.send'],
            is_admin: false,
            pending_id: 'abcd123abc',
            expiration_date: 1795316646,
          },
        ],
      },
      '/v3/access_settings/whitelist': { result: [] },
      '/v3/access_settings/activity': {
        result: [
          {
            allowed: true,
            auth_method: 'Web',
            first_at: 1795316000,
            ip: '203.0.113.50',
            last_at: 1795316646,
            location: 'Somewhere',
          },
        ],
      },
    };
    return path && path in answers ? { status: 200, json: answers[path] } : undefined;
  });
});
afterAll(() => server.stop());

describe('ato sendgrid audit', () => {
  it('reports unknown keys, enabled subusers, unknown teammates, invites and open IP access, with the key as Bearer', async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'ato-sendgrid-'));
    writeFileSync(
      join(cwd, 'config.json'),
      JSON.stringify({ sendgrid: { knownApiKeys: ['known-key'], knownTeammates: ['jane'] } }),
    );

    // Act
    const run = await ato(['sendgrid', 'audit', '--config', 'config.json'], cwd, env);

    // Assess
    expect([run.code, run.stdout.split('\n')]).toEqual([
      0,
      [
        'SendGrid: 2 API key(s), 2 subuser(s), 2 teammate(s), 1 pending invite(s), 0 allowed IP range(s); 6 finding(s)',
        '  - API key rogue-key "x" is not in sendgrid.knownApiKeys',
        '  - subuser newsletters <news@example.com> is enabled',
        '  - teammate helper <helper@example.net> (admin) is not in sendgrid.knownTeammates',
        '  - pending teammate invite to invitee@example.org',
        '  - IP access management is off: every address may log in',
        '  - recent logins allowed from 203.0.113.50 (Somewhere)',
      ],
    ]);
    expect(new Set(server.requests.map((r) => r.headers.authorization))).toEqual(new Set([`Bearer ${KEY}`]));
    expect(server.requests.map((r) => r.url).sort()).toEqual([
      '/v3/access_settings/activity?limit=20',
      '/v3/access_settings/whitelist',
      '/v3/api_keys?limit=1000',
      '/v3/subusers?limit=500&offset=0',
      '/v3/teammates/pending',
      '/v3/teammates?limit=500&offset=0',
    ]);
  });

  it('exits 2 without a key', async () => {
    const run = await ato(['sendgrid', 'audit']);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([
      2,
      'ato: set SENDGRID_API_KEY to a key of the account to audit',
    ]);
  });
});
