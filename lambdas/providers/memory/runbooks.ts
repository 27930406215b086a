/**
 * The runbooks' state machines as recorded calls, for tests and offline runs: a second start of a
 * name answers false (Step Functions' ExecutionAlreadyExists), and so does a task token marked
 * `closed` (timed out, answered, execution stopped).
 */
import type { ApprovalDecision, RunbookName, RunbookPort } from '../../core/slack-ports';

export class InMemoryRunbooks implements RunbookPort {
  readonly started: { runbook: RunbookName; name: string; input: Record<string, string> }[] = [];
  readonly approved: { taskToken: string; decision: ApprovalDecision }[] = [];
  readonly denied: { taskToken: string; by: string }[] = [];
  /** Tokens Step Functions no longer knows. */
  readonly closed = new Set<string>();

  start(runbook: RunbookName, name: string, input: Record<string, string>): Promise<boolean> {
    if (this.started.some((s) => s.name === name)) return Promise.resolve(false);
    this.started.push({ runbook, name, input });
    return Promise.resolve(true);
  }

  approve(taskToken: string, decision: ApprovalDecision): Promise<boolean> {
    if (this.closed.has(taskToken)) return Promise.resolve(false);
    this.approved.push({ taskToken, decision });
    return Promise.resolve(true);
  }

  deny(taskToken: string, by: string): Promise<boolean> {
    if (this.closed.has(taskToken)) return Promise.resolve(false);
    this.denied.push({ taskToken, by });
    return Promise.resolve(true);
  }
}
