#!/usr/bin/env node
// npm's `bin` entry: runs bin/ato.ts through tsx, passing arguments, stdio and the exit code through.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const tsx = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsx, join(__dirname, 'ato.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
