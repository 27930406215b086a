/**
 * Correlation: which incident a signal belongs to. One open incident per subject within a window;
 * the store makes "one" true under concurrency, this decides what the incident looks like.
 */
import type { Incident, SignIn, SignalSummary } from './incident';
import { SIGN_IN_HISTORY } from './incident';
import { incidentIdFor } from './ids';
import type { ConsoleSignInSignal, PrincipalRef, Severity, Signal } from './signal';
import { atLeast, subjectKey } from './signal';

export function maxSeverity(a: Severity, b: Severity): Severity {
  return atLeast(a, b) ? a : b;
}

/** The principal's subject key, independent of IAM paths: `aws-principal#123456789012:user/alice`. */
export function principalSubjectKey(accountId: string, principal: PrincipalRef): string | undefined {
  if (!principal.name || (principal.type !== 'user' && principal.type !== 'role')) return undefined;
  return `aws-principal#${accountId}:${principal.type}/${principal.name}`;
}

/** Every subject key a signal can be found under, the most specific first. */
export function subjectKeysOf(signal: Signal): string[] {
  // A sign-in belongs to the account's sign-ins, never to the (possibly made-up) user it names.
  if (signal.kind === 'console-sign-in') return [subjectKey(signal.subject)];
  const keys: string[] = [];
  if (signal.subject.type === 'aws-access-key') keys.push(subjectKey(signal.subject));
  const principalKey = principalSubjectKey(signal.accountId, signal.principal);
  if (principalKey) keys.push(principalKey);
  if (keys.length === 0) keys.push(subjectKey(signal.subject));
  // SES abuse in CloudTrail and SES alarms of the same region are one story: one incident, whichever
  // comes first (the alarm finds the principal's incident through this key, or the reverse).
  if (signal.kind === 'cloudtrail-detection' && signal.ruleId.startsWith('ses-abuse.'))
    keys.push(subjectKey({ type: 'aws-ses-sending', id: `${signal.accountId}/${signal.region}` }));
  return keys;
}

export function summarize(signal: Signal): SignalSummary {
  return {
    dedupKey: signal.dedupKey,
    kind: signal.kind,
    source: signal.source,
    reason: signal.reason,
    title: signal.title,
    observedAt: signal.observedAt,
    severity: signal.severity,
  };
}

function mergePrincipal(known: PrincipalRef, seen: PrincipalRef): PrincipalRef {
  if (known.name) return { ...seen, ...known, arn: known.arn ?? seen.arn };
  if (seen.name || seen.type !== 'unknown') return { ...known, ...seen };
  return known;
}

/** Is `incident` still the one a new signal should join at `now`? */
export function joinable(incident: Incident, now: Date, windowMinutes: number): boolean {
  if (incident.status === 'resolved') return false;
  const idleMs = now.getTime() - Date.parse(incident.updatedAt);
  return idleMs <= windowMinutes * 60_000;
}

/** A new incident opened by `signal`. */
export function openFrom(signal: Signal, now: Date): Incident {
  const at = now.toISOString();
  const incident: Incident = {
    id: incidentIdFor(signal.dedupKey, now),
    subject: signal.subject,
    subjectKeys: subjectKeysOf(signal),
    status: 'open',
    severity: signal.severity,
    title: signal.title,
    accountId: signal.accountId,
    region: signal.region,
    openedAt: at,
    updatedAt: at,
    principal: signal.principal,
    signals: [summarize(signal)],
    escalations: [],
    version: 0,
  };
  if (signal.kind !== 'console-sign-in') return incident;
  // The account's sign-in record: named for what it watches, not for its first (ordinary) sign-in.
  return {
    ...incident,
    title: `Console sign-ins of account ${signal.accountId}`,
    principal: { type: 'unknown' },
    signals: [],
    signIns: [signInOf(signal)],
  };
}

function outranks(signal: Signal, incident: Incident): boolean {
  if (!atLeast(signal.severity, incident.severity)) return false;
  const leakNow = signal.kind === 'leaked-access-key';
  const leakBefore = incident.signals.some((s) => s.kind === 'leaked-access-key');
  return signal.severity !== incident.severity || (leakNow && !leakBefore);
}

function signInOf(signal: ConsoleSignInSignal): SignIn {
  return {
    at: signal.observedAt,
    user: signal.userName,
    ip: signal.sourceIp,
    ok: signal.outcome === 'success',
  };
}

/** `incident` with `signal` joined: severity raised, principal learnt, keys added. Pure. */
export function join(incident: Incident, signal: Signal, now: Date): Incident {
  if (signal.kind === 'console-sign-in') {
    // Thousands of sign-ins may join: they are kept as a bounded list, not as signals.
    const signIns = [...(incident.signIns ?? []), signInOf(signal)].slice(-SIGN_IN_HISTORY);
    return { ...incident, signIns, updatedAt: now.toISOString() };
  }
  const known = incident.signals.some((s) => s.dedupKey === signal.dedupKey);
  const keys = [...incident.subjectKeys];
  for (const key of subjectKeysOf(signal)) if (!keys.includes(key)) keys.push(key);
  return {
    ...incident,
    subjectKeys: keys,
    severity: maxSeverity(incident.severity, signal.severity),
    // The headline follows the strongest evidence: a leak AWS reports outranks the detections before it.
    title: outranks(signal, incident) ? signal.title : incident.title,
    principal: mergePrincipal(incident.principal, signal.principal),
    signals: known ? incident.signals : [...incident.signals, summarize(signal)],
    updatedAt: now.toISOString(),
  };
}
