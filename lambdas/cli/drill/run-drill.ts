/**
 * The offline drill: a recorded attack replayed through the real normalize → correlate → plan →
 * execute code, against an in-memory IAM account, store and notifier. No AWS account needed.
 */
import type { ResponderConfig } from '../../core/config';
import { loadConfig } from '../../core/config';
import type { Incident } from '../../core/incident';
import type { ActionRecord } from '../../core/action';
import type { SignalOutcome } from '../../core/respond';
import { respondToSignal } from '../../core/respond';
import type { IamCall, MemoryRole, MemoryUser } from '../../providers/memory/iam-account';
import { InMemoryIamAccount } from '../../providers/memory/iam-account';
import { MemoryIncidentStore } from '../../providers/memory/incident-store';
import { RecordingNotifier } from '../../providers/memory/notifier';
import { normalize } from '../../sources';
import { MemoryActivityBaseline, ruleContext } from '../../sources/detection';
import scenarioJson from './leaked-key-attack.json';

export interface DrillScenario {
  title: string;
  account: string;
  iam: { users: MemoryUser[]; roles?: MemoryRole[] };
  steps: { note: string; event: Record<string, unknown> }[];
}

export interface DrillStepResult {
  note: string;
  at: string;
  ignored?: string;
  outcomes: SignalOutcome[];
  /** IAM calls this step caused, in order. */
  iamCalls: IamCall[];
}

export interface DrillResult {
  scenario: DrillScenario;
  steps: DrillStepResult[];
  incidents: { incident: Incident; records: ActionRecord[] }[];
  notifications: { subject: string; message: string }[];
  iam: InMemoryIamAccount;
}

export const leakedKeyAttack = scenarioJson as unknown as DrillScenario;

/** The drill runs in enforce mode: the account it changes exists only in memory. */
export const DRILL_CONFIG: ResponderConfig = loadConfig({ mode: 'enforce' });

export async function runDrill(
  scenario: DrillScenario = leakedKeyAttack,
  config = DRILL_CONFIG,
): Promise<DrillResult> {
  let now = new Date(0);
  const clock = { now: () => now };
  const iam = new InMemoryIamAccount({ users: scenario.iam.users, roles: scenario.iam.roles ?? [] }, clock);
  const store = new MemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const deps = {
    iam,
    store,
    notifier,
    clock,
    config,
    actor: 'ato-responder',
    protectedTagCheck: 'iam-policy' as const,
  };

  // The detection rules with a baseline kept across the replay, as `ato detect` keeps it.
  const rules = ruleContext(config.detection, new MemoryActivityBaseline());
  const steps: DrillStepResult[] = [];
  for (const { note, event } of scenario.steps) {
    const at = typeof event.time === 'string' ? event.time : now.toISOString();
    now = new Date(at);
    const callsBefore = iam.calls.length;
    const normalized = normalize(event, rules);
    const outcomes: SignalOutcome[] = [];
    if (normalized.ok)
      for (const signal of normalized.signals) outcomes.push(await respondToSignal(signal, deps));
    steps.push({
      note,
      at,
      ...(normalized.ok ? {} : { ignored: normalized.reason }),
      outcomes,
      iamCalls: iam.calls.slice(callsBefore),
    });
  }
  const incidents = [];
  for (const incident of await store.listIncidents()) {
    incidents.push({ incident, records: await store.listActionRecords(incident.id) });
  }
  return { scenario, steps, incidents, notifications: notifier.messages, iam };
}

/** IAM calls made before the leaked key was Inactive: the figure the bench tracks (target 1). */
export function callsBeforeDeactivation(calls: IamCall[]): number {
  const index = calls.findIndex((c) => c.operation === 'UpdateAccessKey' && c.params.Status === 'Inactive');
  return index < 0 ? -1 : index + 1;
}
