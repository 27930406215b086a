/**
 * A removal for every rogue item that still exists, each waiting for a person: the machine cannot
 * tell an intruder's back door from a colleague's change made the same day, so nothing here is
 * automatic, whatever the mode.
 */
import type { Action, ActionSpec, Mode } from '../action';
import { stableHash } from '../ids';
import { targetKey } from '../plan';
import type { InventoryReader } from './current-state';
import type { RogueItem } from './investigation';
import { describeRef } from './rogue-changes';

/** The removals that undo one rogue item, given what is there now. */
async function removalsFor(item: RogueItem, reader: InventoryReader): Promise<ActionSpec[]> {
  const { ref } = item;
  switch (ref.kind) {
    case 'user':
      return [{ kind: 'aws.iam.delete-user', target: { userName: ref.userName } }];
    case 'access-key':
      return [
        {
          kind: 'aws.iam.delete-access-key',
          target: { userName: ref.userName, accessKeyId: ref.accessKeyId },
        },
      ];
    case 'login-profile':
      return [{ kind: 'aws.iam.delete-login-profile', target: { userName: ref.userName } }];
    case 'trust-policy':
      // CloudTrail records the new trust policy only: the approver supplies the one to put back.
      return [{ kind: 'aws.iam.restore-trust-policy', target: { roleName: ref.roleName } }];
    case 'role': {
      // No delete-role kind (yet): a role without policies can do nothing; delete it by hand after review.
      const policies = (await reader.role(ref.roleName))?.policies;
      const holder = { type: 'role', name: ref.roleName } as const;
      return [
        ...(policies?.managed ?? []).map((policyArn): ActionSpec => ({
          kind: 'aws.iam.detach-policy',
          target: { holder, policyArn },
        })),
        ...(policies?.inline ?? []).map((policyName): ActionSpec => ({
          kind: 'aws.iam.detach-policy',
          target: { holder, policyName },
        })),
      ];
    }
    case 'managed-policy': {
      const attachedTo = (await reader.managedPolicy(ref.policyArn))?.attachedTo ?? [];
      return attachedTo.map((holder) => ({
        kind: 'aws.iam.detach-policy',
        target: { holder, policyArn: ref.policyArn },
      }));
    }
    case 'policy-attachment':
      return [
        {
          kind: 'aws.iam.detach-policy',
          target: {
            holder: ref.holder,
            ...(ref.policyArn !== undefined
              ? { policyArn: ref.policyArn }
              : { policyName: ref.policyName ?? '' }),
          },
        },
      ];
  }
}

function why(item: RogueItem): string {
  const what = describeRef(item.ref);
  const how =
    item.origin === 'made-by-key'
      ? `${item.changes.join(', ')} by ${item.byKeys.join(', ')} (CloudTrail ${item.evidence.join(', ')})`
      : 'created during the incident window, by someone: check it is not a colleague’s';
  return `${what}: ${how}; now ${item.current.detail}`;
}

export interface ProposalOptions {
  incidentId: string;
  mode: Mode;
}

/** One approval-only action per removal, deduplicated across items (a role's policy may be listed twice). */
export async function proposeRemovals(
  items: readonly RogueItem[],
  reader: InventoryReader,
  options: ProposalOptions,
): Promise<Action[]> {
  const proposals = new Map<string, Action>();
  for (const item of items) {
    if (!item.current.exists) continue;
    for (const spec of await removalsFor(item, reader)) {
      const key = `${spec.kind}#${targetKey(spec)}`;
      if (proposals.has(key)) continue;
      proposals.set(key, {
        ...spec,
        id: `${options.incidentId}/investigation-${stableHash(key)}-${spec.kind}`,
        incidentId: options.incidentId,
        phase: 'investigation',
        mode: options.mode,
        approval: 'required',
        reversible: false,
        reason: why(item),
      });
    }
  }
  return [...proposals.values()];
}
