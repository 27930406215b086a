/**
 * Undo, from the recorded before-state: re-activate keys the responder deactivated, remove (or
 * restore) the inline policies it wrote, turn SES sending back on and put the failover flag back,
 * re-attach or put back the policies and trust policies an approved removal took away, newest
 * first. Planning is pure; applying (undo-apply.ts) goes through the ports and leaves an `undone`
 * record per step.
 */
import type { ActionRecord, ActionState, IamPrincipal } from './action';
import { type IamRestoreStep, describeRestoreStep, planRemovalUndo } from './iam-removal-undo';
import type { DialingCountry, MessagingCountry, NumberUrl } from './ports';
import { oneLine } from './plain-text';
import { sameRule } from './sendgrid-ip-rules';

type SesSending = Extract<ActionState, { type: 'ses-sending' }>['sending'];

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
    }
  | { actionId: string; kind: 'restore-ses-sending'; region: string; sending: SesSending }
  | { actionId: string; kind: 'restore-dialing'; accountSid: string; countries: DialingCountry[] }
  | { actionId: string; kind: 'restore-messaging-geo'; accountSid: string; countries: MessagingCountry[] }
  | { actionId: string; kind: 'restore-subaccount'; accountSid: string; subaccountSid: string }
  | {
      actionId: string;
      kind: 'restore-number-urls';
      accountSid: string;
      numberSid: string;
      urls: NumberUrl[];
    }
  | { actionId: string; kind: 'enable-subuser'; username: string }
  /** Undo exactly the restriction: re-add the rules it removed, delete those it added; later ones stay. */
  | { actionId: string; kind: 'restore-ip-rules'; add: string[]; remove: string[] }
  /** `value: null`: the parameter did not exist before, so it is deleted. */
  | { actionId: string; kind: 'restore-parameter'; name: string; value: string | null }
  | IamRestoreStep;

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
    } else if (before.type === 'ses-sending') {
      if (!before.observed) {
        notes.push(
          `${record.actionId}: SES sending in ${before.region} was not read before the pause (the pause was the first call); resuming assumes it was enabled`,
        );
      }
      steps.push({
        actionId: record.actionId,
        kind: 'restore-ses-sending',
        region: before.region,
        sending: before.sending,
      });
    } else if (before.type === 'twilio-dialing') {
      if (before.countries.length)
        steps.push({
          actionId: record.actionId,
          kind: 'restore-dialing',
          accountSid: before.accountSid,
          countries: before.countries,
        });
    } else if (before.type === 'twilio-messaging-geo') {
      if (before.countries.length)
        steps.push({
          actionId: record.actionId,
          kind: 'restore-messaging-geo',
          accountSid: before.accountSid,
          countries: before.countries,
        });
    } else if (before.type === 'twilio-subaccount') {
      if (before.status === 'active')
        steps.push({
          actionId: record.actionId,
          kind: 'restore-subaccount',
          accountSid: before.accountSid,
          subaccountSid: before.subaccountSid,
        });
    } else if (before.type === 'twilio-number-urls') {
      if (before.urls.length)
        steps.push({
          actionId: record.actionId,
          kind: 'restore-number-urls',
          accountSid: before.accountSid,
          numberSid: before.numberSid,
          urls: before.urls,
        });
    } else if (before.type === 'sendgrid-subuser') {
      if (!before.disabled)
        steps.push({ actionId: record.actionId, kind: 'enable-subuser', username: before.username });
    } else if (before.type === 'sendgrid-ip-access') {
      const after = record.after?.type === 'sendgrid-ip-access' ? record.after.rules : before.rules;
      const add = before.rules.filter((r) => !after.some((a) => sameRule(a, r)));
      const remove = after.filter((a) => !before.rules.some((r) => sameRule(a, r)));
      if (add.length || remove.length)
        steps.push({ actionId: record.actionId, kind: 'restore-ip-rules', add, remove });
    } else if (before.type === 'ssm-parameter') {
      steps.push({
        actionId: record.actionId,
        kind: 'restore-parameter',
        name: before.name,
        value: before.value,
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
    } else {
      const removal = planRemovalUndo(record);
      if (removal && 'step' in removal) steps.push(removal.step);
      else if (removal) notes.push(removal.note);
    }
  }
  return { steps, notes };
}

