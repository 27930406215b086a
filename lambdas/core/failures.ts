/**
 * What a provider failure means for the rest of a plan: retry the delivery (throttling, 5xx), stop
 * the later steps on that principal (a refusal, a failure), or only say so (a read after
 * containment; anything Twilio, which never redelivers its webhook).
 */
import type { Action } from './action';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import { escalate } from './iam-steps';
import type { ProviderError } from './ports';

/**
 * Read-only inventories after containment: run even when a containing step failed (they are most
 * needed then), and a failure never stops the plan nor asks for a redelivery.
 */
export const READS_AFTER_CONTAINMENT: readonly string[] = [
  'aws.ses.find-senders',
  'twilio.account.audit',
  'sendgrid.account.audit',
];

export function failed(action: Action, run: Run, error: ProviderError, deps: ExecuteDeps): Outcome {
  if (action.kind.startsWith('twilio.')) return vendorFailed('Twilio', action, run, error);
  if (action.kind.startsWith('sendgrid.')) return vendorFailed('SendGrid', action, run, error);
  if (READS_AFTER_CONTAINMENT.includes(action.kind)) {
    // A read after containment: never worth redelivering the event (and redoing the inventory) for.
    escalate(run, `Could not finish ${action.kind} (read-only): ${error.message}.`);
    return { status: 'failed', error: error.message };
  }
  if (error.retryable) {
    run.retryable = error;
    return { status: 'failed', error: error.message };
  }
  if (error.accessDenied && action.kind !== 'notify.incident') {
    // The deployed role's Denies make a refusal mean "protected"; a person's credentials just lack it.
    const why = !action.kind.startsWith('aws.iam.')
      ? 'the credentials lack the permission (config ses.* decides what the deployed role may do: redeploy after changing it)'
      : deps.protectedTagCheck === 'iam-policy'
        ? 'the principal is protected (ato:protected tag or protectedPrincipals) or the responder lacks the permission'
        : 'these credentials are not allowed to (IAM policy, permission boundary or SCP)';
    run.halt = `IAM refused ${error.call} on ${error.resource}: ${why}`;
    escalate(run, `${run.halt}. Nothing further was changed on it; a person must contain it.`);
    return { status: 'refused', error: error.message };
  }
  if (action.phase !== 'notify') {
    run.halt = `${error.call} failed on ${error.resource}; later steps on this principal were not attempted`;
    escalate(run, `${error.message}. ${run.halt}.`);
  }
  return { status: 'failed', error: error.message };
}

/**
 * Twilio calls its webhook synchronously and does not retry an error answer: a retryable failure is
 * reported, not thrown for a redelivery that never comes. Voice and SMS are independent: one
 * failing does not stop the other. SendGrid's steps alike: the scheduled audit runs again anyway.
 */
function vendorFailed(vendor: string, action: Action, run: Run, error: ProviderError): Outcome {
  const why = error.accessDenied
    ? `the ${vendor} credentials in the secret (or the environment) may not do this`
    : error.retryable
      ? `${vendor} failed or throttled; nothing retries it`
      : `${vendor} refused it`;
  escalate(run, `${action.kind} failed: ${why} (${error.message}); do it by hand.`);
  return { status: error.accessDenied ? 'refused' : 'failed', error: error.message };
}
