/**
 * `ato twilio audit` from a laptop: credentials from Twilio's own environment variables, the API a
 * loopback server answering in the shapes of Twilio's 2010 and IAM v1 specs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalServer, startLocalServer } from '../providers/http/local-server';
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

describe('ato twilio install-triggers', () => {
  const URL_ = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/';
  const triggers: Record<string, unknown>[] = [];

  beforeAll(() => {
    server.route((r) => {
      if (!r.url.startsWith(`/2010-04-01/Accounts/${ACCOUNT}/Usage/Triggers.json`)) return undefined;
      if (r.method === 'GET') return { status: 200, json: { usage_triggers: triggers, next_page_uri: null } };
      const form = new URLSearchParams(r.body);
      const sid = `UT${String(triggers.length + 1).repeat(32)}`;
      triggers.push({
        sid,
        usage_category: form.get('UsageCategory'),
        trigger_by: form.get('TriggerBy'),
        trigger_value: `${Number(form.get('TriggerValue')).toFixed(2)}`,
        recurring: form.get('Recurring'),
        callback_url: form.get('CallbackUrl'),
      });
      return { status: 201, json: triggers.at(-1) };
    });
  });

  it('shows what it would create, creates it with --execute, and creates nothing the second time', async () => {
    // Act
    const dryRun = await ato(
      ['twilio', 'install-triggers', '--url', URL_, '--categories', 'totalprice,calls'],
      undefined,
      env,
    );
    const created = await ato(
      ['twilio', 'install-triggers', '--url', URL_, '--categories', 'totalprice,calls', '--execute'],
      undefined,
      env,
    );
    const again = await ato(
      ['twilio', 'install-triggers', '--url', URL_, '--categories', 'totalprice,calls', '--execute'],
      undefined,
      env,
    );

    // Assess
    expect(dryRun.stdout.split('\n')).toEqual([
      `  + totalprice: daily price above 100 → ${URL_}`,
      `  + calls: daily price above 100 → ${URL_}`,
      'Dry-run: nothing created; add --execute.',
    ]);
    expect(created.stdout.split('\n').slice(-2)).toEqual([
      `Created UT${'1'.repeat(32)} (totalprice)`,
      `Created UT${'2'.repeat(32)} (calls)`,
    ]);
    expect(again.stdout.split('\n')).toEqual([
      `  = totalprice: already there (UT${'1'.repeat(32)})`,
      `  = calls: already there (UT${'2'.repeat(32)})`,
      'Nothing to create.',
    ]);
    const posts = server.requests
      .filter((r) => r.method === 'POST')
      .map((r) => Object.fromEntries(new URLSearchParams(r.body)));
    expect(posts[0]).toEqual({
      CallbackUrl: URL_,
      CallbackMethod: 'POST',
      TriggerValue: '100',
      UsageCategory: 'totalprice',
      TriggerBy: 'price',
      Recurring: 'daily',
      FriendlyName: 'ato-responder totalprice price daily',
    });
  });

  it.each([
    [['--url', 'http://insecure.example.com/'], 'install-triggers needs --url https://… (the webhook URL)'],
    [
      ['--url', URL_, '--daily-price', '1e3'],
      '--daily-price must be an amount such as 100 or 49.50 (got 1e3)',
    ],
    [
      ['--url', URL_, '--categories', 'Total Price'],
      '--categories must be usage categories such as totalprice,calls,sms',
    ],
  ])('exits 2 for %j', async (args, message) => {
    const run = await ato(['twilio', 'install-triggers', ...args], undefined, env);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([2, `ato: ${message}`]);
  });
});

describe('ato twilio lockdown and undo', () => {
  beforeAll(() => {
    server.route((r) => {
      if (r.url.startsWith('/v1/DialingPermissions/Countries'))
        return {
          status: 200,
          json: {
            content: ['US', 'GB'].map((iso) => ({
              iso_code: iso,
              low_risk_numbers_enabled: true,
              high_risk_special_numbers_enabled: false,
              high_risk_tollfraud_numbers_enabled: false,
            })),
            meta: { next_page_url: null },
          },
        };
      if (r.url.startsWith('/v1/DialingPermissions/BulkCountryUpdates'))
        return { status: 201, json: { update_count: 1, update_request: 'accepted' } };
      if (r.url.startsWith('/v1/Messaging/GeoPermissions'))
        return r.method === 'GET'
          ? {
              status: 200,
              json: {
                permissions: [
                  { country_code: 'US', type: 'country', enabled: true },
                  { country_code: 'NG', type: 'country', enabled: true },
                ],
              },
            }
          : {
              status: 200,
              json: {
                permissions: [
                  { country_code: 'NG', type: 'country', enabled: false, error_code: 0, error_messages: [] },
                ],
              },
            };
      return undefined;
    });
  });

  it('changes nothing without --execute, closes GB and NG with it, and undo reopens exactly those', async () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'ato-twilio-lockdown-'));
    const lockdownEnv = {
      ...env,
      TWILIO_VOICE_BASE_URL: server.baseUrl,
      TWILIO_ACCOUNTS_BASE_URL: server.baseUrl,
    };
    server.requests.length = 0;

    // Act
    const dryRun = await ato(['twilio', 'lockdown', '--allow', 'US'], cwd, lockdownEnv);
    const afterDryRun = server.requests.length;
    const executed = await ato(
      ['twilio', 'lockdown', '--allow', 'US', '--execute', '--json'],
      cwd,
      lockdownEnv,
    );
    const { incidentId } = JSON.parse(executed.stdout) as { incidentId: string };
    server.requests.length = 0;
    const undone = await ato(['undo', incidentId, '--execute'], cwd, lockdownEnv);

    // Assess
    expect([dryRun.code, dryRun.stdout.split('\n').at(-1), afterDryRun]).toEqual([
      0,
      'Dry-run: nothing changed; add --execute.',
      0,
    ]);
    expect(executed.code).toBe(0);
    expect(undone.code).toBe(0);
    expect(
      server.requests.map((r) => [
        r.method,
        r.url,
        new URLSearchParams(r.body).getAll(r.method === 'PATCH' ? 'Permissions' : 'UpdateRequest'),
      ]),
    ).toEqual([
      ['PATCH', '/v1/Messaging/GeoPermissions', ['{"country_code":"NG","type":"country","enabled":true}']],
      [
        'POST',
        '/v1/DialingPermissions/BulkCountryUpdates',
        [
          '[{"iso_code":"GB","low_risk_numbers_enabled":"true","high_risk_special_numbers_enabled":"false","high_risk_tollfraud_numbers_enabled":"false"}]',
        ],
      ],
    ]);
  });

  it('exits 2 without a country list', async () => {
    const run = await ato(['twilio', 'lockdown'], undefined, env);
    expect([run.code, run.stderr.split('\n')[0]]).toEqual([
      2,
      'ato: lockdown needs --allow with ISO country codes such as US,CA',
    ]);
  });
});
