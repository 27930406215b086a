/**
 * Applying an undo plan (undo.ts plans it): each step through its port, newest first, each leaving an
 * `undone` record with the before and after states swapped.
 */
import type { ActionRecord } from './action';
import { performRestore } from './iam-removal-undo';
import type {
  Clock,
  IamPort,
  IamRestorePort,
  IncidentStore,
  ParameterPort,
  SendGridAdminPort,
  SesPort,
  TwilioAdminPort,
  TwilioMessagingPort,
  TwilioVoicePort,
} from './ports';
import { sameRule } from './sendgrid-ip-rules';
import { type UndoPlan, type UndoStep, describeUndoStep } from './undo';

export interface UndoDeps {
  iam: IamPort;
  /** Needed only for SES steps, and the failover flag's. */
  ses?: SesPort;
  parameters?: ParameterPort;
  /** Needed only for the Twilio dialing steps, for their account. */
  twilioVoice?: TwilioVoicePort;
  twilioMessaging?: TwilioMessagingPort;
  twilioAdmin?: TwilioAdminPort;
  sendGridAdmin?: SendGridAdminPort;
  /** Needed only to put back what an approved IAM removal took away. */
  iamRestore?: IamRestorePort;
  store: IncidentStore;
  clock: Clock;
  actor: string;
  /** Why, when a person gave a reason (a forced resume): kept in each record. */
  reason?: string;
}

async function perform(step: UndoStep, deps: UndoDeps): Promise<void> {
  switch (step.kind) {
    case 'restore-key-status':
      return deps.iam.setAccessKeyStatus(step.userName, step.accessKeyId, step.status);
    case 'delete-policy':
      return deps.iam.deleteInlinePolicy(step.principal, step.policyName);
    case 'restore-policy':
      return deps.iam.putInlinePolicy(step.principal, step.policyName, step.document);
    case 'restore-ses-sending': {
      const { ses } = deps;
      if (!ses) throw new Error('undo of an SES pause needs SES access');
      for (const scope of step.sending)
        await ses.setSendingEnabled(step.region, scope.enabled, scope.configurationSet);
      return;
    }
    case 'restore-dialing': {
      const voice = deps.twilioVoice;
      if (voice?.accountSid !== step.accountSid)
        throw new Error(`undo of Twilio dialing needs access to account ${step.accountSid}`);
      return voice.updateDialingCountries(step.countries);
    }
    case 'restore-messaging-geo': {
      const messaging = deps.twilioMessaging;
      if (messaging?.accountSid !== step.accountSid)
        throw new Error(`undo of Twilio SMS geo permissions needs access to account ${step.accountSid}`);
      const results = await messaging.updateGeoPermissions(step.countries);
      const refused = results.filter((r) => r.errorCode !== 0);
      if (refused.length)
        throw new Error(`Twilio would not re-enable SMS to ${refused.map((r) => r.countryCode).join(', ')}`);
      return;
    }
    case 'restore-subaccount': {
      const admin = deps.twilioAdmin;
      if (admin?.accountSid !== step.accountSid)
        throw new Error(`undo of a Twilio suspension needs access to account ${step.accountSid}`);
      return admin.setSubaccountStatus(step.subaccountSid, 'active');
    }
    case 'restore-number-urls': {
      const admin = deps.twilioAdmin;
      if (admin?.accountSid !== step.accountSid)
        throw new Error(`undo of a Twilio number's URLs needs access to account ${step.accountSid}`);
      return admin.setNumberUrls(step.numberSid, step.urls);
    }
    case 'enable-subuser': {
      if (!deps.sendGridAdmin)
        throw new Error('undo of a SendGrid subuser needs SendGrid access (SENDGRID_API_KEY)');
      return deps.sendGridAdmin.setSubuserDisabled(step.username, false);
    }
    case 'restore-ip-rules': {
      const admin = deps.sendGridAdmin;
      if (!admin) throw new Error('undo of SendGrid IP access needs SendGrid access (SENDGRID_API_KEY)');
      const now = await admin.ipRules();
      // Added back first: the list is never emptier than either state in between.
      await admin.addIpRules(step.add.filter((ip) => !now.some((r) => sameRule(r.ip, ip))));
      await admin.deleteIpRules(
        now.filter((r) => step.remove.some((ip) => sameRule(r.ip, ip))).map((r) => r.id),
      );
      return;
    }
    case 'restore-parameter': {
      const { parameters } = deps;
      if (!parameters) throw new Error('undo of the failover flag needs SSM access');
      if (step.value === null) return parameters.delete(step.name);
      return parameters.put(step.name, step.value, false);
    }
    case 'reattach-policy':
    case 'restore-inline-policy':
    case 'restore-trust-policy':
      return performRestore(step, deps.iamRestore);
  }
}

export async function applyUndo(
  incidentId: string,
  plan: UndoPlan,
  deps: UndoDeps,
  original: ActionRecord[],
): Promise<ActionRecord[]> {
  const records: ActionRecord[] = [];
  for (const step of plan.steps) {
    const source = original.find((r) => r.actionId === step.actionId && r.status === 'done');
    if (!source) continue;
    const startedAt = deps.clock.now().toISOString();
    await perform(step, deps);
    // The step's own incident: resume may put back a flag another incident raised.
    const record: ActionRecord = {
      ...source,
      incidentId: source.incidentId || incidentId,
      status: 'undone',
      actor: deps.actor,
      reason: `undo: ${describeUndoStep(step)}${deps.reason ? ` (${deps.reason})` : ''}`,
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
