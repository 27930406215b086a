/**
 * What a person reads: the SNS notification (short) and the incident report (full), in plain words.
 * Pure string building; the same text serves the CLI, the drill and the notification.
 */
import type { ActionRecord } from './action';
import type { DialingCountry } from './ports';
import { oneLine } from './plain-text';
import { describeRemovalState } from './iam-removal-states';
import type { Incident } from './incident';
import { targetKey } from './plan';
import { NUMBER_URL_LABELS } from './twilio-audit';

const STATUS_WORDS: Record<ActionRecord['status'], string> = {
  done: 'done',
  'would-do': 'would do (dry-run)',
  'pending-approval': 'waiting for approval',
  denied: 'denied',
  expired: 'expired unapproved',
  refused: 'refused',
  failed: 'FAILED',
  skipped: 'skipped',
  undone: 'undone',
};

export function describeRecord(record: ActionRecord): string {
  const target = targetKey({ kind: record.kind, target: record.target } as Parameters<typeof targetKey>[0]);
  const tail = record.error ? ` — ${record.error}` : '';
  return `${STATUS_WORDS[record.status]}: ${record.kind} ${target}${tail}`;
}

function headline(incident: Incident): string {
  const who = incident.principal.name ? ` (${incident.principal.type} ${incident.principal.name})` : '';
  return oneLine(`[${incident.severity.toUpperCase()}] ${incident.title}${who}`);
}

/** The short message: what happened, what was done, what a person must do. */
export function renderNotification(
  incident: Incident,
  records: ActionRecord[],
): { subject: string; message: string } {
  const lines = [
    headline(incident),
    `Incident ${incident.id} in account ${incident.accountId}, status ${incident.status}.`,
    '',
    'What the responder did:',
    ...(records.length ? records.map((r) => `  - ${describeRecord(r)}`) : ['  - nothing yet']),
  ];
  if (incident.escalations.length) {
    lines.push('', 'Needs a person:', ...incident.escalations.map((e) => `  - ${oneLine(e, 1000)}`));
  }
  lines.push('', `Full report: ato report ${incident.id}    Undo: ato undo ${incident.id}`);
  return { subject: `ato-responder ${incident.severity}: ${incident.title}`, message: lines.join('\n') };
}

/** The full report: signals, timeline of actions with before/after, escalations, how to undo. */
export function renderIncidentReport(incident: Incident, records: ActionRecord[]): string {
  const lines = [
    `Incident ${incident.id}`,
    headline(incident),
    `Account ${incident.accountId} · region ${incident.region} · status ${incident.status} · opened ${incident.openedAt}`,
    ...(incident.resolution
      ? [
          `Resolved by ${incident.resolution.by} at ${incident.resolution.at}: ${oneLine(incident.resolution.reason, 1000)}`,
        ]
      : []),
    '',
    `Signals (${incident.signals.length}):`,
    ...incident.signals.map((s) => `  ${s.observedAt}  ${s.source}  ${s.reason}  — ${oneLine(s.title)}`),
    '',
    `Actions (${records.length}):`,
  ];
  for (const record of records) {
    lines.push(`  ${record.startedAt}  ${describeRecord(record)}`);
    lines.push(
      `      mode ${record.mode}, approval ${record.approval}, by ${record.actor}${record.approvedBy ? `, approved by ${record.approvedBy}` : ''}`,
    );
    if (record.before) lines.push(`      before: ${stateLine(record.before)}`);
    if (record.after) lines.push(`      after:  ${stateLine(record.after)}`);
    if (record.undo) lines.push(`      undo:   ${record.undo}`);
  }
  if (incident.snapshot) {
    const s = incident.snapshot;
    lines.push(
      '',
      `Snapshot of ${s.principal.type} ${s.principal.name} at ${s.takenAt}:`,
      `  keys: ${s.accessKeys.map((k) => `${k.accessKeyId} (${k.status})`).join(', ') || 'none'}`,
      `  attached policies: ${s.attachedPolicies.map((p) => p.policyName).join(', ') || 'none'}`,
      `  inline policies: ${s.inlinePolicies.map((p) => p.policyName).join(', ') || 'none'}`,
      `  groups: ${s.groups.join(', ') || 'none'} · console password: ${s.loginProfile ? 'yes' : 'no'} · MFA devices: ${s.mfaDevices.length}`,
    );
  }
  if (incident.escalations.length) {
    lines.push('', 'Needs a person:', ...incident.escalations.map((e) => `  - ${oneLine(e, 1000)}`));
  }
  return lines.join('\n');
}

