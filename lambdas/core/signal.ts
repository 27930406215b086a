/**
 * A Signal is what a source event means for the responder, once normalized: typed, source-agnostic,
 * carrying the key that identifies the source event (for at-least-once delivery) and the subject
 * the incident is about.
 */

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Is `severity` at least `floor`? */
export function atLeast(severity: Severity, floor: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(floor);
}

export type SignalSource =
  | 'aws.health'
  | 'aws.guardduty'
  | 'aws.trustedadvisor'
  | 'aws.cloudtrail'
  | 'aws.cloudwatch'
  | 'twilio'
  | 'sendgrid'
  | 'cli';

/** What an incident is about: one open incident per subject. */
export interface Subject {
  /**
   * `aws-console-sign-ins`: every console sign-in of one account (id = the account).
   * `aws-ses-sending`: the SES sending of one account in one region (id = `<account>/<region>`).
   * `twilio-account`: one Twilio account (id = its Account SID, `AC…`).
   * `sendgrid-account`: the SendGrid account of the deployment (id = `sendgrid`).
   */
  type:
    | 'aws-access-key'
    | 'aws-principal'
    | 'aws-console-sign-ins'
    | 'aws-ses-sending'
    | 'twilio-account'
    | 'sendgrid-account';
  /** Access key id, or principal ARN. */
  id: string;
}

/** Whose credential it is, as far as the source event tells. */
export interface PrincipalRef {
  type: 'user' | 'role' | 'root' | 'unknown';
  /** IAM user name or role name; absent when the source event does not say. */
  name?: string;
  arn?: string;
}

/** What every signal carries, whatever its kind. */
interface SignalBase {
  source: SignalSource;
  /** Identifies the source event: the same event delivered again carries the same key. */
  dedupKey: string;
  subject: Subject;
  accountId: string;
  region: string;
  observedAt: string;
  severity: Severity;
  /** Plain words for a person at 3 a.m. */
  title: string;
  principal: PrincipalRef;
  /** `AKIA…` keys are long-term and can be deactivated; `ASIA…` are session credentials. */
  keyType: 'long-term' | 'temporary' | 'unknown';
  /** Source-specific reason code: Health event type code, GuardDuty finding type, rule id… */
  reason: string;
  /** Small key/value facts worth showing: source IP, finding id, event ARN… */
  evidence: Record<string, string>;
}

export interface LeakedAccessKeySignal extends SignalBase {
  kind: 'leaked-access-key';
  /** Absent when only the principal is known (AWS's own quarantine seen in CloudTrail names no key). */
  accessKeyId?: string;
}

/**
 * A CloudTrail detection: a call (or a sequence of calls) that an intruder makes and an owner rarely
 * does. Evidence, not proof: the responder tells a person and offers containment on approval.
 * `dedupKey` is `aws.cloudtrail#<eventID>#<ruleId>`; the subject is the access key that made the call
 * when there is one (so it joins a leaked-key incident), else the principal; `reason` = `ruleId`.
 */
export interface DetectionSignal extends SignalBase {
  kind: 'cloudtrail-detection';
  source: 'aws.cloudtrail';
  /** `family.name`, e.g. `persistence.create-user`. */
  ruleId: string;
  /** The MITRE ATT&CK technique (and Stratus Red Team id where one exists) the rule covers. */
  technique: string;
  accessKeyId?: string;
}

/**
 * One console sign-in, failed or not. Alone it means nothing — people mistype passwords — so it
 * only feeds the account's sign-in incident, where the credential-stuffing detector reads them
 * together (one failure per account from hundreds of IPs is invisible per account).
 */
export interface ConsoleSignInSignal extends SignalBase {
  kind: 'console-sign-in';
  source: 'aws.cloudtrail';
  subject: { type: 'aws-console-sign-ins'; id: string };
  severity: 'low';
  outcome: 'success' | 'failure';
  /** The user name tried; CloudTrail hides names that do not exist (HIDDEN_DUE_TO_SECURITY_REASONS). */
  userName: string;
  sourceIp: string;
  reason: 'console-sign-in';
  /** No key signs a console sign-in. */
  accessKeyId?: undefined;
  keyType: 'unknown';
}

