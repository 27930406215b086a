/**
 * One signal, start to finish: claim the source event (at-least-once delivery → a duplicate is a
 * no-op), open or join the subject's incident, plan, execute, save. Ports only; no SDK.
 */
import type { ActionRecord, Plan } from './action';
import {
  join,
  joinable,
  maxSeverity,
  openFrom,
  principalSubjectKey,
  subjectKeysOf,
  summarize,
} from './correlate';
import { completedSequences } from './sequences';
import type { ExecuteDeps } from './execute';
import { executePlan } from './execute';
import type { EarlyDeactivation } from './contain-first';
import { containFirst } from './contain-first';
import { stableHash } from './ids';
import type { Incident, SlackThread } from './incident';
import { planFor } from './playbooks';
import { ConcurrentUpdateError, type IncidentStore } from './ports';
import type { Signal } from './signal';
import { subjectKey } from './signal';

/** A recovery (an SES alarm back to OK) updates an open incident; it never opens one. */
function opensIncident(signal: Signal): boolean {
  return !(signal.kind === 'ses-alarm' && signal.state === 'OK');
}

/**
 * How long a claim holds while its run is under way. Longer than the Lambda timeout (60 s), shorter
 * than Lambda's first async retry (a minute after the failed attempt ends): a run killed by a
 * timeout leaves a claim that has expired by the time the retry arrives.
 */
export const CLAIM_LEASE_SECONDS = 90;

export type RespondDeps = Omit<ExecuteDeps, 'approvedBy' | 'approvalId'>;

export type SignalOutcome =
  | { status: 'duplicate'; dedupKey: string }
  /** A signal that only updates an open incident (an SES alarm back to OK) found none. */
  | { status: 'ignored'; dedupKey: string; reason: string }
  | {
      status: 'handled';
      dedupKey: string;
      incident: Incident;
      created: boolean;
      plan: Plan;
      records: ActionRecord[];
    };

/** Thrown when containment hit a retryable failure: the claim is released so Lambda's async retry (or the next delivery) contains. */
export class RetryableResponseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableResponseError';
  }
}

export async function respondToSignal(received: Signal, deps: RespondDeps): Promise<SignalOutcome> {
  const { store, clock } = deps;
  if (!(await store.claimEvent(received.dedupKey, clock.now(), CLAIM_LEASE_SECONDS))) {
    return { status: 'duplicate', dedupKey: received.dedupKey };
  }
  try {
    if (!opensIncident(received) && !(await store.findOpenIncident(subjectKey(received.subject)))) {
      await store.completeEvent(received.dedupKey, clock.now());
      return {
        status: 'ignored',
        dedupKey: received.dedupKey,
        reason: `no open incident for ${received.title}`,
      };
    }
    const early = await containFirst(received, deps);
    const signal = early.signal;
    // Independent reads in parallel: every DynamoDB round trip here delays the containing call.
    const [{ incident, created }, containmentsInLastHour] = await Promise.all([
      incidentFor(signal, deps),
      store.containmentsInLastHour(clock.now()),
    ]);
    const history = created ? [] : await store.listActionRecords(incident.id);
    const sequences = completedSequences(incident.signals, summarize(signal));
    if (sequences.length) incident.severity = 'critical';
    const plan = planFor(signal, incident, deps.config, {
      now: clock.now(),
      containmentsInLastHour,
      history,
      ...(deps.accountId ? { ownAccountId: deps.accountId } : {}),
      ...(early.deactivation ? { containedFirst: true } : {}),
      ...(sequences.length ? { sequences } : {}),
    });
    const result = await executePlan(plan, incident, deps, early.deactivation);
    if (early.deactivation && !result.earlyRecorded) {
      result.records.unshift(await recordRepeat(early.deactivation, incident.id, signal, deps));
    }
    // Pointing the incident's other subject keys at it is off the critical path: after containment.
    await linkSubjects(result.incident, deps);
    const saved = await saveMerged(result.incident, deps);
    if (result.retryableFailure) {
      throw new RetryableResponseError(`containment interrupted: ${result.retryableFailure.message}`, {
        cause: result.retryableFailure,
      });
    }
    await store.completeEvent(signal.dedupKey, clock.now());
    return {
      status: 'handled',
      dedupKey: signal.dedupKey,
      incident: saved,
      created,
      plan,
      records: result.records,
    };
  } catch (error) {
    const signal = received;
    // Nothing is lost: the claim goes, Lambda's async retry comes back, and the history makes it
    // skip what already succeeded.
    await store.releaseEvent(signal.dedupKey);
    throw error;
  }
}

