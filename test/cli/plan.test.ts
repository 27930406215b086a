import { ato, fixturePath } from './run-cli';

describe('ato plan', () => {
  it('prints the plan for one event as JSON without calling AWS', async () => {
    // Act
    const run = await ato(['plan', '--event', fixturePath('health/credentials-exposed.json'), '--json']);

    // Assess
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown> & { actions: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['signals', 'incident', 'actions', 'skipped']);
    expect(out.actions.map((a) => [a.kind, a.mode, a.approval])).toEqual([
      ['aws.iam.deactivate-access-key', 'dry-run', 'auto'],
      ['aws.iam.snapshot-principal', 'dry-run', 'auto'],
      ['aws.iam.revoke-older-sessions', 'dry-run', 'auto'],
      ['aws.iam.attach-deny-all', 'dry-run', 'required'],
      ['notify.incident', 'dry-run', 'auto'],
    ]);
    expect(out.actions[0]).toEqual({
      kind: 'aws.iam.deactivate-access-key',
      target: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'alice' },
      mode: 'dry-run',
      approval: 'auto',
      reason:
        'AWS_RISK_CREDENTIALS_EXPOSED: deactivate exactly the leaked key (never delete it, never another key)',
    });
  });

  it('says why an event yields no signal', async () => {
    const run = await ato(['plan', '--event', fixturePath('cloudtrail/create-user.json')]);
    expect(run).toEqual({
      code: 0,
      stdout: 'No signal: no rule for iam.amazonaws.com:CreateUser',
      stderr: '',
    });
  });

  it('exits 2 with usage when --event is missing', async () => {
    const run = await ato(['plan']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('ato: plan needs --event FILE');
  });

  it('exits 2 when the event file is not JSON', async () => {
    const run = await ato(['plan', '--event', __filename]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^ato: --event: .*plan\.test\.ts is not JSON: /);
  });

  it('exits 1 naming the field when the config is bad', async () => {
    const run = await ato([
      'plan',
      '--event',
      fixturePath('health/credentials-exposed.json'),
      '--config',
      fixturePath('../cli/bad-config.json'),
    ]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ato: invalid ato-responder config:\n  mode: Invalid option: expected one of "enforce"|"dry-run"',
    });
  });
});

describe('ato', () => {
  it('exits 2 with usage on an unknown command', async () => {
    const run = await ato(['contain']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ato: unknown command "contain"');
    expect(run.stderr).toContain('usage: ato <command> [options]');
  });

  it('exits 2 on an unknown option', async () => {
    const run = await ato(['drill', '--fast']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^ato: Unknown option '--fast'\./);
  });
});
