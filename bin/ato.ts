#!/usr/bin/env node
/** The `ato` CLI entry point (run with tsx: `npx ato …` or `npm run ato -- …`). */
import { main } from '../lambdas/cli/main';

// The SDK warns on every run that its 2027 releases will need Node 22; the README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

void main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(`\r\x1b[K${text}`) } : {}),
}).then((code) => {
  process.exitCode = code;
});
