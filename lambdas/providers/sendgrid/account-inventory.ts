/**
 * SendGridAuditPort over SendGrid v3 (sendgrid-oai specs):
 * - GET /v3/api_keys?limit=… → `result: [{api_key_id, name}]`;
 * - GET /v3/subusers?limit=&offset= → `[{id, username, email, disabled}]`, page by page;
 * - GET /v3/teammates?limit=&offset= → `result` (the spec's example says `results`: both read);
 * - GET /v3/teammates/pending → `result: [{email, is_admin, pending_id}]`;
 * - GET /v3/access_settings/whitelist → `result: [{ip}]`;
 * - GET /v3/access_settings/activity?limit=20 → `result: [{ip, allowed, auth_method, location, last_at}]`.
 */
import type { SendGridAuditPort, SendGridInventory } from '../../core/ports';
import { type Item, itemsOf, offsetPages } from './listing';
import type { SendGridHttp } from './sendgrid-http';

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

export class SendGridAccountInventory implements SendGridAuditPort {
  constructor(private readonly http: SendGridHttp) {}

  async inventory(): Promise<SendGridInventory> {
    const [keys, subusers, teammates, pending, allowlist, activity] = await Promise.all([
      this.http.getJson('/v3/api_keys?limit=1000'),
      this.paged('/v3/subusers'),
      this.paged('/v3/teammates', 'result', 'results'),
      this.http.getJson('/v3/teammates/pending'),
      this.http.getJson('/v3/access_settings/whitelist'),
      this.http.getJson('/v3/access_settings/activity?limit=20'),
    ]);
    return {
      ...(this.http.keyId ? { ownKeyId: this.http.keyId } : {}),
      apiKeys: itemsOf(keys, 'result').map((k) => ({ id: text(k.api_key_id), name: text(k.name) })),
      subusers: subusers.map((u) => ({
        id: text(u.id),
        username: text(u.username),
        email: text(u.email),
        disabled: u.disabled === true,
      })),
      teammates: teammates.map((t) => ({
        username: text(t.username),
        email: text(t.email),
        isAdmin: t.is_admin === true,
        userType: text(t.user_type),
      })),
      pendingInvites: itemsOf(pending, 'result').map((p) => ({
        email: text(p.email),
        isAdmin: p.is_admin === true,
        // The schema names it `token`; the spec's example says `pending_id`.
        pendingId: text(p.token ?? p.pending_id),
      })),
      allowedIps: itemsOf(allowlist, 'result').map((r) => text(r.ip)),
      access: itemsOf(activity, 'result').map((a) => ({
        ip: text(a.ip),
        allowed: a.allowed === true,
        authMethod: text(a.auth_method),
        location: text(a.location),
        ...(typeof a.last_at === 'number' ? { lastAt: new Date(a.last_at * 1000).toISOString() } : {}),
      })),
    };
  }

  /** Every item of an offset-paged listing. */
  private async paged(path: string, ...keys: string[]): Promise<Item[]> {
    const all: Item[] = [];
    for await (const page of offsetPages(this.http, path, ...keys)) all.push(...page);
    return all;
  }
}
