/**
 * The ports the core drives. Providers implement them (AWS SDK, files, SNS); tests pass plain
 * objects. Nothing here imports an SDK.
 */
import type {
  ActionRecord,
  ApprovalDecisionStatus,
  IamPrincipal,
  PendingApproval,
  PolicyHolder,
} from './action';
import type { Incident, PrincipalSnapshot } from './incident';

/** A failure reported by a provider, typed at the boundary: which call, on what, what AWS said. */
export class ProviderError extends Error {
  constructor(
    readonly call: string,
    readonly resource: string,
    readonly code: string,
    message: string,
    /** Throttling, 5xx, network: worth a retry of the whole delivery. */
    readonly retryable: boolean,
  ) {
    super(`${call} on ${resource} failed: ${code}: ${message}`);
    this.name = 'ProviderError';
  }

  /** AWS refused (IAM, SNS, KMS): for the responder's role on IAM that means a protected principal (the stack's Deny). */
  get accessDenied(): boolean {
    return [
      'AccessDenied',
      'AccessDeniedException',
      'AuthorizationErrorException',
      'KMSAccessDeniedException',
    ].includes(this.code);
  }
}

export interface IamPort {
  /** GetAccessKeyLastUsed: the owner of a key when the source event did not name it. */
  findKeyOwner(accessKeyId: string): Promise<{ userName: string } | { root: true } | undefined>;
  /** ListAccessKeys for one user, to read a key's status before changing it (CLI pre-flight). */
  getAccessKeyStatus(userName: string, accessKeyId: string): Promise<string | undefined>;
  setAccessKeyStatus(userName: string, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<void>;
  getPrincipalTags(principal: IamPrincipal): Promise<Record<string, string>>;
  snapshotPrincipal(principal: IamPrincipal): Promise<PrincipalSnapshot>;
  getInlinePolicy(principal: IamPrincipal, policyName: string): Promise<string | null>;
  putInlinePolicy(principal: IamPrincipal, policyName: string, document: string): Promise<void>;
  deleteInlinePolicy(principal: IamPrincipal, policyName: string): Promise<void>;
}

/**
 * What IAM wants gone from a user before DeleteUser, as listed: the record keeps each one for the
 * auditor (an inline policy with its document).
 */
export type UserAttachment =
  | { kind: 'access-key'; accessKeyId: string; status: string; createDate?: string }
  | { kind: 'login-profile'; createDate?: string; passwordResetRequired?: boolean }
  | { kind: 'mfa-device'; serialNumber: string; enableDate?: string }
  | { kind: 'signing-certificate'; certificateId: string; status: string }
  | { kind: 'ssh-public-key'; sshPublicKeyId: string; status: string }
  | { kind: 'service-specific-credential'; credentialId: string; serviceName: string; status: string }
  | { kind: 'inline-policy'; policyName: string; document: string }
  | { kind: 'managed-policy'; policyArn: string; policyName: string }
  | { kind: 'group'; groupName: string };
export type UserAttachmentKind = UserAttachment['kind'];

/**
 * Removals a person approved (investigation proposals): separate from IamPort, so the automatic
 * responder, whose role grants none of this, never holds delete powers. Every removal is
 * idempotent: what is already gone is what the caller wanted.
 */
export interface IamRemovalPort {
  /** The user's attachments of these kinds, each listing to its last page; undefined: no such user. */
  userAttachments(
    userName: string,
    kinds: readonly UserAttachmentKind[],
  ): Promise<UserAttachment[] | undefined>;
  /** The one call that removes it: DeleteAccessKey, DeleteLoginProfile, DeactivateMFADevice… RemoveUserFromGroup. */
  removeFromUser(userName: string, attachment: UserAttachment): Promise<void>;
  /** IAM refuses it (DeleteConflict) while anything is still attached. */
  deleteUser(userName: string): Promise<void>;
  attachedPolicies(holder: PolicyHolder): Promise<{ policyName: string; policyArn: string }[]>;
  /** The inline policy's document; null when the holder has none of that name. */
  inlinePolicy(holder: PolicyHolder, policyName: string): Promise<string | null>;
  detachPolicy(holder: PolicyHolder, policyArn: string): Promise<void>;
  deleteInlinePolicy(holder: PolicyHolder, policyName: string): Promise<void>;
  /** The role's trust policy document; null when there is no such role. */
  trustPolicy(roleName: string): Promise<string | null>;
  updateTrustPolicy(roleName: string, document: string): Promise<void>;
}

/** What `ato undo` puts back after a removal that can be undone: a person's credentials only. */
export interface IamRestorePort {
  attachPolicy(holder: PolicyHolder, policyArn: string): Promise<void>;
  putInlinePolicy(holder: PolicyHolder, policyName: string, document: string): Promise<void>;
  updateTrustPolicy(roleName: string, document: string): Promise<void>;
}

/** SES sending switches (SES API v2), per region. */
export interface SesPort {
  /** Whether sending is enabled: the account's in `region`, or one configuration set's. */
  sendingEnabled(region: string, configurationSet?: string): Promise<boolean>;
  setSendingEnabled(region: string, enabled: boolean, configurationSet?: string): Promise<void>;
}

/**
 * SSM parameters of the responder's own region: the email failover flag applications read to send
 * through a second provider while SES is paused.
 */
export interface ParameterPort {
  /** The parameter's value; null when it does not exist. */
  get(name: string): Promise<string | null>;
  /** Write `value`; `create`: the parameter does not exist yet (it is made a plain String). */
  put(name: string, value: string, create: boolean): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Form parameters in order, as a vendor sends or takes them: a name may repeat. */
export type FormParams = readonly (readonly [string, string])[];

/** A country's voice dialing permissions in one Twilio account (Voice "DialingPermissions"). */
export interface DialingCountry {
  /** ISO 3166 alpha-2. */
  isoCode: string;
  lowRisk: boolean;
  highRiskSpecial: boolean;
  highRiskTollFraud: boolean;
}

/** One Twilio account's voice geographic permissions. */
export interface TwilioVoicePort {
  readonly accountSid: string;
  dialingCountries(): Promise<DialingCountry[]>;
  updateDialingCountries(countries: DialingCountry[]): Promise<void>;
}

/** A country's SMS geo permission in one Twilio account. */
export interface MessagingCountry {
  /** ISO 3166 alpha-2. */
  countryCode: string;
  enabled: boolean;
}

/** What Twilio said of one country in an update: its code is not 0 when it refused (30649: Console only). */
export interface MessagingUpdateResult extends MessagingCountry {
  errorCode: number;
  errorMessage?: string;
}

/** One Twilio account's messaging geo permissions. */
export interface TwilioMessagingPort {
  readonly accountSid: string;
  geoPermissions(): Promise<MessagingCountry[]>;
  updateGeoPermissions(countries: MessagingCountry[]): Promise<MessagingUpdateResult[]>;
}

/** A phone number's URL fields, named as Twilio's IncomingPhoneNumber update takes them. */
export type NumberUrlField = 'VoiceUrl' | 'VoiceFallbackUrl' | 'SmsUrl' | 'SmsFallbackUrl' | 'StatusCallback';
/** `url: ''`: the field is (to be) empty. */
export interface NumberUrl {
  field: NumberUrlField;
  url: string;
}

/** What a Twilio account holds that an intruder leaves behind or rewires (read-only). */
export interface TwilioAccountInventory {
  subaccounts: { sid: string; friendlyName: string; status: string; dateCreated?: string }[];
  apiKeys: { sid: string; friendlyName: string; dateCreated?: string }[];
  phoneNumbers: {
    sid: string;
    phoneNumber: string;
    /** Every URL Twilio calls for the number: voice, voice fallback, SMS, SMS fallback, status callback. */
    urls: NumberUrl[];
  }[];
  callerIds: { sid: string; phoneNumber: string; friendlyName: string; dateCreated?: string }[];
  /** The API key these reads were made with (the responder's own): never a finding. */
  ownKeySid?: string;
  /** Listings Twilio refused or failed (a Standard key cannot list accounts or keys): what is missing. */
  unread?: { listing: string; error: string }[];
}

/** Changes to a Twilio account that only a person's approval starts. */
export interface TwilioAdminPort {
  readonly accountSid: string;
  /** `active`, `suspended` or `closed`, as Twilio says. */
  subaccountStatus(subaccountSid: string): Promise<string>;
  setSubaccountStatus(subaccountSid: string, status: 'active' | 'suspended'): Promise<void>;
  deleteApiKey(keySid: string): Promise<void>;
  /** A new secondary auth token (Accounts v1 `AuthTokens/Secondary`); the primary still works. */
  createSecondaryAuthToken(): Promise<string>;
  /** The secondary becomes the primary; the old primary stops working at once. */
  promoteSecondaryAuthToken(): Promise<void>;
  deleteSecondaryAuthToken(): Promise<void>;
  /** A phone number's URL fields as they are now. */
  numberUrls(numberSid: string): Promise<NumberUrl[]>;
  setNumberUrls(numberSid: string, urls: readonly NumberUrl[]): Promise<void>;
}

/** One secret the responder reads its credentials from, and may replace (a token rotation). */
export interface SecretPort {
  read(): Promise<string>;
  write(value: string): Promise<void>;
}

export interface TwilioAuditPort {
  readonly accountSid: string;
  inventory(): Promise<TwilioAccountInventory>;
}

/** What a SendGrid account holds that an intruder adds to stay in (read-only). */
export interface SendGridInventory {
  apiKeys: { id: string; name: string }[];
  subusers: { id: string; username: string; email: string; disabled: boolean }[];
  teammates: { username: string; email: string; isAdmin: boolean; userType: string }[];
  pendingInvites: { email: string; isAdmin: boolean; pendingId: string }[];
  /** IP access management: the allowed ranges; empty when any IP may log in. */
  allowedIps: string[];
  /** Recent logins and attempts, newest first. */
  access: { ip: string; allowed: boolean; authMethod: string; location: string; lastAt?: string }[];
  /** The API key these reads were made with (the responder's own): never a finding. */
  ownKeyId?: string;
}

export interface SendGridAuditPort {
  inventory(): Promise<SendGridInventory>;
}

/** An IP access rule as SendGrid lists it. */
export interface SendGridIpRule {
  id: number;
  ip: string;
}

/** Changes to the SendGrid account that only a person's approval starts. */
export interface SendGridAdminPort {
  /** The id of the API key these calls are made with (`SG.<id>.<secret>`): never deleted. */
  readonly ownKeyId: string | undefined;
  deleteApiKey(keyId: string): Promise<void>;
  /** Undefined when there is no such subuser. */
  subuserDisabled(username: string): Promise<boolean | undefined>;
  setSubuserDisabled(username: string, disabled: boolean): Promise<void>;
  deleteTeammate(username: string): Promise<void>;
  deletePendingInvite(token: string): Promise<void>;
  ipRules(): Promise<SendGridIpRule[]>;
  addIpRules(ips: readonly string[]): Promise<void>;
  deleteIpRules(ids: readonly number[]): Promise<void>;
}

/** CloudWatch alarms, read-only: what `ato ses resume` checks before it turns sending back on. */
export interface AlarmStatePort {
  /** The names of the alarms starting with `namePrefix` in `region` that are in ALARM now. */
  alarmsInAlarm(region: string, namePrefix: string): Promise<string[]>;
}

export interface Notifier {
  /** `incidentId`: sent along as a message attribute, for subscribers that fetch the incident (Slack). */
  publish(subject: string, message: string, incidentId?: string): Promise<{ messageId?: string }>;
}

export interface Clock {
  now(): Date;
}

/** Result of opening (or joining) the incident for a subject. */
export interface OpenedIncident {
  incident: Incident;
  created: boolean;
}

export interface IncidentStore {
  /**
   * Claim a source event. True for the first delivery only; concurrent deliveries race and exactly
   * one wins. The claim is a lease of `leaseSeconds` (default 48 h, EventBridge's retry horizon):
   * a run that dies without completing or releasing it (a timeout) frees the event when it ends.
   */
  claimEvent(dedupKey: string, now: Date, leaseSeconds?: number): Promise<boolean>;
  /** The event was handled: its claim now holds for 48 h, so every redelivery is a no-op. */
  completeEvent(dedupKey: string, now: Date): Promise<void>;
  /** Undo a claim when processing failed in a way worth a retry. */
  releaseEvent(dedupKey: string): Promise<void>;
  /** The open incident for a subject key, if any (one per subject). */
  findOpenIncident(subjectKey: string): Promise<Incident | undefined>;
  /**
   * Create `candidate` as the subject's open incident unless one exists; if another writer won the
   * race, return theirs with `created: false`.
   */
  openIncident(subjectKey: string, candidate: Incident): Promise<OpenedIncident>;
  /**
   * Point another subject key at an incident (e.g. the principal's, once known) unless that key
   * already points at an open incident; returns the incident id the key points at afterwards.
   */
  linkSubject(subjectKey: string, incidentId: string): Promise<string>;
  /**
   * Write an incident; fails with a ConcurrentUpdateError if `incident.version` is stale.
   * Returns it with `version + 1`. Saving a `resolved` incident frees its subject keys.
   */
  saveIncident(incident: Incident): Promise<Incident>;
  getIncident(incidentId: string): Promise<Incident | undefined>;
  listIncidents(limit?: number): Promise<Incident[]>;
  appendActionRecord(record: ActionRecord): Promise<void>;
  listActionRecords(incidentId: string): Promise<ActionRecord[]>;
  putApproval(approval: PendingApproval): Promise<void>;
  getApproval(approvalId: string): Promise<PendingApproval | undefined>;
  /**
   * Mark a pending approval decided; false if it was not pending any more (someone else decided) or,
   * for `approved`/`denied`, if it expired before `at` (`expiresAt`). `expired` closes it regardless.
   */
  decideApproval(approvalId: string, status: ApprovalDecisionStatus, by: string, at: Date): Promise<boolean>;
  /**
   * Add `voter` to a pending approval's votes, if it still holds exactly `expected` votes: two
   * approvers clicking at once cannot both be counted as the one that was still missing. False when
   * it was decided or voted on meanwhile.
   */
  recordVote(approvalId: string, voter: string, expected: number): Promise<boolean>;
  /**
   * Atomically take one automatic containment from the rolling-hour budget for `holder` (an
   * incident, or a key contained before its incident is known). False when `limit` containments
   * already happened in the hour before `now`; true without spending again when `holder` already
   * holds a unit in that hour.
   */
  reserveContainment(holder: string, now: Date, limit: number): Promise<boolean>;
  /** How many automatic containments happened in the hour before `now` (for planning). */
  containmentsInLastHour(now: Date): Promise<number>;
}

export class ConcurrentUpdateError extends Error {
  constructor(readonly incidentId: string) {
    super(`incident ${incidentId} was changed by another writer`);
    this.name = 'ConcurrentUpdateError';
  }
}

/**
 * What a Twilio or SendGrid account held at the last scheduled audit, to tell what is new since:
 * identifiers per kind (subaccounts, API keys, subusers, teammates, invites, allowed IPs) and, for
 * Twilio, each number's last URLs that pointed at the business's own hosts.
 */
export interface InventorySnapshot {
  provider: 'twilio' | 'sendgrid';
  /** The Twilio Account SID, or `sendgrid`: one SendGrid account per deployment. */
  account: string;
  takenAt: string;
  items: Record<string, string[]>;
  /** Twilio: number SID → the URL fields last seen on an allowed host. */
  knownGoodUrls?: Record<string, NumberUrl[]>;
}

export interface SnapshotStore {
  getSnapshot(
    provider: InventorySnapshot['provider'],
    account: string,
  ): Promise<InventorySnapshot | undefined>;
  putSnapshot(snapshot: InventorySnapshot): Promise<void>;
}
