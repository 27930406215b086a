/** One action of a plan, dispatched to the step that performs it through the ports. */
import type { Action } from './action';
import { resumeSesSending, undoIncident } from './approved-restores';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import { deactivateKey, putOwnPolicy, snapshot } from './iam-steps';
import {
  deleteAccessKey,
  deleteLoginProfile,
  deleteUser,
  detachPolicy,
  restoreTrustPolicy,
} from './iam-removal-steps';
import {
  QUARANTINE_POLICY_NAME,
  REVOKE_POLICY_NAME,
  quarantinePolicy,
  revokeOlderSessionsPolicy,
} from './plan';
import { renderNotification } from './report';
import { deleteSendGridKey, disableSubuser, removeTeammate, restrictIps } from './sendgrid-admin-steps';
import { auditSendGridAccount } from './sendgrid-steps';
import { findSenders, pauseSending, setFailoverFlag } from './ses-steps';
import { deleteApiKey, restoreNumberUrls, rotateAuthToken, suspendSubaccount } from './twilio-admin-steps';
import { auditAccount, restrictDialing, restrictMessaging } from './twilio-steps';

export async function perform(action: Action, run: Run, deps: ExecuteDeps): Promise<Outcome> {
  switch (action.kind) {
    case 'aws.iam.deactivate-access-key':
      return deactivateKey(action.target, run, deps);
    case 'aws.iam.snapshot-principal':
      return snapshot(run, deps);
    case 'aws.iam.revoke-older-sessions':
      return putOwnPolicy(
        run,
        deps,
        REVOKE_POLICY_NAME,
        revokeOlderSessionsPolicy(action.target.issuedBefore),
      );
    case 'aws.iam.attach-deny-all':
      return putOwnPolicy(run, deps, QUARANTINE_POLICY_NAME, quarantinePolicy());
    case 'aws.ses.pause-sending':
      return pauseSending(action.target, run, deps);
    case 'aws.ssm.set-failover-flag':
      return setFailoverFlag(action.target, run, deps);
    case 'aws.ses.find-senders':
      return findSenders(action, run, deps);
    case 'twilio.account.audit':
      return auditAccount(action, run, deps);
    case 'twilio.account.suspend-subaccount':
      return suspendSubaccount(action.target, deps);
    case 'twilio.keys.delete-api-key':
      return deleteApiKey(action.target, deps);
    case 'twilio.auth-token.rotate':
      return rotateAuthToken(action.target, run, deps);
    case 'twilio.numbers.restore-webhook-urls':
      return restoreNumberUrls(action.target, deps);
    case 'sendgrid.account.audit':
      return auditSendGridAccount(action, run, deps);
    case 'sendgrid.keys.delete-api-key':
      return deleteSendGridKey(action.target, deps);
    case 'sendgrid.subusers.disable':
      return disableSubuser(action.target, deps);
    case 'sendgrid.teammates.remove':
      return removeTeammate(action.target, deps);
    case 'sendgrid.access.restrict-ips':
      return restrictIps(action.target, run, deps);
    case 'twilio.voice.restrict-dialing-countries':
      return restrictDialing(action.target, run, deps);
    case 'twilio.messaging.restrict-geo-permissions':
      return restrictMessaging(action.target, run, deps);
    case 'aws.ses.resume-sending':
      return resumeSesSending(action.target, run, deps);
    case 'ato.incident.undo':
      return undoIncident(action.target, deps);
    case 'notify.incident': {
      if (!deps.notifier)
        return { status: 'skipped', error: 'no notification channel (give --topic or set ATO_TOPIC_ARN)' };
      const rendered = renderNotification(run.incident, run.records);
      const subject = action.mode === 'dry-run' ? `[dry-run] ${rendered.subject}` : rendered.subject;
      const { messageId } = await deps.notifier.publish(subject, rendered.message, run.incident.id);
      return {
        status: 'done',
        after: { type: 'notification', subject, ...(messageId ? { messageId } : {}) },
      };
    }
    case 'aws.iam.delete-access-key':
      return deleteAccessKey(action.target, run, deps);
    case 'aws.iam.delete-login-profile':
      return deleteLoginProfile(action.target, run, deps);
    case 'aws.iam.delete-user':
      return deleteUser(action, run, deps);
    case 'aws.iam.detach-policy':
      return detachPolicy(action.target, run, deps);
    case 'aws.iam.restore-trust-policy':
      return restoreTrustPolicy(action.target, run, deps);
  }
}
