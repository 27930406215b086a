#!/usr/bin/env node
/** The `ato` CLI entry point (run with tsx: `npx ato …` or `npm run ato -- …`). */
import { main } from '../lambdas/cli/main';

void main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
