/**
 * `ato approve` of a SendGrid removal from a laptop: the proposal made by the audit in the local
 * store (./.ato), the key in SENDGRID_API_KEY, SendGrid's v3 API a loopback server
 * (SENDGRID_API_BASE_URL) answering as its spec does (DeleteApiKey: 204).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { respondToSignal } from '../../lambdas/core/respond';
import { FileIncidentStore } from '../../lambdas/providers/file-store';
import { InMemorySendGrid } from '../../lambdas/providers/memory/sendgrid-account';
import { inventoryChangeSignal } from '../../lambdas/sources/inventory-change';
import { NOW, config } from '../core/builders';
import { harness } from '../core/harness';
import { type LocalServer, startLocalServer } from '../providers/http/local-server';
import { ato } from './run-cli';

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(() => server.stop());

/** An incident whose audit proposed deleting the key `x9Yz`, kept where `ato` looks in `cwd`. */
async function proposal(cwd: string): Promise<string> {
  const store = new FileIncidentStore(join(cwd, '.ato'));
  const account = new InMemorySendGrid({
    apiKeys: [{ id: 'x9Yz', name: 'backup' }],
    subusers: [],
    teammates: [],
    pendingInvites: [],
    allowedIps: [],
    access: [],
  });
  const { deps } = harness({ config: config() });
  const outcome = await respondToSignal(
    inventoryChangeSignal('sendgrid', 'sendgrid', [{ kind: 'apiKeys', id: 'x9Yz' }], NOW),
    { ...deps, store, sendGridAudit: account },
  );
  const id =
    outcome.status === 'handled'
      ? /ato approve (apr-\w+)/.exec(outcome.incident.escalations.join('\n'))?.[1]
      : undefined;
  if (!id) throw new Error('no proposal');
  return id;
}

describe('ato approve, for SendGrid', () => {
  it('deletes the key with the laptop’s key and records who approved it', async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'ato-cli-'));
    const approvalId = await proposal(cwd);
    server.route((r) =>
      r.method === 'DELETE' && r.url === '/v3/api_keys/x9Yz' ? { status: 204 } : undefined,
    );

    // Act
    const run = await ato(['approve', approvalId, '--by', 'jane@example.com'], cwd, {
      SENDGRID_API_KEY: 'SG.laptopKey.c2VjcmV0',
      SENDGRID_API_BASE_URL: server.baseUrl,
    });

    // Assess
    expect(run.code).toBe(0);
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['DELETE', '/v3/api_keys/x9Yz', 'Bearer SG.laptopKey.c2VjcmV0'],
    ]);
    expect(run.stdout).toContain(`${approvalId} approved`);
    expect(run.stdout).toContain('sendgrid.keys.delete-api-key');
  });

  it('says so, changing nothing, without a SendGrid key', async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'ato-cli-'));
    const approvalId = await proposal(cwd);
    server.reset();

    // Act
    const run = await ato(['approve', approvalId], cwd);

    // Assess
    expect(server.requests).toEqual([]);
    expect(run.stdout).toContain('no SendGrid access here (SENDGRID_API_KEY)');
  });
});
