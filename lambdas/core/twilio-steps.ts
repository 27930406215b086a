/**
 * The Twilio steps of a plan. Restrict voice dialing: read every country's permissions, switch off
 * every number class of every country outside the allowed ones that has one on, and record exactly
 * those countries as they were, so undo turns back on only what this changed. Restrict SMS the same
 * way; a country Twilio refuses to change here (30649: the Console only) goes to a person.
 */
import type { Action, AuditTwilioAccount, RestrictTwilioDialing, RestrictTwilioMessaging } from './action';
import { type Proposal, lastSnapshot, proposeAll } from './follow-up';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import { escalate } from './iam-steps';
import { oneLine } from './plain-text';
import type { DialingCountry, NumberUrl, NumberUrlField, TwilioAccountInventory } from './ports';
import { NUMBER_URL_LABELS, type TwilioFinding, auditTwilio, strayNumberUrls } from './twilio-audit';

/** What was created this long before the incident opened counts as new. */
export const NEW_WITHIN_DAYS = 7;

export async function restrictDialing(
  target: RestrictTwilioDialing['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const voice = deps.twilioVoice;
  if (!voice || voice.accountSid !== target.accountSid)
    return { status: 'skipped', error: `no Twilio access to account ${target.accountSid} here` };
  const reserved = await run.reserve();
  if (reserved) return reserved;
  const allowed = new Set(target.allowedCountries);
  const open = (c: DialingCountry) => c.lowRisk || c.highRiskSpecial || c.highRiskTollFraud;
  const countries = await voice.dialingCountries();
  const unknown = unknownCodes(
    target.allowedCountries,
    countries.map((c) => c.isoCode),
  );
  if (unknown.length) return unknownCountries('voice dialing', unknown, run);
  const changed = countries.filter((c) => !allowed.has(c.isoCode) && open(c));
  const closed = changed.map((c) => ({
    ...c,
    lowRisk: false,
    highRiskSpecial: false,
    highRiskTollFraud: false,
  }));
  if (closed.length) await voice.updateDialingCountries(closed);
  return {
    status: 'done',
    before: { type: 'twilio-dialing', accountSid: target.accountSid, countries: changed },
    after: { type: 'twilio-dialing', accountSid: target.accountSid, countries: closed },
    undo: closed.length
      ? `ato undo re-opens the ${closed.length} countries closed here, exactly as they were`
      : 'nothing to undo: no country outside the allowed ones could be dialled',
  };
}

export async function restrictMessaging(
  target: RestrictTwilioMessaging['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const messaging = deps.twilioMessaging;
  if (!messaging || messaging.accountSid !== target.accountSid)
    return { status: 'skipped', error: `no Twilio access to account ${target.accountSid} here` };
  const reserved = await run.reserve();
  if (reserved) return reserved;
  const allowed = new Set(target.allowedCountries);
  const permissions = await messaging.geoPermissions();
  const unknown = unknownCodes(
    target.allowedCountries,
    permissions.map((c) => c.countryCode),
  );
  if (unknown.length) return unknownCountries('SMS geo permissions', unknown, run);
  const open = permissions.filter((c) => c.enabled && !allowed.has(c.countryCode));
  const results = open.length
    ? await messaging.updateGeoPermissions(open.map((c) => ({ ...c, enabled: false })))
    : [];
  const refused = results.filter((r) => r.errorCode !== 0);
  const closed = results
    .filter((r) => r.errorCode === 0)
    .map((r) => ({ countryCode: r.countryCode, enabled: false }));
  if (refused.length) {
    escalate(
      run,
      `Twilio would not disable SMS to ${refused.map((r) => `${r.countryCode} (${r.errorCode}${r.errorMessage ? `: ${r.errorMessage}` : ''})`).join(', ')} on ${target.accountSid}: change them in the Console (Messaging → Settings → Geo permissions).`,
    );
  }
  return {
    status: 'done',
    before: {
      type: 'twilio-messaging-geo',
      accountSid: target.accountSid,
      countries: closed.map((c) => ({ ...c, enabled: true })),
    },
    after: { type: 'twilio-messaging-geo', accountSid: target.accountSid, countries: closed },
    ...(refused.length
      ? {
          error: `${refused.length} countr${refused.length === 1 ? 'y' : 'ies'} left enabled: ${refused.map((r) => r.countryCode).join(', ')}`,
        }
      : {}),
    undo: closed.length
      ? `ato undo re-enables SMS to the ${closed.length} countries disabled here`
      : 'nothing to undo: no country outside the allowed ones could receive SMS',
  };
}

export async function auditAccount(
  action: Action & AuditTwilioAccount,
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const { target } = action;
  const audit = deps.twilioAudit;
  if (!audit || audit.accountSid !== target.accountSid)
    return { status: 'skipped', error: `no Twilio access to account ${target.accountSid} here` };
  const { knownApiKeys, webhookHosts } = deps.config.twilio;
  const since = new Date(Date.parse(run.incident.openedAt) - NEW_WITHIN_DAYS * 24 * 3600 * 1000);
  const inventory = await audit.inventory();
  const findings = auditTwilio(inventory, { knownApiKeys, webhookHosts, since });
  if (inventory.unread?.length)
    escalate(
      run,
      `The Twilio audit could not read ${inventory.unread.map((u) => `${u.listing} (${u.error})`).join('; ')}: check those by hand.`,
    );
  const proposed = await proposeRemovals(action, findings, inventory, run, deps);
  if (findings.length) {
    const shown = findings.slice(0, 8).map((f) => f.text);
    const more = findings.length > 8 ? ` (and ${findings.length - 8} more in the report)` : '';
    escalate(run, `Twilio ${target.accountSid} holds what may not be yours${more}: ${shown.join('; ')}.`);
  }
  for (const { what, approvalId } of proposed) escalate(run, `To ${what}: ato approve ${approvalId}.`);
  return { status: 'done', after: { type: 'twilio-audit', accountSid: target.accountSid, findings } };
}

/** At most this many changes are proposed per audit; the rest stay listed. */
export const MAX_TWILIO_PROPOSALS = 10;

/**
 * What a person decides after a takeover: reset the auth token (Twilio's checklist; the leaked
 * credential may be it), suspend new subaccounts (reversible), delete undeclared API keys
 * (irreversible), point numbers' webhook URLs back home — to the last URL the scheduled audit saw on
 * the business's hosts, else to twilio.parkingUrl, else a person is told to.
 */
async function proposeRemovals(
  parent: Action & AuditTwilioAccount,
  findings: TwilioFinding[],
  inventory: TwilioAccountInventory,
  run: Run,
  deps: ExecuteDeps,
): Promise<{ what: string; approvalId: string }[]> {
  const { accountSid } = parent.target;
  const proposals: Proposal[] = [
    {
      what: `reset the auth token of ${accountSid}`,
      suffix: 'auth-token',
      spec: { kind: 'twilio.auth-token.rotate', target: { accountSid } },
      reversible: false,
      reason:
        "reset the auth token (Twilio's checklist): the old one stops working at once, the responder's secret follows",
    },
  ];
  for (const finding of findings) {
    if (finding.kind === 'subaccount' && finding.fresh)
      proposals.push({
        what: `suspend ${finding.sid}`,
        suffix: finding.sid,
        spec: {
          kind: 'twilio.account.suspend-subaccount',
          target: { accountSid, subaccountSid: finding.sid },
        },
        reversible: true,
        reason: `${finding.text}: suspend it (reversible) if nobody here made it`,
      });
    if (finding.kind === 'api-key')
      proposals.push({
        what: `delete ${finding.sid}`,
        suffix: finding.sid,
        spec: { kind: 'twilio.keys.delete-api-key', target: { accountSid, keySid: finding.sid } },
        reversible: false,
        reason: `${finding.text}: delete it (irreversible) if nobody here uses it`,
      });
  }
  const known = (await lastSnapshot(deps, 'twilio', accountSid))?.knownGoodUrls ?? {};
  const { webhookHosts, parkingUrl } = deps.config.twilio;
  for (const number of strayNumberUrls(inventory, webhookHosts)) {
    const target = (field: NumberUrlField): NumberUrl | undefined => {
      const url = known[number.sid]?.find((u) => u.field === field)?.url ?? parkingUrl;
      return url ? { field, url } : undefined;
    };
    const urls = number.urls.map((u) => target(u.field)).filter((u) => u !== undefined);
    const left = number.urls.filter((u) => !target(u.field));
    if (left.length)
      escalate(
        run,
        `Point the ${left.map((u) => NUMBER_URL_LABELS[u.field]).join(', ')} of ${number.phoneNumber} back by hand: no earlier URL on twilio.webhookHosts is known and no twilio.parkingUrl is set.`,
      );
    if (!urls.length) continue;
    const words = urls.map((u) => `${NUMBER_URL_LABELS[u.field]} to ${u.url}`).join(', ');
    proposals.push({
      what: oneLine(`point ${number.phoneNumber} back (${words})`, 300),
      suffix: number.sid,
      spec: {
        kind: 'twilio.numbers.restore-webhook-urls',
        target: { accountSid, numberSid: number.sid, phoneNumber: number.phoneNumber, urls },
      },
      reversible: true,
      reason: oneLine(
        `${number.phoneNumber} sends calls or messages to a host not in twilio.webhookHosts: point its ${words}`,
        500,
      ),
    });
  }
  return proposeAll(parent, proposals, MAX_TWILIO_PROPOSALS, deps);
}

/** Allowed codes Twilio does not list (a typo such as UK, or CA, which voice lists under US): close nothing. */
function unknownCodes(allowed: readonly string[], listed: readonly string[]): string[] {
  const known = new Set(listed);
  return allowed.filter((code) => !known.has(code));
}

function unknownCountries(what: string, unknown: string[], run: Run): Outcome {
  const message = `twilio.allowedCountries names ${unknown.join(', ')}, which Twilio's ${what} does not list (voice lists Canada under US): nothing was closed; fix the list or restrict by hand`;
  escalate(run, `${message}.`);
  return { status: 'skipped', error: message };
}
