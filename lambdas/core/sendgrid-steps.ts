/**
 * The SendGrid steps of a plan. The audit reads what an intruder adds to stay in (keys, subusers,
 * teammates, invites, IP access) and asks a person about each removal; the removals run on approval
 * only: delete a key (never the responder's own), disable a subuser (reversible), remove a teammate or
 * withdraw an invite, restrict IP access (never locking the responder, or everyone, out).
 */
import type {
  Action,
  ActionSpec,
  AuditSendGridAccount,
  DeleteSendGridApiKey,
  DisableSendGridSubuser,
  RemoveSendGridTeammate,
  RestrictSendGridIps,
} from './action';
import type { ExecuteDeps } from './execute';
import { proposeFollowUp } from './follow-up';
import type { Outcome, Run } from './iam-steps';
import { escalate } from './iam-steps';
import { ruleCovers } from './ipv4';
import { oneLine } from './plain-text';
import type { SendGridAdminPort, SendGridInventory } from './ports';
import { auditSendGrid } from './sendgrid-audit';

/** At most this many removals are proposed per audit; the rest stay listed. */
export const MAX_SENDGRID_PROPOSALS = 10;

const noAccess: Outcome = { status: 'skipped', error: 'no SendGrid access here (SENDGRID_API_KEY)' };

export async function auditSendGridAccount(
  action: Action & AuditSendGridAccount,
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const audit = deps.sendGridAudit;
  if (!audit) return noAccess;
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

interface Proposal {
  what: string;
  suffix: string;
  spec: ActionSpec;
  reversible: boolean;
  reason: string;
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
  const known = await previousSubusers(deps);
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
  if (
    allowedIps.length &&
    (rules.length !== allowedIps.length || !allowedIps.every((ip) => rules.includes(ip)))
  )
    proposals.push({
      what: `restrict SendGrid IP access to ${allowedIps.join(', ')}`,
      suffix: 'ip-access',
      spec: { kind: 'sendgrid.access.restrict-ips', target: { allowedIps, keepIps: responderEgressIps } },
      reversible: true,
      reason: `IP access ${rules.length ? `allows ${rules.join(', ')}` : 'is off (every address may log in)'}: restrict it to sendgrid.allowedIps`,
    });
  const proposed = [];
  for (const p of proposals.slice(0, MAX_SENDGRID_PROPOSALS)) {
    const approval = await proposeFollowUp(
      parent,
      p.suffix,
      p.spec,
      { reversible: p.reversible, reason: p.reason },
      deps,
    );
    proposed.push({ what: p.what, approvalId: approval.approvalId });
  }
  return proposed;
}

/** The subusers of the last scheduled audit; undefined when none ran (nothing can be called new). */
async function previousSubusers(deps: ExecuteDeps): Promise<string[] | undefined> {
  try {
    return (await deps.snapshots?.getSnapshot('sendgrid', 'sendgrid'))?.items.subusers;
  } catch {
    return undefined;
  }
}

function adminOf(deps: ExecuteDeps): SendGridAdminPort | undefined {
  return deps.sendGridAdmin;
}

export async function deleteSendGridKey(
  target: DeleteSendGridApiKey['target'],
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps);
  if (!admin) return noAccess;
  if (target.keyId === admin.ownKeyId)
    return { status: 'refused', error: `${target.keyId} is the key these calls are made with: not deleted` };
  await admin.deleteApiKey(target.keyId);
  return {
    status: 'done',
    before: { type: 'sendgrid-api-key', keyId: target.keyId, name: target.name, deleted: false },
    after: { type: 'sendgrid-api-key', keyId: target.keyId, name: target.name, deleted: true },
    undo: 'irreversible: a deleted key is gone; make a new one if it was needed',
  };
}

export async function disableSubuser(
  target: DisableSendGridSubuser['target'],
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps);
  if (!admin) return noAccess;
  const disabled = await admin.subuserDisabled(target.username);
  if (disabled === undefined) return { status: 'skipped', error: `no subuser ${target.username} any more` };
  if (!disabled) await admin.setSubuserDisabled(target.username, true);
  return {
    status: 'done',
    before: { type: 'sendgrid-subuser', username: target.username, disabled },
    after: { type: 'sendgrid-subuser', username: target.username, disabled: true },
    undo: disabled ? 'nothing: it was disabled before' : `ato undo enables ${target.username} again`,
  };
}

export async function removeTeammate(
  target: RemoveSendGridTeammate['target'],
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps);
  if (!admin) return noAccess;
  if (target.inviteToken) await admin.deletePendingInvite(target.inviteToken);
  else if (target.username) await admin.deleteTeammate(target.username);
  else return { status: 'skipped', error: 'neither a username nor an invite to remove' };
  const who = { email: target.email, ...(target.username ? { username: target.username } : {}) };
  return {
    status: 'done',
    before: { type: 'sendgrid-teammate', ...who, removed: false },
    after: { type: 'sendgrid-teammate', ...who, removed: true },
    undo: 'irreversible: invite the person again if they were one of yours',
  };
}

/**
 * Add the missing allowed rules first, then delete the others: the list is never empty in between
 * (empty lets every address in). Refused when the responder's own egress is unknown or would not be
 * covered, or when none of the recent successful sign-ins would be.
 */
export async function restrictIps(
  target: RestrictSendGridIps['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps);
  const audit = deps.sendGridAudit;
  if (!admin || !audit) return noAccess;
  const { allowedIps, keepIps } = target;
  const covered = (ip: string) => allowedIps.some((rule) => ruleCovers(rule, ip));
  const refuse = (why: string): Outcome => {
    escalate(run, `SendGrid IP access was not restricted: ${why}.`);
    return { status: 'refused', error: why };
  };
  if (!allowedIps.length) return refuse('no allowed addresses: an empty list lets every address in');
  if (!keepIps.length)
    return refuse(
      "the responder's own addresses are unknown (sendgrid.responderEgressIps): it could lock itself out",
    );
  const outside = keepIps.filter((ip) => !covered(ip));
  if (outside.length)
    return refuse(
      `the responder's own ${outside.join(', ')} would be locked out: add it to sendgrid.allowedIps`,
    );
  const { access } = await audit.inventory();
  const signedIn = access.filter((a) => a.allowed).map((a) => a.ip);
  if (signedIn.length && !signedIn.some(covered))
    return refuse(
      `none of the recent sign-ins (${[...new Set(signedIn)].slice(0, 5).join(', ')}) would be allowed: everyone would be locked out`,
    );
  const rules = await admin.ipRules();
  const present = new Set(rules.map((r) => r.ip));
  const added = allowedIps.filter((ip) => !present.has(ip));
  const removed = rules.filter(
    (r) => !allowedIps.includes(r.ip) && !keepIps.some((ip) => ruleCovers(r.ip, ip)),
  );
  await admin.addIpRules(added);
  await admin.deleteIpRules(removed.map((r) => r.id));
  const after = [...rules.filter((r) => !removed.includes(r)).map((r) => r.ip), ...added];
  return {
    status: 'done',
    before: { type: 'sendgrid-ip-access', rules: rules.map((r) => r.ip) },
    after: { type: 'sendgrid-ip-access', rules: after },
    undo: `ato undo puts the ${removed.length} removed rule(s) back and deletes the ${added.length} added`,
  };
}
