/**
 * A SendGrid account in memory, for the drill and tests: its inventory for the audit, and the changes
 * a person approves (every one kept in `calls`).
 */
import type {
  SendGridAdminPort,
  SendGridAuditPort,
  SendGridInventory,
  SendGridIpRule,
} from '../../core/ports';

export class InMemorySendGrid implements SendGridAuditPort, SendGridAdminPort {
  readonly calls: string[] = [];
  private rules: SendGridIpRule[];
  private nextRuleId: number;

  constructor(
    readonly state: SendGridInventory,
    readonly ownKeyId: string | undefined = state.ownKeyId,
  ) {
    this.rules = state.allowedIps.map((ip, i) => ({ id: i + 1, ip }));
    this.nextRuleId = this.rules.length + 1;
  }

  inventory(): Promise<SendGridInventory> {
    return Promise.resolve(structuredClone({ ...this.state, allowedIps: this.rules.map((r) => r.ip) }));
  }

  deleteApiKey(keyId: string): Promise<void> {
    this.calls.push(`delete key ${keyId}`);
    this.state.apiKeys = this.state.apiKeys.filter((k) => k.id !== keyId);
    return Promise.resolve();
  }

  subuserDisabled(username: string): Promise<boolean | undefined> {
    return Promise.resolve(this.state.subusers.find((u) => u.username === username)?.disabled);
  }

  setSubuserDisabled(username: string, disabled: boolean): Promise<void> {
    this.calls.push(`subuser ${username} disabled=${disabled}`);
    for (const user of this.state.subusers) if (user.username === username) user.disabled = disabled;
    return Promise.resolve();
  }

  deleteTeammate(username: string): Promise<void> {
    this.calls.push(`delete teammate ${username}`);
    this.state.teammates = this.state.teammates.filter((t) => t.username !== username);
    return Promise.resolve();
  }

  deletePendingInvite(token: string): Promise<void> {
    this.calls.push(`delete invite ${token}`);
    this.state.pendingInvites = this.state.pendingInvites.filter((i) => i.pendingId !== token);
    return Promise.resolve();
  }

  ipRules(): Promise<SendGridIpRule[]> {
    return Promise.resolve(this.rules.map((r) => ({ ...r })));
  }

  addIpRules(ips: readonly string[]): Promise<void> {
    if (!ips.length) return Promise.resolve();
    this.calls.push(`add rules ${ips.join(' ')}`);
    // As SendGrid stores them: a single address as a /32.
    for (const ip of ips)
      this.rules.push({ id: this.nextRuleId++, ip: ip.includes('/') || ip.includes('*') ? ip : `${ip}/32` });
    return Promise.resolve();
  }

  deleteIpRules(ids: readonly number[]): Promise<void> {
    if (!ids.length) return Promise.resolve();
    this.calls.push(`delete rules ${ids.join(' ')}`);
    this.rules = this.rules.filter((r) => !ids.includes(r.id));
    return Promise.resolve();
  }
}
