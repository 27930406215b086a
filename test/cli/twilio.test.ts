/**
 * `ato twilio audit` from a laptop: credentials from Twilio's own environment variables, the API a
 * loopback server answering in the shapes of Twilio's 2010 and IAM v1 specs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalServer, startLocalServer } from '../providers/twilio/local-server';
import { twilioListings } from '../providers/twilio/twilio-listings';
import { ato } from './run-cli';

const ACCOUNT = `AC${'a'.repeat(32)}`;
let server: LocalServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startLocalServer();
  env = {
    TWILIO_ACCOUNT_SID: ACCOUNT,
    TWILIO_API_KEY: `SK${'c'.repeat(32)}`,
    TWILIO_API_SECRET: 'laptop-key-secret',
    TWILIO_API_BASE_URL: server.baseUrl,
    TWILIO_IAM_BASE_URL: server.baseUrl,
  };
  server.route(
    twilioListings({
      accounts: [{ sid: ACCOUNT, owner_account_sid: ACCOUNT, friendly_name: 'main', status: 'active' }],
      keys: [
        { sid: `SK${'2'.repeat(32)}`, friendly_name: 'x', date_created: 'Thu, 30 Jul 2015 20:00:00 +0000' },
      ],
      numbers: [
        {
          sid: `PN${'e'.repeat(32)}`,
          phone_number: '+15005550006',
          sms_url: 'https://collector.example.net/sms',
        },
      ],
    }),
  );
});
afterAll(() => server.stop());

describe('ato twilio audit', () => {
  it("reports what the account holds against the config's known keys and hosts", async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'ato-twilio-'));
    writeFileSync(join(cwd, 'config.json'), JSON.stringify({ twilio: { webhookHosts: ['example.com'] } }));

    // Act
    const run = await ato(['twilio', 'audit', '--config', 'config.json'], cwd, env);

    // Assess
    expect([run.code, run.stdout.split('\n')]).toEqual([
      0,
      [
        `Twilio ${ACCOUNT}: 0 subaccount(s), 1 API key(s), 1 number(s), 0 caller ID(s); 2 finding(s)`,
        `  - API key SK${'2'.repeat(32)} "x" is not in twilio.knownApiKeys (created 2015-07-30T20:00:00.000Z)`,
        `  - number +15005550006 (PN${'e'.repeat(32)}) sends its SMS webhook to collector.example.net`,
      ],
    ]);
    expect(
      server.requests.every(
        (r) =>
          r.headers.authorization ===
          `Basic ${Buffer.from(`SK${'c'.repeat(32)}:laptop-key-secret`).toString('base64')}`,
      ),
    ).toBe(true);
  });

  it.each([
    [{}, 'set TWILIO_ACCOUNT_SID to the account to audit'],
    [
      { TWILIO_ACCOUNT_SID: ACCOUNT },
      'set TWILIO_API_KEY and TWILIO_API_SECRET (or TWILIO_AUTH_TOKEN) for Twilio',
    ],
    [
      { TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 't' },
      'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits',
    ],
  ])('exits 2 and says what is missing for %j', async (variables, message) => {
    const run = await ato(['twilio', 'audit'], undefined, variables);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, `ato: ${message}`]);
  });
});
