/**
 * The ports an investigation reads through. Providers implement them over CloudTrail, Account
 * Management and IAM; tests pass plain objects. Read-only, all of them: an investigation changes
 * nothing, it proposes.
 */
import type { PolicyHolder } from '../action';

/**
 * The parts of a CloudTrail record an investigation reads (record contents:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * The sources' parsed `CloudTrailCall` fits it as it is.
 */
export interface TrailEvent {
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  userIdentity: { type?: string; arn?: string; accessKeyId?: string; userName?: string };
  requestParameters?: Readonly<Record<string, unknown>>;
  responseElements?: Readonly<Record<string, unknown>>;
  errorCode?: string;
}

export interface TimeWindow {
  start: Date;
  end: Date;
}

export interface CloudTrailHistory {
  /**
   * Every management event made with `accessKeyId` in `region` inside `window`, every page, paced
   * under the API's rate limit; throttling is retried here, never surfaced while retries last.
   */
  lookupByAccessKey(region: string, accessKeyId: string, window: TimeWindow): AsyncIterable<TrailEvent>;
}

export interface RegionDirectory {
  /** The regions the account can use (opted in, or enabled by default): where an intruder can act. */
  enabledRegions(): Promise<string[]>;
}

export interface AccessKeyState {
  accessKeyId: string;
  userName: string;
  /** `Active` or `Inactive`, as IAM says. */
  status: string;
  createDate?: string;
}

export interface AttachedPolicies {
  /** Managed policy ARNs. */
  managed: string[];
  /** Inline policy names. */
  inline: string[];
}

export interface UserState {
  userName: string;
  createDate?: string;
  accessKeys: AccessKeyState[];
  /** A console password is set. */
  loginProfile: boolean;
  policies: AttachedPolicies;
}

export interface RoleState {
  roleName: string;
  createDate?: string;
  /** The trust policy, decoded JSON text. */
  trustPolicy?: string;
  policies: AttachedPolicies;
}

export interface ManagedPolicyState {
  policyArn: string;
  attachedTo: PolicyHolder[];
}

export interface CreatedInWindow {
  users: { userName: string; createDate: string }[];
  accessKeys: AccessKeyState[];
}

/** IAM as it is now. Every read answers `undefined` for a thing that does not exist (any more). */
export interface IamInventory {
  /** The IAM user holding a long-term key, and the key's state; undefined for a root key or a deleted one. */
  accessKey(accessKeyId: string): Promise<AccessKeyState | undefined>;
  user(userName: string): Promise<UserState | undefined>;
  role(roleName: string): Promise<RoleState | undefined>;
  groupPolicies(groupName: string): Promise<AttachedPolicies | undefined>;
  managedPolicy(policyArn: string): Promise<ManagedPolicyState | undefined>;
  /** Users and access keys created inside `window`, by anyone. */
  createdIn(window: TimeWindow): Promise<CreatedInWindow>;
}

export interface InvestigationPorts {
  history: CloudTrailHistory;
  regions: RegionDirectory;
  inventory: IamInventory;
  clock: { now(): Date };
  /** ISO 3166 alpha-2 country of an IP address, when a GeoIP database is at hand. */
  countryOf?: (ip: string) => string | undefined;
}

/** A deactivation the responder (or an approved person) made, as the incident store's stream delivered it. */
export interface KeyDeactivation {
  /** The stream record's own id: what a log line names to find it again. */
  eventId: string;
  incidentId: string;
  accessKeyId: string;
  actionId: string;
  /** When the deactivation started: with the key, it names this investigation among others of the incident. */
  deactivatedAt: string;
}

/** Where a deactivation waits until CloudTrail's history has caught up with the intruder. */
export interface InvestigationQueue {
  /** Delivers `deactivation` to the investigator after `delaySeconds` (0–900). */
  enqueue(deactivation: KeyDeactivation, delaySeconds: number): Promise<void>;
}