/** The SES metrics the responder's alarms watch (CloudWatch namespace AWS/SES). */
export type SesMetric = 'bounce-rate' | 'complaint-rate' | 'send-volume';

/**
 * A CloudWatch alarm on SES sending changed state. ALARM: the reputation is collapsing (or a burst is
 * under way) and sending should pause before AWS pauses the account; OK: it recovered, which updates
 * an open incident and never opens one. Nobody's key is named: the suspects come later.
 */
export interface SesAlarmSignal extends SignalBase {
  kind: 'ses-alarm';
  source: 'aws.cloudwatch';
  subject: { type: 'aws-ses-sending'; id: string };
  metric: SesMetric;
  state: 'ALARM' | 'OK';
  /**
   * `threshold`: a fixed limit someone chose; `anomaly`: a CloudWatch anomaly-detection band, which
   * cannot tell a legitimate campaign from a spam run.
   */
  detection: 'threshold' | 'anomaly';
  alarmName: string;
  /** The configuration set the alarm watches, when it watches one rather than the whole account. */
  configurationSet?: string;
  accessKeyId?: undefined;
  keyType: 'unknown';
}

/**
 * A Twilio usage trigger fired: the account's usage of a category (calls, SMS, their price…) crossed
 * a value its owner set — the first sign of toll fraud with leaked credentials. Delivered by Twilio's
 * signed webhook; `dedupKey` carries the callback's IdempotencyToken.
 */
export interface TwilioUsageSignal extends SignalBase {
  kind: 'twilio-usage';
  /** `cli`: a person ran `ato twilio lockdown`. */
  source: 'twilio' | 'cli';
  subject: { type: 'twilio-account'; id: string };
  usageCategory: string;
  /** What the trigger counts: `usage`, `count` or `price`. */
  triggerBy: string;
  triggerValue: string;
  currentValue: string;
  usageTriggerSid: string;
  accessKeyId?: undefined;
  keyType: 'unknown';
}

/**
 * What a scheduled audit of a Twilio or SendGrid account found new since its last run: API keys,
 * subaccounts, subusers, teammates, invites, IP rules, numbers pointed at foreign hosts — what an
 * intruder adds to stay in. `dedupKey` names the changes, so the same ones found twice are one event.
 */
export interface InventoryChangeSignal extends SignalBase {
  kind: 'inventory-change';
  source: 'twilio' | 'sendgrid';
  subject: { type: 'twilio-account' | 'sendgrid-account'; id: string };
  changes: { kind: string; id: string }[];
  accessKeyId?: undefined;
  keyType: 'unknown';
}

/**
 * A batch of SendGrid's signed Event Webhook with a bounce or spam-report share above the configured
 * spike (config sendgrid.eventWebhook): how a leaked key sending spam shows. `dedupKey` digests the
 * batch's event ids, so SendGrid's retry of the same batch is one event.
 */
export interface SendGridEventsSignal extends SignalBase {
  kind: 'sendgrid-events';
  source: 'sendgrid';
  subject: { type: 'sendgrid-account'; id: 'sendgrid' };
  /** Events of the batch, and of those the bounced (blocked included) and spam-reported. */
  total: number;
  bounced: number;
  spamReports: number;
  accessKeyId?: undefined;
  keyType: 'unknown';
}

/** Every signal kind the responder understands; later kinds join this union. */
export type Signal =
  | LeakedAccessKeySignal
  | DetectionSignal
  | ConsoleSignInSignal
  | SesAlarmSignal
  | TwilioUsageSignal
  | InventoryChangeSignal
  | SendGridEventsSignal;

/** What a normalizer returns: signals, or why there are none. Normalizers never throw. */
export type Normalized = { ok: true; signals: Signal[] } | { ok: false; reason: string };

export const ACCESS_KEY_ID = /^(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,124}$/;

export function keyTypeOf(accessKeyId: string | undefined): SignalBase['keyType'] {
  if (!accessKeyId) return 'unknown';
  if (accessKeyId.startsWith('AKIA')) return 'long-term';
  if (accessKeyId.startsWith('ASIA')) return 'temporary';
  return 'unknown';
}

export function subjectKey(subject: Subject): string {
  return `${subject.type}#${subject.id}`;
}