/**
 * `ato undo` and `/ato undo`: every step of `planUndo` but SES sending and the failover flag, which come
 * back only through a resume (it checks the region's alarms and that the incident is resolved).
 */
export function planUndoSesAside(records: ActionRecord[]): UndoPlan {
  const all = planUndo(records);
  const isSes = (step: UndoStep): boolean =>
    step.kind === 'restore-ses-sending' || step.kind === 'restore-parameter';
  const held = all.steps.some(isSes);
  return {
    steps: all.steps.filter((step) => !isSes(step)),
    notes: [
      ...all.notes.filter((n) => !n.includes('SES sending')),
      ...(held
        ? [
            'SES sending and the failover flag are not undone here: ato ses resume --region … (it checks the alarms)',
          ]
        : []),
    ],
  };
}

export function describeUndoStep(step: UndoStep): string {
  switch (step.kind) {
    case 'restore-key-status':
      return `iam:UpdateAccessKey UserName=${step.userName} AccessKeyId=${step.accessKeyId} Status=${step.status}`;
    case 'delete-policy':
      return `iam:Delete${step.principal.type === 'role' ? 'Role' : 'User'}Policy ${step.principal.type} ${step.principal.name} PolicyName=${step.policyName}`;
    case 'restore-policy':
      return `iam:Put${step.principal.type === 'role' ? 'Role' : 'User'}Policy ${step.principal.type} ${step.principal.name} PolicyName=${step.policyName} (previous document)`;
    case 'restore-ses-sending':
      return step.sending
        .map((s) =>
          s.configurationSet
            ? `ses:PutConfigurationSetSendingOptions (${step.region}) ConfigurationSetName=${s.configurationSet} SendingEnabled=${s.enabled}`
            : `ses:PutAccountSendingAttributes (${step.region}) SendingEnabled=${s.enabled}`,
        )
        .join('; ');
    case 'restore-dialing':
      return `twilio:POST voice /v1/DialingPermissions/BulkCountryUpdates account ${step.accountSid}: ${step.countries.map((c) => c.isoCode).join(', ')} as they were`;
    case 'restore-messaging-geo':
      return `twilio:PATCH accounts /v1/Messaging/GeoPermissions account ${step.accountSid}: ${step.countries.map((c) => c.countryCode).join(', ')} enabled again`;
    case 'restore-subaccount':
      return `twilio:POST api /2010-04-01/Accounts/${step.subaccountSid}.json Status=active`;
    case 'restore-number-urls':
      return oneLine(
        `twilio:POST api /2010-04-01/Accounts/${step.accountSid}/IncomingPhoneNumbers/${step.numberSid}.json ${step.urls.map((u) => `${u.field}=${u.url}`).join(' ')}`,
        1000,
      );
    case 'enable-subuser':
      return oneLine(`sendgrid:PATCH /v3/subusers/${step.username} {"disabled":false}`, 300);
    case 'restore-ip-rules':
      return oneLine(
        `sendgrid:POST /v3/access_settings/whitelist ${step.add.join(', ') || '(none)'}; DELETE ${step.remove.join(', ') || '(none)'}`,
        500,
      );
    case 'restore-parameter':
      return step.value === null
        ? `ssm:DeleteParameter Name=${step.name} (it did not exist before)`
        : `ssm:PutParameter Name=${step.name} Value=${step.value} Overwrite=true`;
    case 'reattach-policy':
    case 'restore-inline-policy':
    case 'restore-trust-policy':
      return describeRestoreStep(step);
  }
}
