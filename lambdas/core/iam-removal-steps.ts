/**
 * The IAM removals an investigation proposes, carried out once a person approved them: delete a
 * user's access key, console password or the user itself, detach (or delete) a policy, put a role's
 * trust policy back. Each reads what is there first, for the record (and for `ato undo` where a
 * removal can be undone), and leaves protected principals alone.
 */
import type {
  Action,
  ActionState,
  DeleteAccessKey,
  DeleteLoginProfile,
  DeleteUser,
  DetachPolicy,
  IamPrincipal,
  PolicyHolder,
  RestoreTrustPolicy,
} from './action';
import type { ExecuteDeps } from './execute';
import { failed } from './failures';
import type { Outcome, Run } from './iam-steps';
import { escalate, guard } from './iam-steps';
import { describeAttachment } from './iam-removal-states';
import { ProviderError, type UserAttachment, type UserAttachmentKind } from './ports';

/**
 * What DeleteUser needs gone, in the order of the IAM guide's "Deleting an IAM user (AWS API)":
 * credentials first, then permissions, then group memberships; DeleteUser last.
 */
export const USER_REMOVAL_ORDER: readonly UserAttachmentKind[] = [
  'access-key',
  'login-profile',
  'mfa-device',
  'signing-certificate',
  'ssh-public-key',
  'service-specific-credential',
  'inline-policy',
  'managed-policy',
  'group',
];

const noRemovals: Outcome = {
  status: 'skipped',
  error:
    'IAM removals are not carried out here: only `ato approve` and the approval runbooks (a role with removals) do them',
};

const IRREVERSIBLE = {
  key: 'irreversible: a deleted access key is gone; create a new one if it was needed',
  password: 'irreversible: the console password is gone; create a new login profile if the user needs one',
  user: 'irreversible: a deleted user is gone with its credentials; its before-state lists what it held',
};

/** A step a person must complete by hand: said in the record and in the incident's escalations. */
function refuse(run: Run, why: string): Outcome {
  escalate(run, `${why}.`);
  return { status: 'refused', error: why };
}

/** IAM groups carry no tags and are no principal: only a user or a role is checked for protection. */
function principalBehind(holder: PolicyHolder): IamPrincipal | undefined {
  return holder.type === 'group' ? undefined : { type: holder.type, name: holder.name };
}

async function deleteUserCredential(
  userName: string,
  kind: 'access-key' | 'login-profile',
  matches: (attachment: UserAttachment) => boolean,
  missing: string,
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const removals = deps.iamRemovals;
  if (!removals) return noRemovals;
  const refusal = await guard({ type: 'user', name: userName }, run, deps);
  if (refusal) return refusal;
  const attachment = (await removals.userAttachments(userName, [kind]))?.find(matches);
  if (!attachment) return { status: 'skipped', error: `user ${userName} has no ${missing} any more` };
  await removals.removeFromUser(userName, attachment);
  const state = (removed: boolean): ActionState => ({
    type: 'iam-removal',
    what: 'user-credential',
    userName,
    attachment,
    removed,
  });
  return {
    status: 'done',
    before: state(false),
    after: state(true),
    undo: kind === 'access-key' ? IRREVERSIBLE.key : IRREVERSIBLE.password,
  };
}

