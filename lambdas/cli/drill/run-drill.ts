/**
 * The offline drill: recorded attacks replayed through the real normalize → correlate → plan →
 * execute code, against an in-memory IAM account, SES account, SSM parameters, store and notifier.
 * No AWS account needed.
 */
import type { ConfigInput, ResponderConfig } from '../../core/config';
import { loadConfig } from '../../core/config';
import type { ParameterPort, SesPort } from '../../core/ports';
import type { SenderKey } from '../../core/ses-senders';
import type { Incident } from '../../core/incident';
import type { ActionRecord } from '../../core/action';
import type { SignalOutcome } from '../../core/respond';
import { respondToSignal } from '../../core/respond';
import type { IamCall, MemoryRole, MemoryUser } from '../../providers/memory/iam-account';
import { InMemoryIamAccount } from '../../providers/memory/iam-account';
import { MemoryIncidentStore } from '../../providers/memory/incident-store';
import { RecordingNotifier } from '../../providers/memory/notifier';
import { InMemoryParameters } from '../../providers/memory/parameters';
import { InMemorySesAccount } from '../../providers/memory/ses-account';
import { InMemorySesSenders } from '../../providers/memory/ses-senders';
import { normalize } from '../../sources';
import { MemoryActivityBaseline, ruleContext } from '../../sources/detection';
import scenarioJson from './leaked-key-attack.json';
import sesScenarioJson from './ses-bounce-burst.json';

export interface DrillScenario {
  title: string;
  account: string;
  /** Config on top of `mode: enforce` (the account changed exists only in memory). */
  config?: ConfigInput;
  iam: { users: MemoryUser[]; roles?: MemoryRole[] };
  /** SSM parameters as they were before the attack. */
  parameters?: Record<string, string>;
  /** What GetAccessKeyLastUsed answers for each key. */
  keysLastUsed?: Record<string, SenderKey['lastUsed']>;
  steps: { note: string; event: Record<string, unknown> }[];
}

export interface DrillStepResult {
  note: string;
  at: string;
  ignored?: string;
  outcomes: SignalOutcome[];
  /** IAM calls this step caused, in order. */
  iamCalls: IamCall[];
  /** SES and SSM calls this step caused, in order (`ses:PutAccountSendingAttributes us-east-1 …`). */
  otherCalls: string[];
}

export interface DrillResult {
  scenario: DrillScenario;
  steps: DrillStepResult[];
  incidents: { incident: Incident; records: ActionRecord[] }[];
  notifications: { subject: string; message: string }[];
  iam: InMemoryIamAccount;
  parameters: InMemoryParameters;
}

export const leakedKeyAttack = scenarioJson as unknown as DrillScenario;
export const sesBounceBurst = sesScenarioJson as unknown as DrillScenario;

/** `ato drill --scenario NAME`; without it, every one in this order. */
export const SCENARIOS: Readonly<Record<string, DrillScenario>> = {
  'leaked-key': leakedKeyAttack,
  'ses-bounce-burst': sesBounceBurst,
};

/** The drill runs in enforce mode: the account it changes exists only in memory. */
export function drillConfig(scenario: DrillScenario): ResponderConfig {
  return loadConfig({ ...scenario.config, mode: 'enforce' });
}

/** Every SES and SSM call, in the order they are made, on one list. */
function logged(
  ses: SesPort,
  parameters: ParameterPort,
  log: string[],
): { ses: SesPort; parameters: ParameterPort } {
  const scope = (set?: string) => (set ? ` ConfigurationSetName=${set}` : '');
  return {
    ses: {
      sendingEnabled: (region, set) => ses.sendingEnabled(region, set),
      setSendingEnabled: (region, enabled, set) => {
        log.push(
          `ses:${set ? 'PutConfigurationSetSendingOptions' : 'PutAccountSendingAttributes'} (${region})${scope(set)} SendingEnabled=${enabled}`,
        );
        return ses.setSendingEnabled(region, enabled, set);
      },
    },
    parameters: {
      get: (name) => (log.push(`ssm:GetParameter Name=${name}`), parameters.get(name)),
      put: (name, value, create) => (
        log.push(`ssm:PutParameter Name=${name} Value=${value}`),
        parameters.put(name, value, create)
      ),
      delete: (name) => (log.push(`ssm:DeleteParameter Name=${name}`), parameters.delete(name)),
    },
  };
}

export async function runDrill(
  scenario: DrillScenario = leakedKeyAttack,
  config = drillConfig(scenario),
): Promise<DrillResult> {
  let now = new Date(0);
  const clock = { now: () => now };
  const iam = new InMemoryIamAccount({ users: scenario.iam.users, roles: scenario.iam.roles ?? [] }, clock);
  const store = new MemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const parameters = new InMemoryParameters();
  for (const [name, value] of Object.entries(scenario.parameters ?? {})) parameters.values.set(name, value);
  const log: string[] = [];
  const sesDeps = config.ses.regions.length
    ? {
        ...logged(new InMemorySesAccount(), parameters, log),
        senders: InMemorySesSenders.fromUsers(scenario.iam.users, scenario.keysLastUsed),
      }
    : {};
  const deps = {
    iam,
    ...sesDeps,
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
    const otherBefore = log.length;
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
      otherCalls: log.slice(otherBefore),
    });
  }
  const incidents = [];
  for (const incident of await store.listIncidents()) {
    incidents.push({ incident, records: await store.listActionRecords(incident.id) });
  }
  return { scenario, steps, incidents, notifications: notifier.messages, iam, parameters };
}

/** IAM calls made before the leaked key was Inactive: the figure the bench tracks (target 1). */
export function callsBeforeDeactivation(calls: IamCall[]): number {
  const index = calls.findIndex((c) => c.operation === 'UpdateAccessKey' && c.params.Status === 'Inactive');
  return index < 0 ? -1 : index + 1;
}
