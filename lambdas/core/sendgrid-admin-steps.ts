/**
 * The SendGrid changes only a person's approval starts: delete a key (never the responder's own),
 * disable a subuser (reversible), remove a teammate or withdraw an invite, restrict IP access (never
 * locking the responder, or every recent sign-in, out).
 */
import type {
  DeleteSendGridApiKey,
  DisableSendGridSubuser,
  RemoveSendGridTeammate,
  RestrictSendGridIps,
} from './action';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import { escalate } from './iam-steps';
import { noSendGridAccess as noAccess } from './sendgrid-steps';
import { covers, sameRule } from './sendgrid-ip-rules';

export async function deleteSendGridKey(
  target: DeleteSendGridApiKey['target'],
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = deps.sendGridAdmin;
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
  const admin = deps.sendGridAdmin;
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
  const admin = deps.sendGridAdmin;
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
  const admin = deps.sendGridAdmin;
  const audit = deps.sendGridAudit;
  if (!admin || !audit) return noAccess;
  const { allowedIps, keepIps } = target;
  const covered = (ip: string) => covers(allowedIps, ip);
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
  // The responder's own calls show in the activity too: only other addresses tell that people could still sign in.
  const { access } = await audit.inventory();
  const others = [...new Set(access.filter((a) => a.allowed && !keepIps.includes(a.ip)).map((a) => a.ip))];
  if (others.length && !others.some(covered))
    return refuse(
      `none of the recent sign-ins (${others.slice(0, 5).join(', ')}) would be allowed: everyone would be locked out`,
    );
  const rules = await admin.ipRules();
  const added = allowedIps.filter((ip) => !rules.some((r) => sameRule(r.ip, ip)));
  const removed = rules.filter(
    (r) => !allowedIps.some((ip) => sameRule(r.ip, ip)) && !keepIps.some((ip) => covers([r.ip], ip)),
  );
  await admin.addIpRules(added);
  await admin.deleteIpRules(removed.map((r) => r.id));
  const after = [...rules.filter((r) => !removed.includes(r)).map((r) => r.ip), ...added];
  return {
    status: 'done',
    before: { type: 'sendgrid-ip-access', rules: rules.map((r) => r.ip) },
    after: { type: 'sendgrid-ip-access', rules: after },
    undo: `ato undo puts the ${removed.length} removed rule(s) back and deletes the ${added.length} added; rules added since are kept`,
  };
}
