import type { PrincipalSnapshot } from './incident';
import type {
  DeleteAccessKey,
  DeleteLoginProfile,
  DeleteUser,
  DetachPolicy,
  IamRemovalState,
  RestoreTrustPolicy,
} from './iam-removal-actions';
import type { DialingCountry, MessagingCountry, NumberUrl } from './ports';

export type {
  DeleteAccessKey,
  DeleteLoginProfile,
  DeleteUser,
  DetachPolicy,
  IamRemovalState,
  PolicyHolder,
  RestoreTrustPolicy,
} from './iam-removal-actions';
import type { Severity } from './signal';

export type Mode = 'enforce' | 'dry-run';
export type Approval = 'auto' | 'required';

/** Containment is on the critical path and runs first, alone; the rest follows. */
export type Phase = 'containment' | 'investigation' | 'notify';

/** The principal an IAM action works on. */
export interface IamPrincipal {
  type: 'user' | 'role';
  name: string;
}

export interface DeactivateAccessKey {
  kind: 'aws.iam.deactivate-access-key';
  target: { accessKeyId: string; userName?: string };
}
export interface SnapshotPrincipal {
  kind: 'aws.iam.snapshot-principal';
  target: { principal?: IamPrincipal; accessKeyId: string };
}
export interface RevokeOlderSessions {
  kind: 'aws.iam.revoke-older-sessions';
  /** Sessions issued before `issuedBefore` are denied everything. */
  target: { principal?: IamPrincipal; accessKeyId: string; issuedBefore: string };
}
export interface AttachDenyAll {
  kind: 'aws.iam.attach-deny-all';
  target: { principal?: IamPrincipal; accessKeyId: string };
}
/** Pause SES sending in a region: the account's, or only the named configuration sets'. */
export interface PauseSesSending {
  kind: 'aws.ses.pause-sending';
  target: {
    region: string;
    configurationSets: string[];
    /**
     * Raised right after the pause once a person approves it: one decision for both, since the
     * flag alone would send mail to the backup while SES keeps sending (and the pause alone leaves
     * applications failing against a paused SES).
     */
    failoverFlag?: { parameterName: string; value: string };
  };
}
/**
 * Find who can send through SES (read-only): each sending user's active key becomes a deactivation
 * waiting for approval — the production application may use it.
 */
export interface FindSesSenders {
  kind: 'aws.ses.find-senders';
  target: { region: string };
}
/** Point applications at the backup email provider: the SSM failover flag (config ses.failoverFlag). */
export interface SetFailoverFlag {
  kind: 'aws.ssm.set-failover-flag';
  target: { parameterName: string; value: string };
}
/**
 * Voice geographic permissions of a Twilio account down to the countries the business uses: every
 * other country's low-risk, high-risk-special and toll-fraud numbers are switched off. Reversible.
 */
export interface RestrictTwilioDialing {
  kind: 'twilio.voice.restrict-dialing-countries';
  target: { accountSid: string; allowedCountries: string[] };
}
/** SMS geo permissions of a Twilio account down to the allowed countries. Reversible. */
export interface RestrictTwilioMessaging {
  kind: 'twilio.messaging.restrict-geo-permissions';
  target: { accountSid: string; allowedCountries: string[] };
}
/** Read what the intruder may have left in a Twilio account: subaccounts, keys, number URLs, caller IDs. */
export interface AuditTwilioAccount {
  kind: 'twilio.account.audit';
  target: { accountSid: string };
}
/** Suspend a subaccount the intruder may have made: reversible (`active` again), on approval only. */
export interface SuspendTwilioSubaccount {
  kind: 'twilio.account.suspend-subaccount';
  target: { accountSid: string; subaccountSid: string };
}
/** Delete an API key nobody declared: irreversible (a new key must be made), on approval only. */
export interface DeleteTwilioApiKey {
  kind: 'twilio.keys.delete-api-key';
  target: { accountSid: string; keySid: string };
}
/**
 * Reset the account's auth token (Twilio: create a secondary token, promote it): the leaked primary
 * stops working. The responder's own secret is switched to the new token in the same step, so its
 * API calls and signature checks go on. Irreversible, on approval only.
 */
export interface RotateTwilioAuthToken {
  kind: 'twilio.auth-token.rotate';
  target: { accountSid: string };
}
/**
 * Point a phone number's webhook URLs away from a host that is not the business's: back to the last
 * URL seen on its own hosts, or empty when none was seen. On approval only; undo puts the URLs back.
 */
