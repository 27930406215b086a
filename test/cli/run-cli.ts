import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lambdas/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ato` in-process with captured output, in a working directory of its own. */
export async function ato(
  args: string[],
  cwd: string = mkdtempSync(join(tmpdir(), 'ato-cli-')),
  env: NodeJS.ProcessEnv = {},
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { USER: 'jane', AWS_REGION: 'us-east-1', ...env },
    cwd,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export const fixturePath = (path: string): string => join(__dirname, '..', 'fixtures', path);
