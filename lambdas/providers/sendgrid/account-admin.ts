/**
 * SendGridAdminPort over SendGrid v3 (sendgrid-oai specs tsg_api_keys_v3, tsg_subusers_v3,
 * tsg_teammates_v3, tsg_ip_access_management_v3):
 * - DELETE /v3/api_keys/{api_key_id} (204), never the key these calls are made with;
 * - GET /v3/subusers?username={username}&limit=500&offset={n} → `[{username, disabled}]`: the filter
 *   is a case-insensitive "starts with" (sendgrid-oai#38), so the pages are searched for the exact
 *   username rather than trusting the first entry;
 * - PATCH /v3/subusers/{subuser_name} `{"disabled": bool}` (204);
 * - DELETE /v3/teammates/{username} (204);
 * - DELETE /v3/teammates/pending/{token} (204);
 * - GET /v3/access_settings/whitelist → `result: [{id, ip}]`;
 * - POST /v3/access_settings/whitelist `{"ips": [{"ip"}]}` (201);
 * - DELETE /v3/access_settings/whitelist `{"ids": [id]}` (204).
 * Path segments are URL-encoded: usernames and tokens come from the attacker's side of an incident.
 * An empty, `.` or `..` segment is refused: even encoded, URL parsing would turn it into another path.
 */
import { ProviderError, type SendGridAdminPort, type SendGridIpRule } from '../../core/ports';
import { itemsOf, offsetPages } from './listing';
import type { SendGridHttp } from './sendgrid-http';

const WHITELIST = '/v3/access_settings/whitelist';

/** One path segment, encoded; refused when it would not stay one segment. */
function segment(call: string, value: string): string {
  if (value === '' || value === '.' || value === '..')
    throw new ProviderError(call, value, 'InvalidName', 'not a name a path can carry', false);
  return encodeURIComponent(value);
}

export class SendGridAccountAdmin implements SendGridAdminPort {
  constructor(private readonly http: SendGridHttp) {}

  get ownKeyId(): string | undefined {
    return this.http.keyId;
  }

  async deleteApiKey(keyId: string): Promise<void> {
    if (keyId === this.ownKeyId)
      throw new ProviderError(
        'sendgrid:DELETE /v3/api_keys',
        keyId,
        'OwnKey',
        'refusing to delete the API key these calls are made with',
        false,
      );
    await this.http.send('DELETE', `/v3/api_keys/${segment('sendgrid:DELETE /v3/api_keys', keyId)}`);
  }

  async subuserDisabled(username: string): Promise<boolean | undefined> {
    for await (const page of offsetPages(
      this.http,
      `/v3/subusers?username=${encodeURIComponent(username)}`,
    )) {
      const subuser = page.find((u) => u.username === username);
      if (subuser) return typeof subuser.disabled === 'boolean' ? subuser.disabled : undefined;
    }
    return undefined;
  }

  async setSubuserDisabled(username: string, disabled: boolean): Promise<void> {
    await this.http.send('PATCH', `/v3/subusers/${segment('sendgrid:PATCH /v3/subusers', username)}`, {
      disabled,
    });
  }

  async deleteTeammate(username: string): Promise<void> {
    await this.http.send('DELETE', `/v3/teammates/${segment('sendgrid:DELETE /v3/teammates', username)}`);
  }

  async deletePendingInvite(token: string): Promise<void> {
    await this.http.send(
      'DELETE',
      `/v3/teammates/pending/${segment('sendgrid:DELETE /v3/teammates/pending', token)}`,
    );
  }

  async ipRules(): Promise<SendGridIpRule[]> {
    const answer = (await this.http.getJson(WHITELIST)) as { result?: unknown } | undefined;
    return itemsOf(answer?.result).flatMap(({ id, ip }) =>
      typeof id === 'number' && Number.isInteger(id) && typeof ip === 'string' ? [{ id, ip }] : [],
    );
  }

  async addIpRules(ips: readonly string[]): Promise<void> {
    if (!ips.length) return;
    await this.http.send('POST', WHITELIST, { ips: ips.map((ip) => ({ ip })) });
  }

  async deleteIpRules(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    await this.http.send('DELETE', WHITELIST, { ids });
  }
}
