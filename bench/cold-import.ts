/** Cold import of a bundle: a fresh node process per sample, timing require() alone. */
import { execFileSync } from 'node:child_process';

const PROBE = `const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;

export function coldImportMs(file: string, samples: number, env: NodeJS.ProcessEnv): number[] {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    times.push(
      Number(
        execFileSync(process.execPath, ['-e', PROBE, file], { env: { ...process.env, ...env } }).toString(),
      ),
    );
  }
  return times;
}
