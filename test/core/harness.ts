/** Wires the real core to in-memory ports, as the drill does. */
import type { PendingApproval } from '../../lambdas/core/action';
import type { ResponderConfig } from '../../lambdas/core/config';
import type { IncidentStore } from '../../lambdas/core/ports';
import type { RespondDeps } from '../../lambdas/core/respond';
import type { MemoryRole, MemoryUser } from '../../lambdas/providers/memory/iam-account';
import { InMemoryIamAccount } from '../../lambdas/providers/memory/iam-account';
import { MemoryIncidentStore } from '../../lambdas/providers/memory/incident-store';
import { RecordingNotifier } from '../../lambdas/providers/memory/notifier';
import { alice, config, fixedClock } from './builders';

export function harness(
  opts: {
    config?: ResponderConfig;
    users?: MemoryUser[];
    roles?: MemoryRole[];
    rootKeys?: string[];
    protectedTagCheck?: RespondDeps['protectedTagCheck'];
  } = {},
) {
  const clock = fixedClock();
  const iam = new InMemoryIamAccount(
    { users: opts.users ?? [alice()], roles: opts.roles ?? [], rootKeys: opts.rootKeys ?? [] },
    clock,
  );
  const store = new MemoryIncidentStore();
  const notifier = new RecordingNotifier();
  const deps: RespondDeps = {
    iam,
    store,
    notifier,
    clock,
    config: opts.config ?? config(),
    actor: 'ato-responder',
    protectedTagCheck: opts.protectedTagCheck ?? 'iam-policy',
  };
  const operations = () => iam.calls.map((c) => c.operation);
  return { clock, iam, store, notifier, deps, operations };
}

/** The approvals an incident asks a person for (`… ato approve apr-…` in its escalations), as stored. */
export async function requestedApprovals(
  escalations: readonly string[],
  store: Pick<IncidentStore, 'getApproval'>,
): Promise<PendingApproval[]> {
  const ids = escalations.map((e) => /ato approve (apr-\w+)/.exec(e)?.[1]).filter((id) => id !== undefined);
  const approvals = await Promise.all(ids.map((id) => store.getApproval(id)));
  return approvals.filter((a) => a !== undefined);
}
