/** Building plans: action ids, history checks, and the API calls an action stands for. */
import type { Action, ActionRecord, ActionSpec, Approval, Mode, Phase, Plan } from './action';
import { stableHash } from './ids';
import { oneLine } from './plain-text';
import type { Severity } from './signal';

export const REVOKE_POLICY_NAME = 'ato-responder-revoke-older-sessions';
export const QUARANTINE_POLICY_NAME = 'ato-responder-quarantine';

/**
 * A stable string for "the same action on the same thing", ignoring timestamps: the key for a key
 * action, the principal (once known) for a principal action, so a later signal naming only the user
 * finds what an earlier one did through the key.
 */
export function targetKey(spec: ActionSpec): string {
  const sendGrid = sendGridTargetKey(spec);
  if (sendGrid) return sendGrid;
  const t = spec.target;
  if ('channel' in t) return t.channel;
  if ('configurationSets' in t) return `ses/${t.region}/${t.configurationSets.join(',')}`;
  if ('region' in t) return `ses-senders/${t.region}`;
  if ('parameterName' in t) return `ssm/${t.parameterName}`;
  if ('allowedCountries' in t)
    return `${spec.kind === 'twilio.voice.restrict-dialing-countries' ? 'twilio-dialing' : 'twilio-sms-geo'}/${t.accountSid}`;
  if (spec.kind === 'aws.iam.deactivate-access-key') return spec.target.accessKeyId;
  // Removals an investigation proposes name a user, a role or a policy holder rather than a key.
  if ('holder' in t) return `${t.holder.type}/${t.holder.name}/${t.policyArn ?? t.policyName ?? ''}`;
  if ('roleName' in t) return `role/${t.roleName}`;
  if ('subaccountSid' in t) return `twilio-subaccount/${t.subaccountSid}`;
  if ('keySid' in t) return `twilio-key/${t.keySid}`;
  if ('numberSid' in t) return `twilio-number/${t.numberSid}`;
  if (spec.kind === 'twilio.auth-token.rotate') return `twilio-auth-token/${spec.target.accountSid}`;
  if ('accountSid' in t) return `twilio-audit/${t.accountSid}`;
  if (!('accessKeyId' in t)) return 'userName' in t ? `user/${t.userName}` : spec.kind;
  const principal = 'principal' in t && t.principal ? `${t.principal.type}/${t.principal.name}` : '';
  return principal || t.accessKeyId;
}

/**
 * Has this incident already done (or asked for) this action on this target? A dry-run's "would do"
 * counts only for another dry-run (an enforce run after it must act), and an undone action counts
 * as not done (a re-compromise after `ato undo` is contained again). A pending approval holds back
 * only another request for approval: an automatic action (stronger evidence) goes ahead.
 */
export function alreadyInHistory(
  spec: ActionSpec,
  mode: Mode,
  history: ActionRecord[],
  approval: Approval = 'auto',
): ActionRecord | undefined {
  const key = targetKey(spec);
  const undone = new Set(history.filter((r) => r.status === 'undone').map((r) => r.actionId));
  return history.find(
    (r) =>
      r.kind === spec.kind &&
      !undone.has(r.actionId) &&
      (r.status === 'done' ||
        (r.status === 'pending-approval' && approval === 'required') ||
        (r.status === 'would-do' && mode === 'dry-run')) &&
      targetKey({ kind: r.kind, target: r.target } as ActionSpec) === key,
  );
}

export class PlanBuilder {
  private readonly actions: Action[] = [];
  private readonly plan: Plan;

  /** Distinguishes the plans of two signals of one incident, even when they run concurrently. */
  private readonly runId: string;

  constructor(
    readonly incidentId: string,
    private readonly history: ActionRecord[],
    signalKey: string,
  ) {
    this.runId = stableHash(signalKey);
    this.plan = { incidentId, actions: this.actions, skipped: [], escalations: [], budgetHeld: false };
  }