export interface RestoreTwilioNumberUrls {
  kind: 'twilio.numbers.restore-webhook-urls';
  target: { accountSid: string; numberSid: string; phoneNumber: string; urls: NumberUrl[] };
}
/** Read what an intruder may have added to the SendGrid account: keys, subusers, teammates, IP access. */
export interface AuditSendGridAccount {
  kind: 'sendgrid.account.audit';
  target: { account: 'sendgrid' };
}
/** Delete an API key nobody declared (never the responder's own): irreversible, on approval only. */
export interface DeleteSendGridApiKey {
  kind: 'sendgrid.keys.delete-api-key';
  target: { keyId: string; name: string };
}
/** Disable a subuser: reversible (enabled again), on approval only. */
export interface DisableSendGridSubuser {
  kind: 'sendgrid.subusers.disable';
  target: { username: string };
}
/** Remove a teammate, or withdraw a pending invite (`inviteToken`): irreversible, on approval only. */
export interface RemoveSendGridTeammate {
  kind: 'sendgrid.teammates.remove';
  target: { email: string; username?: string; inviteToken?: string };
}
/**
 * Restrict IP access to `allowedIps` (config sendgrid.allowedIps): the missing rules added, every
 * other rule removed. Refused when a `keepIps` address (the responder's egress) would not be covered.
 */
export interface RestrictSendGridIps {
  kind: 'sendgrid.access.restrict-ips';
  target: { allowedIps: string[]; keepIps: string[] };
}
/**
 * Turn SES sending back on in a region where the responder paused it, and the failover flag back once
 * no pause remains (`ato ses resume`): refused while the responder's SES alarms there are in ALARM or
 * the incident is not resolved. Asked for with `/ato ses-resume`; on approval only.
 */
export interface ResumeSesSending {
  kind: 'aws.ses.resume-sending';
  target: { region: string };
}
/**
 * Put back what the responder changed in an incident, from the recorded before-states (`ato undo`);
 * SES sending aside, which only a resume brings back. Asked for with `/ato undo`; on approval only.
 */
export interface UndoIncident {
  kind: 'ato.incident.undo';
  target: { incidentId: string };
}
export interface NotifyIncident {
  kind: 'notify.incident';
  target: { channel: 'sns' };
}

export type ActionSpec =
  | DeactivateAccessKey
  | SnapshotPrincipal
  | RevokeOlderSessions
  | AttachDenyAll
  | PauseSesSending
  | SetFailoverFlag
  | FindSesSenders
  | RestrictTwilioDialing
  | RestrictTwilioMessaging
  | AuditTwilioAccount
  | SuspendTwilioSubaccount
  | DeleteTwilioApiKey
  | RotateTwilioAuthToken
  | RestoreTwilioNumberUrls
  | AuditSendGridAccount
  | DeleteSendGridApiKey
  | DisableSendGridSubuser
  | RemoveSendGridTeammate
  | RestrictSendGridIps
  | ResumeSesSending
  | UndoIncident
  | NotifyIncident
  | DeleteAccessKey
  | DeleteLoginProfile
  | DeleteUser
  | DetachPolicy
  | RestoreTrustPolicy;
export type ActionKind = ActionSpec['kind'];

export type Action = ActionSpec & {
  /** Deterministic: `${incidentId}/${index}-${kind}`, so a replayed plan names the same actions. */
  id: string;
  incidentId: string;
  phase: Phase;
  mode: Mode;
  approval: Approval;
  /** Can `ato undo` put things back from the recorded before-state? */
  reversible: boolean;
  /** Plain words: why this action, and why in this mode. */
  reason: string;
};

export interface Skipped {
  kind?: ActionKind;
  target?: string;
  reason: string;
}

export interface Plan {
  incidentId: string;
  actions: Action[];
  skipped: Skipped[];
  /** Reasons a person must look now, in plain words. */
  escalations: string[];
  /** The incident already holds a blast-radius budget unit: its containments spend no more. */
  budgetHeld: boolean;
  /** The incident's severity is raised to at least this (what the evidence together says). */
  severity?: Severity;
}

export type ActionStatus =
  | 'done'
  | 'would-do'
  | 'pending-approval'
  /** A person said no (Slack's Deny); `approvedBy` holds who. */
  | 'denied'
  /** Nobody decided before the approval expired. */
  | 'expired'
  | 'refused'
  | 'failed'
  | 'skipped'
  | 'undone';

/** The audit trail: one per action run (or not run), with what was there before and after. */
export interface ActionRecord {
  actionId: string;
  incidentId: string;
  kind: ActionKind;
  target: Action['target'];
  mode: Mode;
  approval: Approval;
  status: ActionStatus;
  /** Who did it: `ato-responder` (automatic), or the person/role that ran the CLI or approved it. */
  actor: string;
  approvedBy?: string;
  approvalId?: string;
  reason: string;
  startedAt: string;
  finishedAt: string;
  before?: ActionState;
  after?: ActionState;
  error?: string;
  /** How to put it back, in words (the CLI's `undo` does it from `before`). */
  undo?: string;
}

