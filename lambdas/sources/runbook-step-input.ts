/**
 * The payload a runbook's state machine invokes its step Lambda with (lib/runbooks.ts), checked:
 * a step, a runbook, an approval id, and for the approval step its task token. Never throws.
 */
import { RUNBOOKS, type RunbookName, type RunbookStepInput } from '../core/slack-ports';
import { stringAt } from './eventbridge-envelope';

const APPROVAL_ID = /^[\x21-\x7e]{1,200}$/;

export function runbookStepInputOf(
  event: unknown,
): { ok: true; value: RunbookStepInput } | { ok: false; reason: string } {
  const step = stringAt(event, 'step');
  const runbook = stringAt(event, 'runbook');
  const approvalId = stringAt(event, 'approvalId');
  if (!runbook || !(RUNBOOKS as readonly string[]).includes(runbook))
    return { ok: false, reason: `unknown runbook ${JSON.stringify(runbook ?? null)}` };
  if (!approvalId || !APPROVAL_ID.test(approvalId)) return { ok: false, reason: 'no approvalId' };
  const name = runbook as RunbookName;
  switch (step) {
    case 'request-approval': {
      const taskToken = stringAt(event, 'taskToken');
      if (!taskToken) return { ok: false, reason: 'request-approval without a taskToken' };
      return { ok: true, value: { step, runbook: name, approvalId, taskToken } };
    }
    case 'execute':
    case 'denied':
    case 'expire':
      return { ok: true, value: { step, runbook: name, approvalId } };
    default:
      return { ok: false, reason: `unknown step ${JSON.stringify(step ?? null)}` };
  }
}