  /** `repeat`: plan it even if the history has it (e.g. revoke sessions again after a new key). */
  add(
    spec: ActionSpec,
    opts: {
      phase: Phase;
      mode: Mode;
      approval: Approval;
      reversible: boolean;
      reason: string;
      repeat?: boolean;
    },
  ): void {
    const { repeat, ...rest } = opts;
    const earlier = repeat ? undefined : alreadyInHistory(spec, opts.mode, this.history, opts.approval);
    if (earlier) {
      this.skip(spec, `already ${earlier.status} in this incident (${earlier.actionId})`);
      return;
    }
    const id = `${this.incidentId}/${this.runId}-${this.actions.length + 1}-${spec.kind}`;
    this.actions.push({ ...spec, id, incidentId: this.incidentId, ...rest });
  }

  /** Actions planned so far, notification excluded. */
  get changes(): number {
    return this.actions.filter((a) => a.kind !== 'notify.incident').length;
  }

  get escalations(): number {
    return this.plan.escalations.length;
  }

  /**
   * One message when the incident opens, then one more only when a later signal changes something
   * or needs a person: a thread, not a flood. Call it last.
   */
  notify(mode: Mode): void {
    const spec: ActionSpec = { kind: 'notify.incident', target: { channel: 'sns' } };
    const notifiedBefore = this.history.some((r) => r.kind === 'notify.incident' && r.status === 'done');
    if (notifiedBefore && this.changes === 0 && this.escalations === 0) {
      this.skip(spec, 'nothing new to tell');
      return;
    }
    this.add(spec, {
      phase: 'notify',
      mode,
      approval: 'auto',
      reversible: false,
      reason: 'tell the responders',
      repeat: true,
    });
  }

  /** Raise the incident's severity to at least `severity` (a sequence, a stuffing burst). */
  raise(severity: Severity): void {
    this.plan.severity = severity;
  }

  /** The incident already spent its budget unit on an earlier containment. */
  holdBudget(): void {
    this.plan.budgetHeld = true;
  }

  skip(spec: ActionSpec | undefined, reason: string): void {
    this.plan.skipped.push(spec ? { kind: spec.kind, target: targetKey(spec), reason } : { reason });
  }

  escalate(reason: string): void {
    if (!this.plan.escalations.includes(reason)) this.plan.escalations.push(reason);
  }

  build(): Plan {
    return this.plan;
  }
}

/** Deny every action to sessions issued before `issuedBefore` (they outlive a deactivated key). */
export function revokeOlderSessionsPolicy(issuedBefore: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AtoResponderRevokeOlderSessions',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { DateLessThan: { 'aws:TokenIssueTime': issuedBefore } },
      },
    ],
  });
}

function sendGridTargetKey(spec: ActionSpec): string | undefined {
  switch (spec.kind) {
    case 'sendgrid.account.audit':
      return 'sendgrid-audit';
    case 'sendgrid.keys.delete-api-key':
      return `sendgrid-key/${spec.target.keyId}`;
    case 'sendgrid.subusers.disable':
      return `sendgrid-subuser/${spec.target.username}`;
    case 'sendgrid.teammates.remove':
      return `sendgrid-teammate/${spec.target.username ?? spec.target.inviteToken ?? spec.target.email}`;
    case 'sendgrid.access.restrict-ips':
      return 'sendgrid-ip-access';
    default:
      return undefined;
  }
}

/** Deny everything until a person removes it (`ato undo`). */
export function quarantinePolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'AtoResponderQuarantine', Effect: 'Deny', Action: '*', Resource: '*' }],
  });
}

