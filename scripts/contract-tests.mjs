// `npm run test:contract`: Twilio's and SendGrid's OpenAPI specs, from ATO_OPENAPI_DIR (default:
// ../shared/openapi beside the checkout), validate every request the providers send. Without the
// folder there is nothing to validate against: say so, and pass.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specs = resolve(process.env.ATO_OPENAPI_DIR ?? join(root, '..', 'shared', 'openapi'));
if (!existsSync(join(specs, 'twilio')) || !existsSync(join(specs, 'sendgrid'))) {
  console.log(
    `contract tests: NOT RUN — no OpenAPI specs at ${specs} (set ATO_OPENAPI_DIR to the folder holding twilio/ and sendgrid/).`,
  );
  process.exit(0);
}
console.log(`contract tests: against the OpenAPI specs in ${specs}`);
const jest = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '-c', join(root, 'jest.contract.config.cjs')],
  {
    stdio: 'inherit',
    env: { ...process.env, ATO_OPENAPI_DIR: specs },
  },
);
process.exit(jest.status ?? 1);
