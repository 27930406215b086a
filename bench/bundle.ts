/** Bundles a handler exactly as the stack's NodejsFunction does (esbuild, minified, CJS, node22). */
import { build } from 'esbuild';
import { mkdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BundleFigures {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export async function bundle(entry: string, outDir: string, externalSdk: boolean): Promise<BundleFigures> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${externalSdk ? 'sdk-external' : 'sdk-bundled'}.js`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: externalSdk ? ['@aws-sdk/*'] : [],
    logLevel: 'error',
  });
  return { file, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length };
}
