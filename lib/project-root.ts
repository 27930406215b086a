/**
 * Paths inside the project, resolved from its root (the folder holding cdk.json). `cdk synth` runs
 * this code through tsx from lib/, jest runs it from lib/ too, and a compiled copy would run from
 * somewhere else again: walking up to cdk.json gives the same answer in all three.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'cdk.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no cdk.json above ${start}: cannot locate the project root`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(__dirname);

export function projectPath(...segments: string[]): string {
  return join(projectRoot, ...segments);
}
