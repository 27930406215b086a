import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ato, fixturePath } from './run-cli';

const detail = (name: string): unknown =>
  (JSON.parse(readFileSync(fixturePath(`cloudtrail/${name}.json`), 'utf8')) as { detail: unknown }).detail;

describe('ato detect', () => {
  it('prints one JSON line per detection and the counts per rule on stderr, from a gzipped S3 log file', async () => {
    // Prepare: a CloudTrail log file as delivered to S3, gzipped
    const dir = mkdtempSync(join(tmpdir(), 'ato-detect-'));
    const path = join(dir, '123456789012_CloudTrail_us-east-1_20261122T0245Z_EXAMPLE.json.gz');
    const records = ['create-user', 'cloudtrail-stop-logging', 'console-login-with-mfa'].map(detail);
    writeFileSync(path, gzipSync(JSON.stringify({ Records: records })));

    // Act
    const run = await ato(['detect', path]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        eventId: 'c5e7a9c1-e3b5-4d7f-9a1c-3e5b7d9f1a3c',
        ruleId: 'persistence.create-user',
        severity: 'medium',
        subject: 'AKIAIOSFODNN7EXAMPLE',
        summary: 'alice created IAM user backup-admin (key AKIAIOSFODNN7EXAMPLE from 198.51.100.7)',
      },
      {
        eventId: '0000200a-0c1d-4e2f-8a3b-00000000200a',
        ruleId: 'defense-evasion.cloudtrail-stop-logging',
        severity: 'high',
        subject: 'AKIAIOSFODNN7EXAMPLE',
        summary:
          'alice stopped logging of trail arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
      },
    ]);
    expect(run.stderr).toBe(
      '3 records read; 2 detections\n  defense-evasion.cloudtrail-stop-logging: 1\n  persistence.create-user: 1',
    );
  });

  it('reads a hand-saved EventBridge envelope', async () => {
    const run = await ato(['detect', fixturePath('cloudtrail/create-user.json')]);
    expect(run.stdout.split('\n').map((l) => (JSON.parse(l) as { ruleId: string }).ruleId)).toEqual([
      'persistence.create-user',
    ]);
  });

  it('names an unreadable line and exits 1, after reading the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ato-detect-'));
    const path = join(dir, 'trail.jsonl');
    writeFileSync(path, `${JSON.stringify(detail('create-user'))}\n{"eventID": \n`);
    const run = await ato(['detect', path]);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toMatch(/^ato: .*trail\.jsonl:2: line 2 is not JSON: /);
    expect(run.stdout.split('\n')).toHaveLength(1);
  });

  it('exits 1 naming a file that cannot be read, and 2 without files', async () => {
    expect(await ato(['detect', '/nonexistent/trail.json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ato: /nonexistent/trail.json: ENOENT',
    });
    expect((await ato(['detect'])).code).toBe(2);
  });
});