async function incidentFor(
  signal: Signal,
  deps: RespondDeps,
): Promise<{ incident: Incident; created: boolean }> {
  const { store, clock, config } = deps;
  const now = clock.now();
  const keys = subjectKeysOf(signal);
  const found = await Promise.all(keys.map((key) => store.findOpenIncident(key)));
  // The key and its principal usually point at the same incident: look at each incident once.
  const incidents = found.filter(
    (open, i): open is Incident => !!open && found.findIndex((o) => o?.id === open.id) === i,
  );
  for (const open of incidents) {
    if (joinable(open, now, config.correlationWindowMinutes))
      return { incident: join(open, signal, now), created: false };
    // Silent for longer than the window: close it, so new activity is a new incident (re-compromise).
    await store.saveIncident({
      ...open,
      status: 'resolved',
      updatedAt: now.toISOString(),
      escalations: [
        ...open.escalations,
        `Closed automatically: no activity for ${config.correlationWindowMinutes} minutes; later activity opens a new incident.`,
      ],
    });
  }
  const opened = await store.openIncident(keys[0] ?? '', openFrom(signal, now));
  const incident = opened.created ? opened.incident : join(opened.incident, signal, now);
  return { incident, created: opened.created };
}

/**
 * containFirst deactivated a key this incident had already deactivated (its history was not read
 * yet). The call changed nothing, but it was made: it is recorded like every other.
 */
async function recordRepeat(
  done: EarlyDeactivation,
  incidentId: string,
  signal: Signal,
  deps: RespondDeps,
): Promise<ActionRecord> {
  const record: ActionRecord = {
    actionId: `${incidentId}/${stableHash(signal.dedupKey)}-0-aws.iam.deactivate-access-key`,
    incidentId,
    kind: 'aws.iam.deactivate-access-key',
    target: { accessKeyId: done.accessKeyId, userName: done.userName },
    mode: 'enforce',
    approval: 'auto',
    actor: deps.actor,
    reason: `${signal.reason}: deactivated first, before the incident's history was read (already Inactive; the call is idempotent)`,
    startedAt: done.startedAt,
    finishedAt: done.finishedAt,
    ...done.outcome,
  };
  await deps.store.appendActionRecord(record);
  return record;
}

/** Save, re-reading and merging when a concurrent delivery for the same incident wrote first. */
export async function saveMerged(
  incident: Incident,
  deps: { store: Pick<IncidentStore, 'saveIncident' | 'getIncident'> },
): Promise<Incident> {
  let candidate = incident;
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.store.saveIncident(candidate);
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= 4) throw error;
      const latest = await deps.store.getIncident(incident.id);
      if (!latest) throw error;
      candidate = merge(latest, incident);
    }
  }
}

function merge(latest: Incident, mine: Incident): Incident {
  const signals = [...latest.signals];
  for (const s of mine.signals) if (!signals.some((x) => x.dedupKey === s.dedupKey)) signals.push(s);
  const escalations = [...latest.escalations];
  for (const e of mine.escalations) if (!escalations.includes(e)) escalations.push(e);
  const subjectKeys = [...latest.subjectKeys];
  for (const k of mine.subjectKeys) if (!subjectKeys.includes(k)) subjectKeys.push(k);
  return {
    ...latest,
    signals,
    escalations,
    subjectKeys,
    status: mine.status === 'contained' || latest.status === 'contained' ? 'contained' : mine.status,
    severity: maxSeverity(latest.severity, mine.severity),
    principal: latest.principal.name ? latest.principal : mine.principal,
    snapshot: latest.snapshot ?? mine.snapshot,
    ...(latest.slackThread || mine.slackThread
      ? { slackThread: laterThread(latest.slackThread, mine.slackThread) }
      : {}),
    updatedAt: mine.updatedAt,
  };
}

/** The thread the store holds, with the furthest any writer has told in it. */
function laterThread(
  latest: SlackThread | undefined,
  mine: SlackThread | undefined,
): SlackThread | undefined {
  if (!latest || !mine || latest.ts !== mine.ts) return latest ?? mine;
  return {
    ...latest,
    signalsTold: Math.max(latest.signalsTold, mine.signalsTold),
    recordsTold: Math.max(latest.recordsTold, mine.recordsTold),
  };
}

/**
 * Point every subject key of the incident at it — the signal's others and, once the owner of a key
 * is known, the principal's — so later signals about any of them find this incident. Mutates.
 */
async function linkSubjects(incident: Incident, deps: RespondDeps): Promise<void> {
  const principalKey = principalSubjectKey(incident.accountId, incident.principal);
  if (principalKey && !incident.subjectKeys.includes(principalKey)) incident.subjectKeys.push(principalKey);
  await Promise.all(incident.subjectKeys.slice(1).map((key) => deps.store.linkSubject(key, incident.id)));
}
