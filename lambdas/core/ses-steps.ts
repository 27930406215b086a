/**
 * The SES steps of a plan. Pause sending in a region: the pause is the first call — a collapsing
 * reputation gets worse with every message — so the state before it is not read: it is recorded as
 * enabled and unobserved, the way a key's deactivation records its status. Then the failover flag:
 * read, then written, so resume can put back exactly what it held.
 */
import type { PauseSesSending, SetFailoverFlag } from './action';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';

export async function pauseSending(
  target: PauseSesSending['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  if (!deps.ses) return { status: 'skipped', error: 'no SES access here (config ses.regions is empty)' };
  const reserved = await run.reserve();
  if (reserved) return reserved;
  const scopes: (string | undefined)[] = target.configurationSets.length
    ? target.configurationSets
    : [undefined];
  for (const configurationSet of scopes)
    await deps.ses.setSendingEnabled(target.region, false, configurationSet);
  const state = (enabled: boolean) => ({
    type: 'ses-sending' as const,
    region: target.region,
    sending: scopes.map((set) => ({ ...(set ? { configurationSet: set } : {}), enabled })),
  });
  const where = target.configurationSets.length
    ? `configuration sets ${target.configurationSets.join(', ')} in ${target.region}`
    : `the account's sending in ${target.region}`;
  return {
    status: 'done',
    before: { ...state(true), observed: false },
    after: { ...state(false), observed: true },
    undo: `ato ses resume --region ${target.region} (re-enables ${where} once the alarm is OK)`,
  };
}

export async function setFailoverFlag(
  target: SetFailoverFlag['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  if (!deps.parameters)
    return { status: 'skipped', error: 'no SSM access here (config ses.failoverFlag is unset)' };
  const reserved = await run.reserve();
  if (reserved) return reserved;
  const { parameterName: name, value } = target;
  const previous = await deps.parameters.get(name);
  if (previous !== value) await deps.parameters.put(name, value, previous === null);
  return {
    status: 'done',
    before: { type: 'ssm-parameter', name, value: previous },
    after: { type: 'ssm-parameter', name, value },
    undo:
      previous === null
        ? `ato ses resume deletes ${name} (it did not exist before)`
        : `ato ses resume sets ${name} back to ${previous}`,
  };
}