/** The API calls an action makes, in order, in words an infra engineer reads as a CloudTrail line. */
export function apiCallsOf(action: ActionSpec): string[] {
  switch (action.kind) {
    case 'aws.iam.deactivate-access-key': {
      const lookup = action.target.userName
        ? []
        : [`iam:GetAccessKeyLastUsed AccessKeyId=${action.target.accessKeyId}`];
      const user = action.target.userName ?? '<owner>';
      return [
        ...lookup,
        `iam:UpdateAccessKey UserName=${user} AccessKeyId=${action.target.accessKeyId} Status=Inactive`,
      ];
    }
    case 'aws.iam.snapshot-principal':
      return [
        `iam:List*/Get* on ${describePrincipal(action.target.principal)} (keys, policies, groups, login profile, MFA, tags)`,
      ];
    case 'aws.iam.revoke-older-sessions':
      return [
        `iam:Put${kindOf(action.target.principal)}Policy ${describePrincipal(action.target.principal)} PolicyName=${REVOKE_POLICY_NAME} (Deny * if aws:TokenIssueTime < ${action.target.issuedBefore})`,
      ];
    case 'aws.iam.attach-deny-all':
      return [
        `iam:Put${kindOf(action.target.principal)}Policy ${describePrincipal(action.target.principal)} PolicyName=${QUARANTINE_POLICY_NAME} (Deny *)`,
      ];
    case 'aws.ses.pause-sending': {
      const { region, configurationSets, failoverFlag } = action.target;
      const pause = configurationSets.length
        ? configurationSets.map(
            (set) =>
              `ses:PutConfigurationSetSendingOptions (${region}) ConfigurationSetName=${set} SendingEnabled=false`,
          )
        : [`ses:PutAccountSendingAttributes (${region}) SendingEnabled=false`];
      const flag = failoverFlag
        ? [
            `then the failover flag: ssm:PutParameter Name=${failoverFlag.parameterName} Value=${failoverFlag.value}`,
          ]
        : [];
      return [...pause, ...flag];
    }
    case 'aws.ses.find-senders':
      return [
        'iam:GetAccountAuthorizationDetails (users, groups, roles, local policies; every page)',
        'iam:GetPolicy / GetPolicyVersion (AWS managed policies attached)',
        'iam:ListAccessKeys, iam:GetAccessKeyLastUsed (each sending user)',
      ];
    case 'twilio.voice.restrict-dialing-countries':
      return [
        'twilio:GET voice /v1/DialingPermissions/Countries (every page)',
        `twilio:POST voice /v1/DialingPermissions/BulkCountryUpdates (every country but ${action.target.allowedCountries.join(', ')}: low-risk, high-risk special and toll-fraud numbers off)`,
      ];
    case 'twilio.account.suspend-subaccount':
      return [
        `twilio:GET api /2010-04-01/Accounts/${action.target.subaccountSid}.json`,
        `twilio:POST api /2010-04-01/Accounts/${action.target.subaccountSid}.json Status=suspended`,
      ];
    case 'twilio.keys.delete-api-key':
      return [
        `twilio:DELETE api /2010-04-01/Accounts/${action.target.accountSid}/Keys/${action.target.keySid}.json`,
      ];
    case 'twilio.auth-token.rotate':
      return [
        "secretsmanager:GetSecretValue (the responder's Twilio secret)",
        'twilio:POST accounts /v1/AuthTokens/Secondary',
        'secretsmanager:PutSecretValue (the new token; the old one accepted for a short grace)',
        'twilio:POST accounts /v1/AuthTokens/Promote',
        'secretsmanager:PutSecretValue (the grace counted from the promotion)',
      ];
    case 'twilio.numbers.restore-webhook-urls':
      return [
        `twilio:GET api /2010-04-01/Accounts/${action.target.accountSid}/IncomingPhoneNumbers/${action.target.numberSid}.json`,
        oneLine(
          `twilio:POST api /2010-04-01/Accounts/${action.target.accountSid}/IncomingPhoneNumbers/${action.target.numberSid}.json ${action.target.urls.map((u) => `${u.field}=${u.url}`).join(' ')}`,
          1000,
        ),
      ];
    case 'sendgrid.account.audit':
      return [
        'sendgrid:GET /v3/api_keys, /v3/subusers, /v3/teammates, /v3/teammates/pending, /v3/access_settings/whitelist, /v3/access_settings/activity',
      ];
    case 'sendgrid.keys.delete-api-key':
      return [oneLine(`sendgrid:DELETE /v3/api_keys/${action.target.keyId}`, 300)];
    case 'sendgrid.subusers.disable':
      return [
        oneLine(`sendgrid:GET /v3/subusers?username=${action.target.username}`, 300),
        oneLine(`sendgrid:PATCH /v3/subusers/${action.target.username} {"disabled":true}`, 300),
      ];
    case 'sendgrid.teammates.remove':
      return [
        oneLine(
          action.target.inviteToken
            ? `sendgrid:DELETE /v3/teammates/pending/${action.target.inviteToken}`
            : `sendgrid:DELETE /v3/teammates/${action.target.username ?? action.target.email}`,
          300,
        ),
      ];
    case 'sendgrid.access.restrict-ips':
      return [
        'sendgrid:GET /v3/access_settings/activity, /v3/access_settings/whitelist',
        oneLine(
          `sendgrid:POST /v3/access_settings/whitelist (the missing ones of ${action.target.allowedIps.join(', ')})`,
          500,
        ),
        'sendgrid:DELETE /v3/access_settings/whitelist (every other rule but those covering the responder)',
      ];
    case 'twilio.account.audit':
      return [
        'twilio:GET api /2010-04-01/Accounts.json, Keys.json, IncomingPhoneNumbers.json, OutgoingCallerIds.json (every page)',
        'twilio:GET iam /v1/Keys',
      ];
    case 'twilio.messaging.restrict-geo-permissions':
      return [
        'twilio:GET accounts /v1/Messaging/GeoPermissions',
        `twilio:PATCH accounts /v1/Messaging/GeoPermissions (every enabled country but ${action.target.allowedCountries.join(', ')}: disabled)`,
      ];
    case 'aws.ssm.set-failover-flag':
      return [
        `ssm:GetParameter Name=${action.target.parameterName}`,
        `ssm:PutParameter Name=${action.target.parameterName} Value=${action.target.value} Overwrite=true`,
      ];
    case 'notify.incident':
      return [`sns:Publish (incident summary)`];
    case 'aws.iam.delete-access-key':
      return [
        `iam:DeleteAccessKey UserName=${action.target.userName} AccessKeyId=${action.target.accessKeyId}`,
      ];
    case 'aws.iam.delete-login-profile':
      return [`iam:DeleteLoginProfile UserName=${action.target.userName}`];
    case 'aws.iam.delete-user':
      // IAM refuses DeleteUser while anything is still attached to the user.
      return [
        `iam:List*/Delete*/Detach* of UserName=${action.target.userName}'s access keys, login profile, MFA devices, certificates, policies and group memberships`,
        `iam:DeleteUser UserName=${action.target.userName}`,
      ];
    case 'aws.iam.detach-policy': {
      const { holder, policyArn, policyName } = action.target;
      const kind = holder.type === 'user' ? 'User' : holder.type === 'role' ? 'Role' : 'Group';
      return [
        policyArn !== undefined
          ? `iam:Detach${kind}Policy ${kind}Name=${holder.name} PolicyArn=${policyArn}`
          : `iam:Delete${kind}Policy ${kind}Name=${holder.name} PolicyName=${policyName ?? '<unknown>'}`,
      ];
    }
    case 'aws.iam.restore-trust-policy':
      return [
        `iam:UpdateAssumeRolePolicy RoleName=${action.target.roleName} PolicyDocument=${
          action.target.document ?? '<the trust policy before the change, supplied by the approver>'
        }`,
      ];
  }
}

function kindOf(principal: { type: 'user' | 'role' } | undefined): string {
  return principal?.type === 'role' ? 'Role' : 'User';
}

function describePrincipal(principal: { type: 'user' | 'role'; name: string } | undefined): string {
  if (!principal) return 'UserName=<owner>';
  return principal.type === 'role' ? `RoleName=${principal.name}` : `UserName=${principal.name}`;
}