export function deleteAccessKey(
  target: DeleteAccessKey['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const { userName, accessKeyId } = target;
  const matches = (a: UserAttachment): boolean => a.kind === 'access-key' && a.accessKeyId === accessKeyId;
  return deleteUserCredential(userName, 'access-key', matches, `access key ${accessKeyId}`, run, deps);
}

export function deleteLoginProfile(
  target: DeleteLoginProfile['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const matches = (a: UserAttachment): boolean => a.kind === 'login-profile';
  return deleteUserCredential(target.userName, 'login-profile', matches, 'console password', run, deps);
}

/**
 * Everything attached removed in USER_REMOVAL_ORDER, then the user. Stopped half-way, the record
 * still tells what was removed and what is left.
 */
export async function deleteUser(action: Action & DeleteUser, run: Run, deps: ExecuteDeps): Promise<Outcome> {
  const removals = deps.iamRemovals;
  if (!removals) return noRemovals;
  const { userName } = action.target;
  const listed = await removals.userAttachments(userName, USER_REMOVAL_ORDER);
  if (!listed) return { status: 'skipped', error: `there is no user ${userName} any more` };
  // RemoveUserFromGroup is authorised on the group, out of reach of the role's Deny on a tagged
  // user: the tags are read whatever the mode.
  const preflight: ExecuteDeps = { ...deps, protectedTagCheck: 'preflight' };
  const refusal = await guard({ type: 'user', name: userName }, run, preflight);
  if (refusal) return refusal;
  const rank = (a: UserAttachment): number => USER_REMOVAL_ORDER.indexOf(a.kind);
  const attachments = [...listed].sort((a, b) => rank(a) - rank(b));
  const state = (left: UserAttachment[], deleted: boolean): ActionState => ({
    type: 'iam-removal',
    what: 'user',
    userName,
    attachments: left,
    deleted,
  });
  let removed = 0;
  try {
    for (const attachment of attachments) {
      await removals.removeFromUser(userName, attachment);
      removed += 1;
    }
    await removals.deleteUser(userName);
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const left = attachments.slice(removed);
    if (removed > 0)
      escalate(
        run,
        `Deleting user ${userName} stopped after ${removed} of ${attachments.length} removals; still there: ${left.map(describeAttachment).join(', ') || 'the user itself'}.`,
      );
    return {
      ...failed(action, run, error, deps),
      before: state(attachments, false),
      after: state(left, false),
    };
  }
  // DeactivateMFADevice only unassigns a virtual device; deleting it is on the mfa/ resource, not the user.
  const virtual = attachments.filter((a) => a.kind === 'mfa-device' && a.serialNumber.startsWith('arn:'));
  if (virtual.length)
    escalate(
      run,
      `User ${userName} is deleted; its virtual MFA device(s) ${virtual.map(describeAttachment).join(', ')} are left unassigned: delete them by hand (iam:DeleteVirtualMFADevice).`,
    );
  return {
    status: 'done',
    before: state(attachments, false),
    after: state([], true),
    undo: IRREVERSIBLE.user,
  };
}

/** A managed policy detached, or an inline one deleted (its document kept for `ato undo`). */
export async function detachPolicy(
  target: DetachPolicy['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const removals = deps.iamRemovals;
  if (!removals) return noRemovals;
  const { holder, policyArn, policyName } = target;
  const on = `${holder.type} ${holder.name}`;
  if (!policyArn && !policyName)
    return refuse(run, `the detach from ${on} names no policy (neither an ARN nor an inline name)`);
  // The deployed role's Denies name users and roles; a group's members are not checked anywhere.
  if (holder.type === 'group' && deps.protectedTagCheck === 'iam-policy')
    return refuse(
      run,
      `group ${holder.name}'s policies are not changed by the runbooks (a protected user may be a member): detach it from a laptop with ato approve`,
    );
  const principal = principalBehind(holder);
  const refusal = principal && (await guard(principal, run, deps));
  if (refusal) return refusal;
  if (policyArn) {
    const attached = (await removals.attachedPolicies(holder)).find((p) => p.policyArn === policyArn);
    if (!attached) return { status: 'skipped', error: `${policyArn} is not attached to ${on} any more` };
    await removals.detachPolicy(holder, policyArn);
    const state = (isAttached: boolean): ActionState => ({
      type: 'iam-removal',
      what: 'managed-policy',
      holder,
      policyArn,
      policyName: attached.policyName,
      attached: isAttached,
    });
    return {
      status: 'done',
      before: state(true),
      after: state(false),
      undo: `ato undo attaches ${policyArn} to ${on} again`,
    };
  }
  const name = policyName ?? '';
  const document = await removals.inlinePolicy(holder, name);
  if (document === null) return { status: 'skipped', error: `${on} has no inline policy ${name} any more` };
  await removals.deleteInlinePolicy(holder, name);
  return {
    status: 'done',
    before: { type: 'iam-removal', what: 'inline-policy', holder, policyName: name, document },
    after: { type: 'iam-removal', what: 'inline-policy', holder, policyName: name, document: null },
    undo: `ato undo puts ${name} back on ${on} from the document recorded before`,
  };
}

/** Needs the document to put back: CloudTrail records only the new one, so a person supplies it. */
export async function restoreTrustPolicy(
  target: RestoreTrustPolicy['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const { roleName, document } = target;
  if (!document)
    return refuse(
      run,
      `no trust policy to put back on role ${roleName}: CloudTrail records only the new one, so a person must supply the one from before the change`,
    );
  // The deployed role may not rewrite trust policies: on any unprotected role that is as strong as admin.
  if (deps.protectedTagCheck === 'iam-policy')
    return refuse(
      run,
      `the trust policy of role ${roleName} is put back only from a laptop (ato approve), not by the runbooks`,
    );
  const removals = deps.iamRemovals;
  if (!removals) return noRemovals;
  const refusal = await guard({ type: 'role', name: roleName }, run, deps);
  if (refusal) return refusal;
  const current = await removals.trustPolicy(roleName);
  if (current === null) return { status: 'skipped', error: `there is no role ${roleName} any more` };
  await removals.updateTrustPolicy(roleName, document);
  return {
    status: 'done',
    before: { type: 'iam-removal', what: 'trust-policy', roleName, document: current },
    after: { type: 'iam-removal', what: 'trust-policy', roleName, document },
    undo: `ato undo puts the trust policy of ${roleName} back as it was before`,
  };
}
