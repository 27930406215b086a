/**
 * Undo of the approved IAM removals that can be undone, from their recorded before-state: a managed
 * policy attached again, an inline policy put back, a role's previous trust policy restored. A
 * deleted access key, console password or user is gone: planning says so in a note.
 */
import type { ActionRecord, PolicyHolder } from './action';
import { describeAttachment } from './iam-removal-states';
import type { IamRestorePort } from './ports';

export type IamRestoreStep =
  | { actionId: string; kind: 'reattach-policy'; holder: PolicyHolder; policyArn: string }
  | {
      actionId: string;
      kind: 'restore-inline-policy';
      holder: PolicyHolder;
      policyName: string;
      document: string;
    }
  | { actionId: string; kind: 'restore-trust-policy'; roleName: string; document: string };

/** What undoing a removal's record takes: a step, or a note why none; undefined for any other record. */
export function planRemovalUndo(
  record: ActionRecord,
): { step: IamRestoreStep } | { note: string } | undefined {
  const { actionId, before } = record;
  if (before?.type !== 'iam-removal') return undefined;
  switch (before.what) {
    case 'managed-policy':
      return before.attached
        ? { step: { actionId, kind: 'reattach-policy', holder: before.holder, policyArn: before.policyArn } }
        : undefined;
    case 'inline-policy':
      return before.document === null
        ? undefined
        : {
            step: {
              actionId,
              kind: 'restore-inline-policy',
              holder: before.holder,
              policyName: before.policyName,
              document: before.document,
            },
          };
    case 'trust-policy':
      return {
        step: {
          actionId,
          kind: 'restore-trust-policy',
          roleName: before.roleName,
          document: before.document,
        },
      };
    case 'user-credential':
      return {
        note: `${actionId}: the ${describeAttachment(before.attachment)} of user ${before.userName} was deleted: it cannot be undone`,
      };
    case 'user':
      return {
        note: `${actionId}: user ${before.userName} was deleted: it cannot be undone (its record lists what it held)`,
      };
  }
}

const holderKind = (holder: PolicyHolder): string =>
  holder.type === 'user' ? 'User' : holder.type === 'role' ? 'Role' : 'Group';

export function describeRestoreStep(step: IamRestoreStep): string {
  switch (step.kind) {
    case 'reattach-policy': {
      const kind = holderKind(step.holder);
      return `iam:Attach${kind}Policy ${kind}Name=${step.holder.name} PolicyArn=${step.policyArn}`;
    }
    case 'restore-inline-policy': {
      const kind = holderKind(step.holder);
      return `iam:Put${kind}Policy ${kind}Name=${step.holder.name} PolicyName=${step.policyName} (the document recorded before)`;
    }
    case 'restore-trust-policy':
      return `iam:UpdateAssumeRolePolicy RoleName=${step.roleName} (the trust policy recorded before)`;
  }
}

export function performRestore(step: IamRestoreStep, iam: IamRestorePort | undefined): Promise<void> {
  if (!iam) throw new Error('undo of an IAM removal needs IAM access (ato undo, from a laptop)');
  switch (step.kind) {
    case 'reattach-policy':
      return iam.attachPolicy(step.holder, step.policyArn);
    case 'restore-inline-policy':
      return iam.putInlinePolicy(step.holder, step.policyName, step.document);
    case 'restore-trust-policy':
      return iam.updateTrustPolicy(step.roleName, step.document);
  }
}