function stateLine(state: NonNullable<ActionRecord['before']>): string {
  switch (state.type) {
    case 'access-key':
      return `key ${state.accessKeyId} of ${state.userName} ${state.status}${state.observed ? '' : ' (not read: the deactivation is the first call)'}`;
    case 'inline-policy':
      return `${state.principal.type} ${state.principal.name} inline policy ${state.policyName}: ${state.document === null ? 'absent' : 'present'}`;
    case 'principal-snapshot':
      return `snapshot of ${state.snapshot.principal.type} ${state.snapshot.principal.name} (${state.snapshot.accessKeys.length} keys, ${state.snapshot.attachedPolicies.length + state.snapshot.inlinePolicies.length} policies)`;
    case 'notification':
      return `notification "${state.subject}"${state.messageId ? ` (${state.messageId})` : ''}`;
    case 'ses-sending': {
      const scopes = state.sending.map(
        (s) =>
          `${s.configurationSet ? `configuration set ${s.configurationSet}` : 'account'} ${s.enabled ? 'sending' : 'paused'}`,
      );
      return `SES ${state.region}: ${scopes.join(', ')}${state.observed ? '' : ' (not read: the pause is the first call)'}`;
    }
    case 'ses-senders': {
      const likely = state.suspects.filter((s) => s.likely).length;
      const named = state.suspects
        .slice(0, 3)
        .map((s) => `${s.principal.type} ${s.principal.name}${s.accessKeyId ? ` (${s.accessKeyId})` : ''}`);
      return `${state.suspects.length} principal(s) or key(s) can send through SES in ${state.region}, ${likely} sent there in the last day${named.length ? `: ${named.join(', ')}${state.suspects.length > 3 ? '…' : ''}` : ''}`;
    }
    case 'twilio-dialing': {
      const open = (c: DialingCountry) => c.lowRisk || c.highRiskSpecial || c.highRiskTollFraud;
      const listed = state.countries.slice(0, 12).map((c) => `${c.isoCode}${open(c) ? '' : ' (off)'}`);
      return `Twilio ${state.accountSid} voice dialing: ${state.countries.length} countr${state.countries.length === 1 ? 'y' : 'ies'} ${listed.join(', ')}${state.countries.length > 12 ? '…' : ''}`;
    }
    case 'twilio-messaging-geo': {
      const listed = state.countries.slice(0, 12).map((c) => `${c.countryCode}${c.enabled ? '' : ' (off)'}`);
      return `Twilio ${state.accountSid} SMS geo permissions: ${state.countries.length} countr${state.countries.length === 1 ? 'y' : 'ies'} ${listed.join(', ')}${state.countries.length > 12 ? '…' : ''}`;
    }
    case 'twilio-subaccount':
      return `Twilio subaccount ${state.subaccountSid} of ${state.accountSid}: ${state.status}`;
    case 'twilio-api-key':
      return `Twilio API key ${state.keySid} of ${state.accountSid}: ${state.deleted ? 'deleted' : 'present'}`;
    case 'sendgrid-api-key':
      return `SendGrid API key ${state.keyId} "${oneLine(state.name, 100)}": ${state.deleted ? 'deleted' : 'present'}`;
    case 'sendgrid-subuser':
      return `SendGrid subuser ${oneLine(state.username, 100)}: ${state.disabled ? 'disabled' : 'enabled'}`;
    case 'sendgrid-teammate':
      return `SendGrid ${state.username ? `teammate ${oneLine(state.username, 100)}` : 'invite to'} <${oneLine(state.email, 100)}>: ${state.removed ? 'removed' : 'present'}`;
    case 'sendgrid-ip-access':
      return `SendGrid IP access: ${state.rules.length ? state.rules.slice(0, 12).join(', ') : 'off (every address allowed)'}`;
    case 'iam-removal':
      return describeRemovalState(state);
    case 'restored':
      return `put back: ${state.steps
        .slice(0, 3)
        .map((step) => oneLine(step, 200))
        .join('; ')}${state.steps.length > 3 ? ` (+${state.steps.length - 3} more)` : ''}`;
    case 'sendgrid-audit':
      return `SendGrid audit: ${state.findings.length} finding(s)${
        state.findings.length
          ? `: ${state.findings
              .slice(0, 3)
              .map((f) => f.text)
              .join('; ')}${state.findings.length > 3 ? '…' : ''}`
          : ''
      }`;
    case 'twilio-auth-token':
      return state.rotatedAt
        ? `Twilio ${state.accountSid} auth token rotated at ${state.rotatedAt}; the old one accepted by the responder until ${state.previousAcceptedUntil ?? state.rotatedAt}`
        : `Twilio ${state.accountSid} auth token as it was (not recorded: a secret)`;
    case 'twilio-number-urls':
      return `Twilio number ${state.numberSid} of ${state.accountSid}: ${
        state.urls
          .map((u) => `${NUMBER_URL_LABELS[u.field]} ${u.url ? oneLine(u.url, 200) : '(empty)'}`)
          .join(', ') || 'no URL changed'
      }`;
    case 'twilio-audit':
      return `Twilio ${state.accountSid} audit: ${state.findings.length} finding(s)${
        state.findings.length
          ? `: ${state.findings
              .slice(0, 3)
              .map((f) => f.text)
              .join('; ')}${state.findings.length > 3 ? '…' : ''}`
          : ''
      }`;
    case 'ssm-parameter':
      return `SSM parameter ${state.name} ${state.value === null ? 'absent' : `= ${state.value}`}`;
  }
}
