/** What an investigation of a key hands back: plain data, serializable as JSON as it is. */
import type { Action, PolicyHolder } from '../action';

export interface InvestigatedKey {
  accessKeyId: string;
  /** 0 for the key asked about; n for a session issued by a key of depth n-1. */
  depth: number;
  /** The STS call that issued this session key, for derived keys. */
  issuedBy?: { accessKeyId: string; eventId: string; eventName: string; eventTime: string };
  events: number;
}

export interface TimelineEntry {
  time: string;
  region: string;
  /** Exactly as CloudTrail recorded them: attacker-controlled, escape when rendering. */
  sourceIp?: string;
  userAgent?: string;
  /** `service:EventName`, e.g. `iam:CreateUser`. */
  event: string;
  target?: string;
  errorCode?: string;
  accessKeyId: string;
  eventId: string;
}

export interface Count {
  name: string;
  count: number;
}

export interface InvestigationSummary {
  events: number;
  succeeded: number;
  failed: number;
  firstSeen?: string;
  lastSeen?: string;
  services: Count[];
  regions: Count[];
  sourceIps: (Count & { country?: string })[];
  userAgents: Count[];
}

/** What the intruder left behind, by what it is. */
export type RogueRef =
  | { kind: 'user'; userName: string }
  | { kind: 'access-key'; userName: string; accessKeyId: string }
  | { kind: 'login-profile'; userName: string }
  | { kind: 'role'; roleName: string }
  | { kind: 'trust-policy'; roleName: string }
  | { kind: 'managed-policy'; policyArn: string }
  | { kind: 'policy-attachment'; holder: PolicyHolder; policyArn?: string; policyName?: string };

export interface CurrentState {
  exists: boolean;
  /** Plain words: `active`, `inactive`, `still attached`, `gone`… */
  detail: string;
}

export interface RogueItem {
  ref: RogueRef;
  /** `made-by-key`: CloudTrail shows the key or one of its sessions doing it. `created-in-window`: IAM shows it was created during the incident, by someone. */
  origin: 'made-by-key' | 'created-in-window';
  /** The calls that created or changed it (`CreateUser`, `UpdateAssumeRolePolicy`…). */
  changes: string[];
  /** CloudTrail event ids; empty for `created-in-window`. */
  evidence: string[];
  /** The keys (the one investigated or its sessions) that made the changes. */
  byKeys: string[];
  current: CurrentState;
}

/** A lookup that failed for good (not throttling: that is retried): the timeline has a gap there. */
export interface LookupGap {
  accessKeyId: string;
  region: string;
  error: string;
}

export interface Investigation {
  accessKeyId: string;
  /** What CloudTrail was asked about. */
  window: { start: string; end: string };
  /** From the first event of the key or its sessions to the end: where the inventory pass looks. */
  incidentWindow?: { start: string; end: string };
  regions: string[];
  keys: InvestigatedKey[];
  timeline: TimelineEntry[];
  summary: InvestigationSummary;
  rogue: RogueItem[];
  /** Removals for the rogue items that still exist: every one needs a person's approval. */
  proposals: Action[];
  gaps: LookupGap[];
  notes: string[];
}
