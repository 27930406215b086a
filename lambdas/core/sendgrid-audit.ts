/**
 * What a SendGrid account holds that an intruder adds to stay in after the leaked key is revoked —
 * SendGrid's own checklist: API keys, subusers, teammates and pending invites, IP access — read from
 * its inventory. Pure; every name SendGrid returns is attacker-controllable and reaches a person
 * through oneLine only.
 */
import { oneLine } from './plain-text';
import type { SendGridInventory } from './ports';

export interface SendGridAuditOptions {
  knownApiKeys: readonly string[];
  knownTeammates: readonly string[];
}

export interface SendGridFinding {
  kind: 'api-key' | 'subuser' | 'teammate' | 'invite' | 'ip-access';
  text: string;
}

export function auditSendGrid(
  inventory: SendGridInventory,
  options: SendGridAuditOptions,
): SendGridFinding[] {
  const line = (kind: SendGridFinding['kind'], text: string): SendGridFinding => ({
    kind,
    text: oneLine(text, 300),
  });
  const findings: SendGridFinding[] = [];
  for (const key of inventory.apiKeys)
    if (!options.knownApiKeys.includes(key.id) && key.id !== inventory.ownKeyId)
      findings.push(line('api-key', `API key ${key.id} "${key.name}" is not in sendgrid.knownApiKeys`));
  for (const user of inventory.subusers)
    if (!user.disabled) findings.push(line('subuser', `subuser ${user.username} <${user.email}> is enabled`));
  for (const mate of inventory.teammates)
    if (!options.knownTeammates.includes(mate.username))
      findings.push(
        line(
          'teammate',
          `teammate ${mate.username} <${mate.email}>${mate.isAdmin ? ' (admin)' : ''} is not in sendgrid.knownTeammates`,
        ),
      );
  for (const invite of inventory.pendingInvites)
    findings.push(
      line('invite', `pending teammate invite to ${invite.email}${invite.isAdmin ? ' (admin)' : ''}`),
    );
  if (!inventory.allowedIps.length) {
    findings.push(line('ip-access', 'IP access management is off: every address may log in'));
  }
  const allowedFrom = [
    ...new Set(inventory.access.filter((a) => a.allowed).map((a) => `${a.ip} (${a.location})`)),
  ];
  if (allowedFrom.length)
    findings.push(line('ip-access', `recent logins allowed from ${allowedFrom.slice(0, 10).join(', ')}`));
  return findings;
}
