/**
 * Contract tests: every request the SendGrid audit and the approved SendGrid actions send, validated by Prism against SendGrid's
 * published OpenAPI specs (ATO_OPENAPI_DIR/sendgrid, see ../shared/openapi/PROVENANCE.txt).
 */
import { join } from 'node:path';
import { SendGridAccountAdmin } from '../../lambdas/providers/sendgrid/account-admin';
import { SendGridAccountInventory } from '../../lambdas/providers/sendgrid/account-inventory';
import { SendGridHttp } from '../../lambdas/providers/sendgrid/sendgrid-http';
import { type Prism, startPrism } from './prism';

const SPECS = join(process.env.ATO_OPENAPI_DIR ?? '', 'sendgrid');
const FILES = [
  'tsg_api_keys_v3.json',
  'tsg_subusers_v3.json',
  'tsg_teammates_v3.json',
  'tsg_ip_access_management_v3.json',
];
let mocks: Prism[] = [];

beforeAll(async () => {
  mocks = await Promise.all(FILES.map((file) => startPrism(join(SPECS, file))));
}, 120_000);

afterAll(async () => {
  await Promise.all(mocks.map((m) => m.stop()));
});

/** One spec per mock: each request goes to the mock whose spec has its path. */
function routedFetch(): (url: string, init: RequestInit) => Promise<Response> {
  const byPrefix: [string, Prism | undefined][] = [
    ['/v3/api_keys', mocks[0]],
    ['/v3/subusers', mocks[1]],
    ['/v3/teammates', mocks[2]],
    ['/v3/access_settings', mocks[3]],
  ];
  return (url, init) => {
    const { pathname, search } = new URL(url);
    const mock = byPrefix.find(([prefix]) => pathname.startsWith(prefix))?.[1];
    if (!mock) throw new Error(`no spec for ${pathname}`);
    return fetch(`${mock.baseUrl}${pathname}${search}`, init);
  };
}

describe("SendGrid's contract", () => {
  it("accepts every listing of the audit as the responder sends it, and reads the specs' examples", async () => {
    // Act: a request a spec refuses would surface here as a ProviderError (HTTP 4xx).
    const inventory = await new SendGridAccountInventory(
      new SendGridHttp('SG.contract-test', 'https://api.sendgrid.com', routedFetch()),
    ).inventory();

    // Assess
    expect([
      inventory.apiKeys.map((k) => k.id),
      inventory.subusers.map((u) => u.username),
      inventory.pendingInvites.map((p) => p.pendingId),
      inventory.allowedIps,
    ]).toEqual([
      ['some-apikey-id', 'another-apikey-id'],
      ['example_subuser', 'example_subuser2'],
      ['abcd123abc', 'bcde234bcd'],
      ['192.168.1.1/32', '192.0.0.0/8', '192.168.1.3/32'],
    ]);
  });

  it("accepts every change of the approved actions as the responder sends it, and reads the specs' examples", async () => {
    // Prepare
    const admin = new SendGridAccountAdmin(
      new SendGridHttp('SG.contract-test.secret', 'https://api.sendgrid.com', routedFetch()),
    );

    // Act: a request a spec refuses would surface here as a ProviderError (HTTP 4xx).
    await admin.deleteApiKey('some-apikey-id');
    const disabled = await admin.subuserDisabled('example_subuser');
    await admin.setSubuserDisabled('example_subuser', true);
    await admin.deleteTeammate('teammate1');
    // An attacker's username stays one path segment the spec's template matches.
    await admin.deleteTeammate('evil/../user name');
    await admin.deletePendingInvite('abcd123abc');
    const rules = await admin.ipRules();
    await admin.addIpRules(['192.168.1.1', '192.168.1.3/32']);
    await admin.deleteIpRules([1, 3]);

    // Assess: Prism answers with the schema's example, not ListAllowedIp's own (192.168.1.2/32).
    expect([admin.ownKeyId, disabled, rules]).toEqual([
      'contract-test',
      false,
      [
        { id: 1, ip: '192.168.1.1/32' },
        { id: 2, ip: '192.0.0.0/8' },
        { id: 3, ip: '192.168.1.3/32' },
      ],
    ]);
  });
});
