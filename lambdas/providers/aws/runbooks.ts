/**
 * The runbooks' state machines behind `RunbookPort`: StartExecution named after the approval (a second
 * start of the same name is refused by Step Functions: ExecutionAlreadyExists), SendTaskSuccess and
 * SendTaskFailure for the approval step's task token. A token Step Functions no longer knows (timed
 * out, already answered, execution stopped: TaskTimedOut, TaskDoesNotExist, InvalidToken) is a closed
 * approval, not an error. API: Step Functions API reference, StartExecution, SendTaskSuccess,
 * SendTaskFailure.
 */
import {
  SFNClient,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ProviderError } from '../../core/ports';
import {
  type ApprovalDecision,
  DENIED_ERROR,
  RUNBOOKS,
  type RunbookName,
  type RunbookPort,
} from '../../core/slack-ports';
import { createClient } from './clients';
import { awsCall } from './errors';

const CLOSED_TOKEN = ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'];

export function createSfnClient(): SFNClient {
  return createClient(SFNClient, undefined);
}

/** ATO_RUNBOOK_ARNS: `{"contain-key": "arn:aws:states:…", …}`, as the stack writes it; every runbook named. */
export function runbookArnsFromEnv(env: NodeJS.ProcessEnv): Record<RunbookName, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(env.ATO_RUNBOOK_ARNS ?? '');
  } catch {
    throw new Error('ATO_RUNBOOK_ARNS is not JSON (the stack sets it)');
  }
  const arns = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const missing = RUNBOOKS.filter((name) => typeof arns[name] !== 'string' || !arns[name]);
  if (missing.length) throw new Error(`ATO_RUNBOOK_ARNS lacks ${missing.join(', ')}`);
  return arns as Record<RunbookName, string>;
}

export class StepFunctionsRunbooks implements RunbookPort {
  constructor(
    private readonly sfn: SFNClient,
    /** Absent where only task tokens are answered (the step Lambda): nothing can be started there. */
    private readonly arns?: Record<RunbookName, string>,
  ) {}

  async start(runbook: RunbookName, name: string, input: Record<string, string>): Promise<boolean> {
    const stateMachineArn = this.arns?.[runbook];
    if (!stateMachineArn)
      throw new Error(`no state machine ARN for runbook ${runbook} here (ATO_RUNBOOK_ARNS)`);
    return this.unlessCode(['ExecutionAlreadyExists'], 'StartExecution', runbook, () =>
      this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          name,
          input: JSON.stringify(input),
        }),
      ),
    );
  }

  async approve(taskToken: string, decision: ApprovalDecision): Promise<boolean> {
    return this.unlessCode(CLOSED_TOKEN, 'SendTaskSuccess', 'approval task', () =>
      this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(decision) })),
    );
  }

  async deny(taskToken: string, by: string): Promise<boolean> {
    return this.unlessCode(CLOSED_TOKEN, 'SendTaskFailure', 'approval task', () =>
      this.sfn.send(
        new SendTaskFailureCommand({
          taskToken,
          error: DENIED_ERROR,
          cause: `denied by ${by}`.slice(0, 256),
        }),
      ),
    );
  }

  /** True when the call went through; false when Step Functions answered one of `codes`. */
  private async unlessCode(
    codes: string[],
    call: string,
    resource: string,
    run: () => Promise<unknown>,
  ): Promise<boolean> {
    try {
      // The token is never the resource: it must not reach an error message or a log.
      await awsCall(call, resource, run);
      return true;
    } catch (error) {
      if (error instanceof ProviderError && codes.includes(error.code)) return false;
      throw error;
    }
  }
}
