/**
 * Undo, from the recorded before-state: re-activate keys the responder deactivated and remove (or
 * restore) the inline policies it wrote, newest first. Planning is pure; applying goes through the
 * IAM port and leaves an `undone` record per step.
 */
import type { ActionRecord, IamPrincipal } from './action';
import type { Clock, IamPort, IncidentStore } from './ports';

export type UndoStep =
  | {
      actionId: string;
      kind: 'restore-key-status';
      userName: string;
      accessKeyId: string;
      status: 'Active' | 'Inactive';
    }
  | { actionId: string; kind: 'delete-policy'; principal: IamPrincipal; policyName: string }
  | {
      actionId: string;
      kind: 'restore-policy';
      principal: IamPrincipal;
      policyName: string;
      document: string;
    };

export interface UndoPlan {
  steps: UndoStep[];
  /** Records with nothing to undo, and why. */
  notes: string[];
}

export function planUndo(records: ActionRecord[]): UndoPlan {
  const undone = new Set(records.filter((r) => r.status === 'undone').map((r) => r.actionId));
  const steps: UndoStep[] = [];
  const notes: string[] = [];
  for (const record of [...records].reverse()) {
    if (record.status !== 'done' || undone.has(record.actionId)) continue;
    const before = record.before;
    if (!before) continue;
    if (before.type === 'access-key') {
      if (before.observed && before.status !== 'Active') {
        notes.push(
          `${record.actionId}: key ${before.accessKeyId} was already ${before.status} before; left as is`,
        );
        continue;
      }
      if (!before.observed) {
        notes.push(
          `${record.actionId}: the status of ${before.accessKeyId} before was not read (the deactivation was the first call); re-activating assumes it was Active`,
        );
      }
      steps.push({
        actionId: record.actionId,
        kind: 'restore-key-status',
        userName: before.userName,
        accessKeyId: before.accessKeyId,
        status: 'Active',
      });
    } else if (before.type === 'inline-policy') {
      steps.push(
        before.document === null
          ? {
              actionId: record.actionId,
              kind: 'delete-policy',
              principal: before.principal,
              policyName: before.policyName,
            }
          : {
              actionId: record.actionId,
              kind: 'restore-policy',
              principal: before.principal,
              policyName: before.policyName,
              document: before.document,
            },
      );
    }
  }
  return { steps, notes };
}

export function describeUndoStep(step: UndoStep): string {
  switch (step.kind) {
    case 'restore-key-status':
      return `iam:UpdateAccessKey UserName=${step.userName} AccessKeyId=${step.accessKeyId} Status=${step.status}`;
    case 'delete-policy':
      return `iam:Delete${step.principal.type === 'role' ? 'Role' : 'User'}Policy ${step.principal.type} ${step.principal.name} PolicyName=${step.policyName}`;
    case 'restore-policy':
      return `iam:Put${step.principal.type === 'role' ? 'Role' : 'User'}Policy ${step.principal.type} ${step.principal.name} PolicyName=${step.policyName} (previous document)`;
  }
}

export async function applyUndo(
  incidentId: string,
  plan: UndoPlan,
  deps: { iam: IamPort; store: IncidentStore; clock: Clock; actor: string },
  original: ActionRecord[],
): Promise<ActionRecord[]> {
  const records: ActionRecord[] = [];
  for (const step of plan.steps) {
    const source = original.find((r) => r.actionId === step.actionId && r.status === 'done');
    if (!source) continue;
    const startedAt = deps.clock.now().toISOString();
    switch (step.kind) {
      case 'restore-key-status':
        await deps.iam.setAccessKeyStatus(step.userName, step.accessKeyId, step.status);
        break;
      case 'delete-policy':
        await deps.iam.deleteInlinePolicy(step.principal, step.policyName);
        break;
      case 'restore-policy':
        await deps.iam.putInlinePolicy(step.principal, step.policyName, step.document);
        break;
    }
    const record: ActionRecord = {
      ...source,
      incidentId,
      status: 'undone',
      actor: deps.actor,
      reason: `undo: ${describeUndoStep(step)}`,
      startedAt,
      finishedAt: deps.clock.now().toISOString(),
      before: source.after,
      after: source.before,
    };
    delete record.undo;
    await deps.store.appendActionRecord(record);
    records.push(record);
  }
  return records;
}