/** Before/after state of the thing an action changed. */
export type ActionState =
  | { type: 'access-key'; userName: string; accessKeyId: string; status: string; observed: boolean }
  | { type: 'inline-policy'; principal: IamPrincipal; policyName: string; document: string | null }
  | { type: 'principal-snapshot'; snapshot: PrincipalSnapshot }
  | { type: 'notification'; messageId?: string; subject: string }
  /**
   * SES sending in a region, per scope (no `configurationSet`: the account's). `observed: false`: not
   * read before the pause (the pause is the first call); sending is then assumed to have been enabled.
   */
  | {
      type: 'ses-sending';
      region: string;
      sending: { configurationSet?: string; enabled: boolean }[];
      observed: boolean;
    }
  /** An SSM parameter of the responder's region; `value: null`: it did not exist. */
  | { type: 'ssm-parameter'; name: string; value: string | null }
  /** The countries whose voice dialing permissions changed, as they were (before) or are (after). */
  | { type: 'twilio-dialing'; accountSid: string; countries: DialingCountry[] }
  /** The countries whose SMS geo permission this changed, as they were (before) or are (after). */
  | { type: 'twilio-messaging-geo'; accountSid: string; countries: MessagingCountry[] }
  | { type: 'twilio-subaccount'; accountSid: string; subaccountSid: string; status: string }
  | { type: 'twilio-api-key'; accountSid: string; keySid: string; deleted: boolean }
  /**
   * The account's auth token: `rotatedAt` when this step promoted a new one; `previousAcceptedUntil`:
   * until when the responder still accepts signatures made with the old one (callbacks in flight).
   * Never the token itself.
   */
  | { type: 'twilio-auth-token'; accountSid: string; rotatedAt?: string; previousAcceptedUntil?: string }
  /** A phone number's webhook URLs, those this changed, as they were (before) or are (after). */
  | { type: 'twilio-number-urls'; accountSid: string; numberSid: string; urls: NumberUrl[] }
  | { type: 'sendgrid-api-key'; keyId: string; name: string; deleted: boolean }
  | { type: 'sendgrid-subuser'; username: string; disabled: boolean }
  | { type: 'sendgrid-teammate'; email: string; username?: string; removed: boolean }
  /** The IP access rules (as SendGrid lists them); empty: every address may use the account. */
  | { type: 'sendgrid-ip-access'; rules: string[] }
  /** What the SendGrid audit found, each in one plain sentence. */
  | { type: 'sendgrid-audit'; findings: { kind: string; text: string }[] }
  /** What a Twilio account's audit found, each in one plain sentence. */
  | { type: 'twilio-audit'; accountSid: string; findings: { kind: string; sid: string; text: string }[] }
  /**
   * What an approved resume or undo put back, each step in words (each has its own `undone` record
   * too); `notes`: what it left, and why.
   */
  | { type: 'restored'; steps: string[]; notes?: string[] }
  /** What an approved IAM removal found before it, and left after it. */
  | ({ type: 'iam-removal' } & IamRemovalState)
  /** Who can send through SES in `region`, most likely first; `approvalId` where a key awaits one. */
  | {
      type: 'ses-senders';
      region: string;
      suspects: {
        principal: IamPrincipal;
        accessKeyId?: string;
        likely: boolean;
        why: string;
        approvalId?: string;
      }[];
    };

export interface PendingApproval {
  approvalId: string;
  incidentId: string;
  action: Action;
  requestedAt: string;
  reason: string;
  status: ApprovalStatus;
  decidedBy?: string;
  decidedAt?: string;
  /** Who asked for it: `slack:U…` for the /ato command; absent: the responder's own plan. */
  requestedBy?: string;
  /** Approvers who said yes so far, when more than one is needed (Slack user ids). */
  votes?: string[];
  /**
   * Set when the approval is asked in Slack: after this nobody can decide it (the store's conditional
   * write refuses), and its runbook's approval step times out.
   */
  expiresAt?: string;
  /** Actions run with the approved one, decided together (e.g. SMS geo permissions with voice's). */
  with?: Action[];
  /** The runbook (state machine) waiting for this decision, once its approval step has started. */
  runbook?: { name: string; taskToken: string };
}

/** `expired`: nobody decided before `expiresAt` (the runbook's approval step timed out). */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';
export type ApprovalDecisionStatus = Exclude<ApprovalStatus, 'pending'>;

/** Past its `expiresAt` at `at`: nobody may approve or deny it any more, only close it as expired. */
export function approvalExpired(approval: PendingApproval, at: Date): boolean {
  return approval.expiresAt !== undefined && Date.parse(approval.expiresAt) <= at.getTime();
}
