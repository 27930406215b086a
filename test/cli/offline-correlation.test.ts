import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ato, fixturePath } from './run-cli';

const detail = (name: string): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(fixturePath(`cloudtrail/${name}.json`), 'utf8')) as {
      detail: Record<string, unknown>;
    }
  ).detail;
const time = (minute: number): string =>
  new Date(Date.UTC(2026, 10, 22, 3, minute)).toISOString().replace('.000', '');

function trail(records: Record<string, unknown>[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ato-offline-'));
  const path = join(dir, 'trail.jsonl');
  writeFileSync(path, records.map((r) => JSON.stringify(r)).join('\n'));
  return path;
}

function signIn(i: number, user: string, ip: string, result: 'Success' | 'Failure'): Record<string, unknown> {
  const base = detail(result === 'Success' ? 'console-login-with-mfa' : 'console-login-failed');
  return {
    ...base,
    eventID: `signin-${i}`,
    eventTime: time(i),
    sourceIPAddress: ip,
    userIdentity: { ...(base.userIdentity as object), userName: user },
    responseElements: { ConsoleLogin: result },
  };
}

const ruleIds = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { ruleId: string }).ruleId);

describe('ato detect, across records', () => {
  it('reports credential stuffing once, and the success of a stuffing address', async () => {
    // Prepare: 12 users fail from 6 addresses within 12 minutes, then carol gets in from one of them
    const records = Array.from({ length: 12 }, (_, i) => signIn(i, `u${i}`, `203.0.113.${i % 6}`, 'Failure'));
    records.push(signIn(14, 'carol', '203.0.113.4', 'Success'));

    // Act
    const run = await ato(['detect', trail(records)]);

    // Assess
    expect(ruleIds(run.stdout)).toEqual(['credential-stuffing', 'credential-stuffing.success']);
    expect(run.stdout).toContain(
      '"summary":"console sign-in of carol from stuffing address 203.0.113.4 SUCCEEDED"',
    );
  });

  it('reports nothing for failures spread over hours', async () => {
    const records = Array.from({ length: 12 }, (_, i) =>
      signIn(i * 5, `u${i}`, `203.0.113.${i % 6}`, 'Failure'),
    );
    const run = await ato(['detect', trail(records)]);
    expect(ruleIds(run.stdout)).toEqual([]);
  });

  it('reports the back-door admin sequence of one key', async () => {
    // Prepare: the same key creates a user, makes it admin, gives it a key, within minutes
    const at = (name: string, minute: number) => ({
      ...detail(name),
      eventID: `seq-${minute}`,
      eventTime: time(minute),
    });
    const records = [
      at('create-user', 0),
      at('attach-user-policy-administrator-access', 2),
      at('create-access-key-for-other-user', 4),
    ];

    // Act
    const run = await ato(['detect', trail(records)]);

    // Assess
    expect(ruleIds(run.stdout)).toEqual([
      'persistence.create-user',
      'persistence.admin-policy',
      'persistence.access-key-for-another-user',
      'sequence.backdoor-admin',
    ]);
  });
});
