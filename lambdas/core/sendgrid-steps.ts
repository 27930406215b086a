/**
 * The SendGrid audit step: reads what an intruder adds to stay in (keys, subusers, teammates,
 * invites, IP access) and asks a person about each removal (sendgrid-admin-steps.ts runs them).
 */
import type { Action, AuditSendGridAccount } from './action';
import type { ExecuteDeps } from './execute';
import { type Proposal, lastSnapshot, proposeAll } from './follow-up';
import type { Outcome, Run } from './iam-steps';
import { escalate } from './iam-steps';
import { oneLine } from './plain-text';
import type { SendGridInventory } from './ports';
import { restricted } from './sendgrid-ip-rules';
import { auditSendGrid } from './sendgrid-audit';

/** At most this many removals are proposed per audit; the rest stay listed. */
export const MAX_SENDGRID_PROPOSALS = 10;

export const noSendGridAccess: Outcome = {
  status: 'skipped',
  error: 'no SendGrid access here (SENDGRID_API_KEY)',
};

export async function auditSendGridAccount(
  action: Action & AuditSendGridAccount,
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const audit = deps.sendGridAudit;
  if (!audit) return noSendGridAccess;
  const inventory = await audit.inventory();
  const findings = auditSendGrid(inventory, deps.config.sendgrid);
  if (findings.length) {
    const shown = findings.slice(0, 8).map((f) => f.text);
    const more = findings.length > 8 ? ` (and ${findings.length - 8} more in the report)` : '';
    escalate(run, `SendGrid holds what may not be yours${more}: ${shown.join('; ')}.`);
  }
  for (const { what, approvalId } of await proposeRemovals(action, inventory, deps))
    escalate(run, `To ${what}: ato approve ${approvalId}.`);
  return { status: 'done', after: { type: 'sendgrid-audit', findings } };
}

/**
 * Undeclared keys (not the responder's own), teammates not on the known list, every pending invite,
 * subusers that appeared since the last scheduled audit, and IP access when the allowed addresses
 * are configured and the rules differ from them.
 */
async function proposeRemovals(
  parent: Action,
  inventory: SendGridInventory,
  deps: ExecuteDeps,
): Promise<{ what: string; approvalId: string }[]> {
  const { knownApiKeys, knownTeammates, allowedIps, responderEgressIps } = deps.config.sendgrid;
  const ownKeyId = inventory.ownKeyId ?? deps.sendGridAdmin?.ownKeyId;
  const proposals: Proposal[] = [];
  // Subusers are new only against a previous scheduled audit: without one, none is called new.
  const known = (await lastSnapshot(deps, 'sendgrid', 'sendgrid'))?.items.subusers;
  for (const key of inventory.apiKeys) {
    if (knownApiKeys.includes(key.id) || key.id === ownKeyId) continue;
    proposals.push({
      what: oneLine(`delete the SendGrid API key ${key.id} "${key.name}"`, 200),
      suffix: `key-${key.id}`,
      spec: { kind: 'sendgrid.keys.delete-api-key', target: { keyId: key.id, name: key.name } },
      reversible: false,
      reason: oneLine(
        `API key ${key.id} "${key.name}" is not in sendgrid.knownApiKeys: delete it (irreversible) if nobody here uses it`,
        300,
      ),
    });
  }
  for (const mate of inventory.teammates) {
    if (knownTeammates.includes(mate.username)) continue;
    proposals.push({
      what: oneLine(`remove the teammate ${mate.username} <${mate.email}>`, 200),
      suffix: `teammate-${mate.username}`,
      spec: { kind: 'sendgrid.teammates.remove', target: { email: mate.email, username: mate.username } },
      reversible: false,
      reason: oneLine(
        `teammate ${mate.username} <${mate.email}>${mate.isAdmin ? ' (admin)' : ''} is not in sendgrid.knownTeammates`,
        300,
      ),
    });
  }
  for (const invite of inventory.pendingInvites) {
    if (!invite.pendingId) continue;
    proposals.push({
      what: oneLine(`withdraw the invite to ${invite.email}`, 200),
      suffix: `invite-${invite.pendingId}`,
      spec: {
        kind: 'sendgrid.teammates.remove',
        target: { email: invite.email, inviteToken: invite.pendingId },
      },
      reversible: false,
      reason: oneLine(`pending teammate invite to ${invite.email}${invite.isAdmin ? ' (admin)' : ''}`, 300),
    });
  }
  for (const user of inventory.subusers) {
    if (user.disabled || !known || known.includes(user.username)) continue;
    proposals.push({
      what: oneLine(`disable the subuser ${user.username}`, 200),
      suffix: `subuser-${user.username}`,
      spec: { kind: 'sendgrid.subusers.disable', target: { username: user.username } },
      reversible: true,
      reason: oneLine(
        `subuser ${user.username} <${user.email}> appeared since the last scheduled audit: disable it (reversible)`,
        300,
      ),
    });
  }
  const rules = inventory.allowedIps;
  if (allowedIps.length && responderEgressIps.length && !restricted(rules, allowedIps, responderEgressIps))
    proposals.push({
      what: `restrict SendGrid IP access to ${allowedIps.join(', ')}`,
      suffix: 'ip-access',
      spec: { kind: 'sendgrid.access.restrict-ips', target: { allowedIps, keepIps: responderEgressIps } },
      reversible: true,
      reason: oneLine(
        `IP access ${rules.length ? `allows ${rules.join(', ')}` : 'is off (every address may log in)'}: restrict it to sendgrid.allowedIps — approve from an address it covers, or you lock yourself out`,
        500,
      ),
    });
  return proposeAll(parent, proposals, MAX_SENDGRID_PROPOSALS, deps);
}
