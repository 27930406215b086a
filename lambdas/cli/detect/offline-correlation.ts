/**
 * What the Lambda reads from incidents, kept in memory for `ato detect`: sequences per subject, and
 * credential stuffing per account over a sliding window of failed console sign-ins. Input is taken
 * in the order given (files oldest first); bounded: per subject only the last detections, per
 * account only the sign-ins inside the window.
 */
import { summarize } from '../../core/correlate';
import type { StuffingThresholds } from '../../core/credential-stuffing';
import type { SignalSummary } from '../../core/incident';
import { oneLine } from '../../core/plain-text';
import { completedSequences } from '../../core/sequences';
import type { ConsoleSignInSignal, DetectionSignal } from '../../core/signal';

export interface DetectionLine {
  eventId: string;
  ruleId: string;
  severity: string;
  subject: string;
  summary: string;
}

const KEPT_PER_SUBJECT = 200;

interface Failure {
  at: number;
  user: string;
  ip: string;
}

/** Failed sign-ins of one account inside the window, with counts per user and per address. */
class SignInWindow {
  readonly failures: Failure[] = [];
  readonly users = new Map<string, number>();
  readonly ips = new Map<string, number>();
  /** Addresses of the burst reported, while it lasts. */
  stuffingIps: Set<string> | undefined;
  readonly reportedBreaches = new Set<string>();

  add(failure: Failure, windowMs: number): void {
    this.failures.push(failure);
    bump(this.users, failure.user, 1);
    bump(this.ips, failure.ip, 1);
    while (this.failures.length && (this.failures[0] as Failure).at < failure.at - windowMs) {
      const old = this.failures.shift() as Failure;
      bump(this.users, old.user, -1);
      bump(this.ips, old.ip, -1);
    }
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}

export class OfflineCorrelator {
  private readonly detections = new Map<string, SignalSummary[]>();
  private readonly reportedSequences = new Set<string>();
  private readonly signIns = new Map<string, SignInWindow>();

  constructor(private readonly thresholds: StuffingThresholds) {}

  /** Sequence lines this detection completes (once per subject and sequence). */
  detection(signal: DetectionSignal): DetectionLine[] {
    const key = signal.subject.id;
    const summary = summarize(signal);
    const kept = [...(this.detections.get(key) ?? []), summary].slice(-KEPT_PER_SUBJECT);
    this.detections.set(key, kept);
    const who = signal.principal.name ?? signal.accessKeyId ?? key;
    return completedSequences(kept, summary)
      .filter((sequence) => !this.reportedSequences.has(`${key}#${sequence.id}`))
      .map((sequence) => {
        this.reportedSequences.add(`${key}#${sequence.id}`);
        return {
          eventId: signal.evidence.eventId ?? signal.dedupKey,
          ruleId: sequence.id,
          severity: 'critical',
          subject: key,
          summary: oneLine(`${who} ${sequence.story} within ${sequence.withinMinutes} minutes`),
        };
      });
  }

  /** A stuffing line when a burst crosses the thresholds, a breach line when a stuffing address gets in. */
  signIn(signal: ConsoleSignInSignal): DetectionLine[] {
    const windowMs = this.thresholds.windowMinutes * 60_000;
    const window = this.signIns.get(signal.accountId) ?? new SignInWindow();
    this.signIns.set(signal.accountId, window);
    const at = Date.parse(signal.observedAt);
    const eventId = signal.evidence.eventId ?? signal.dedupKey;
    if (signal.outcome === 'success') {
      const breach = `${signal.userName}#${signal.sourceIp}`;
      if (!window.stuffingIps?.has(signal.sourceIp) || window.reportedBreaches.has(breach)) return [];
      window.reportedBreaches.add(breach);
      return [
        {
          eventId,
          ruleId: 'credential-stuffing.success',
          severity: 'critical',
          subject: signal.accountId,
          summary: oneLine(
            `console sign-in of ${signal.userName} from stuffing address ${signal.sourceIp} SUCCEEDED`,
          ),
        },
      ];
    }
    window.add({ at, user: signal.userName, ip: signal.sourceIp }, windowMs);
    const crossed =
      window.users.size >= this.thresholds.minUsers && window.ips.size >= this.thresholds.minIps;
    if (!crossed) {
      if (window.failures.length === 0) window.stuffingIps = undefined;
      return [];
    }
    const fresh = window.stuffingIps === undefined;
    window.stuffingIps = new Set([...(window.stuffingIps ?? []), ...window.ips.keys()]);
    if (!fresh) return [];
    return [
      {
        eventId,
        ruleId: 'credential-stuffing',
        severity: 'high',
        subject: signal.accountId,
        summary: `${window.failures.length} failed console sign-ins against ${window.users.size} users from ${window.ips.size} addresses within ${this.thresholds.windowMinutes} minutes`,
      },
    ];
  }
}
