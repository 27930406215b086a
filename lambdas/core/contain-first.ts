/**
 * Containment first and alone on the critical path. For a long-term key whose owner is (or can be)
 * known, the responder deactivates it right after claiming the event and taking a budget unit —
 * three store requests — instead of after correlation, history and planning (nine). The plan that
 * follows finds the deactivation already done and records it in its place; every guard the plan
 * would apply is applied here first, or the fast path is not taken.
 */
import type { Outcome } from './iam-steps';
import type { ResponderConfig } from './config';
import { leakedKeyMode } from './config';
import type { ExecuteDeps } from './execute';
import { protectedByConfig } from './guardrails';
import { ProviderError } from './ports';
import type { LeakedAccessKeySignal, Signal } from './signal';
import { atLeast } from './signal';

export interface EarlyDeactivation {
  accessKeyId: string;
  userName: string;
  startedAt: string;
  finishedAt: string;
  outcome: Outcome;
}

export interface EarlyContainment {
  /** The signal, with the key's owner filled in when the fast path looked it up. */
  signal: Signal;
  /** The deactivation, done; absent when the fast path was not taken or did not succeed. */
  deactivation?: EarlyDeactivation;
}

/** How long a key contained first keeps later signals on the normal path (its budget hour). */
const KEY_MARKER_SECONDS = 3600;

/** The budget holder for a key contained before its incident is known. */
export const keyHolder = (accessKeyId: string): string => `key:${accessKeyId}`;

/** May this signal be contained before it is correlated? Pure: the plan's own guards, up front. */
export function eligible(
  signal: Signal,
  config: ResponderConfig,
  deps: Pick<ExecuteDeps, 'protectedTagCheck' | 'accountId'>,
): signal is LeakedAccessKeySignal & { accessKeyId: string } {
  return (
    signal.kind === 'leaked-access-key' &&
    signal.accessKeyId !== undefined &&
    signal.keyType === 'long-term' &&
    (signal.principal.type === 'user' || signal.principal.type === 'unknown') &&
    leakedKeyMode(config) === 'enforce' &&
    // Only where the role's Deny enforces ato:protected: no tag read may precede the deactivation.
    deps.protectedTagCheck === 'iam-policy' &&
    atLeast(signal.severity, config.playbooks.leakedKey.autoContainMinSeverity) &&
    (!deps.accountId || signal.accountId === deps.accountId) &&
    !protectedByConfig(signal.principal, signal.accountId, config)
  );
}

/**
 * Deactivate the key now if every guard allows it. Any doubt or failure leaves it to the plan,
 * which makes the same call again and records what happens.
 */
export async function containFirst(signal: Signal, deps: ExecuteDeps): Promise<EarlyContainment> {
  if (!eligible(signal, deps.config, deps)) return { signal };
  const { accessKeyId } = signal;
  try {
    let userName = signal.principal.name;
    let learnt: Signal = signal;
    if (!userName) {
      const owner = await deps.iam.findKeyOwner(accessKeyId);
      if (!owner || 'root' in owner) return { signal };
      userName = owner.userName;
      learnt = { ...signal, principal: { ...signal.principal, type: 'user', name: userName } };
      if (protectedByConfig(learnt.principal, signal.accountId, deps.config)) return { signal: learnt };
    }
    // Once an hour per key: a second signal for a key this responder just contained goes the normal
    // way, where the incident's history skips what is done. The marker and the budget unit are
    // taken in parallel (the unit is idempotent per key, so losing the marker spends nothing).
    const now = deps.clock.now();
    const limit = deps.config.budget.automaticContainmentsPerHour;
    const [first, reserved] = await Promise.all([
      deps.store.claimEvent(`contain-first:${accessKeyId}`, now, KEY_MARKER_SECONDS),
      deps.store.reserveContainment(keyHolder(accessKeyId), now, limit),
    ]);
    if (!first || !reserved) return { signal: learnt };
    const startedAt = deps.clock.now().toISOString();
    await deps.iam.setAccessKeyStatus(userName, accessKeyId, 'Inactive');
    return {
      signal: learnt,
      deactivation: {
        accessKeyId,
        userName,
        startedAt,
        finishedAt: deps.clock.now().toISOString(),
        outcome: {
          status: 'done',
          before: { type: 'access-key', userName, accessKeyId, status: 'Active', observed: false },
          after: { type: 'access-key', userName, accessKeyId, status: 'Inactive', observed: true },
          undo: `aws iam update-access-key --user-name ${userName} --access-key-id ${accessKeyId} --status Active`,
        },
      },
    };
  } catch (error) {
    if (error instanceof ProviderError) return { signal };
    throw error;
  }
}
