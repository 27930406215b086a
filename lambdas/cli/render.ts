/** Terminal and JSON renderings shared by the commands. */
import type { Action, ActionRecord, Plan, Skipped } from '../core/action';
import type { ActionSpec } from '../core/action';
import { describeRecord } from '../core/report';

export function planJson(actions: Action[], skipped: Skipped[]) {
  return {
    actions: actions.map((a) => ({
      kind: a.kind,
      target: a.target,
      mode: a.mode,
      approval: a.approval,
      reason: a.reason,
    })),
    skipped,
  };
}

export function renderPlan(plan: Plan, apiCalls: (spec: ActionSpec) => string[]): string {
  const lines = [`Plan for ${plan.incidentId}:`];
  plan.actions.forEach((action, i) => {
    const flags = [action.mode, action.approval === 'required' ? 'NEEDS APPROVAL' : 'automatic'].join(', ');
    lines.push(`  ${i + 1}. ${action.kind} (${flags})`);
    lines.push(`     why: ${action.reason}`);
    for (const call of apiCalls(action)) lines.push(`     → ${call}`);
  });
  if (plan.actions.length === 0) lines.push('  (no action)');
  for (const s of plan.skipped) lines.push(`  skipped${s.kind ? ` ${s.kind}` : ''}: ${s.reason}`);
  for (const e of plan.escalations) lines.push(`  needs a person: ${e}`);
  return lines.join('\n');
}

export function renderRecords(records: ActionRecord[]): string {
  return records.map((r) => `  - ${describeRecord(r)}`).join('\n');
}
