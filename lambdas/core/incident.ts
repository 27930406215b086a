import type { PrincipalRef, Severity, Signal, Subject } from './signal';

export type IncidentStatus = 'open' | 'contained' | 'escalated' | 'resolved';

/** What an incident keeps of each signal that joined it. */
export interface SignalSummary {
  dedupKey: string;
  kind: Signal['kind'];
  source: Signal['source'];
  reason: string;
  title: string;
  observedAt: string;
  /** Absent in incidents recorded before it was kept. */
  severity?: Severity;
}

/** IAM state of a principal at the moment the responder first touched it: the basis of `undo`. */
export interface PrincipalSnapshot {
  takenAt: string;
  principal: { type: 'user' | 'role'; name: string; arn?: string };
  accessKeys: { accessKeyId: string; status: string; createDate?: string }[];
  attachedPolicies: { policyName: string; policyArn: string }[];
  inlinePolicies: { policyName: string; document: string }[];
  groups: string[];
  loginProfile: { createDate?: string; passwordResetRequired?: boolean } | null;
  mfaDevices: { serialNumber: string; enableDate?: string }[];
  tags: Record<string, string>;
}

export interface SignIn {
  at: string;
  user: string;
  ip: string;
  ok: boolean;
}

/** Enough for a burst in a window, small enough for a DynamoDB item (400 KB). */
export const SIGN_IN_HISTORY = 2000;

export interface Incident {
  id: string;
  subject: Subject;
  /** Every subject key that points at this incident (the subject's, plus e.g. its principal's). */
  subjectKeys: string[];
  status: IncidentStatus;
  severity: Severity;
  title: string;
  accountId: string;
  region: string;
  openedAt: string;
  updatedAt: string;
  /** The principal behind the subject, once known (from a signal or a lookup). */
  principal: PrincipalRef;
  signals: SignalSummary[];
  snapshot?: PrincipalSnapshot;
  /** Why a person must look: protected principal, failed check, budget exhausted… */
  escalations: string[];
  /** Console sign-ins of the account (newest last, at most SIGN_IN_HISTORY): the stuffing detector's input. */
  signIns?: SignIn[];
  /** Who closed it by hand, when and why (`ato resolve`). */
  resolution?: { by: string; at: string; reason: string };
  /** The incident's one Slack thread, once posted, and how much of it the thread replies covered. */
  slackThread?: SlackThread;
  /** Optimistic-concurrency version; the store increments it on every write. */
  version: number;
}

export interface SlackThread {
  channel: string;
  /** The parent message's ts: updated in place; replies go under it. */
  ts: string;
  /** Signals and action records already told in the thread (counts, in the incident's order). */
  signalsTold: number;
  recordsTold: number;
}
