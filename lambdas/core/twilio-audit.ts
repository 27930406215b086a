/**
 * What a Twilio account holds that deserves a look after a takeover, from its inventory: subaccounts
 * (new ones above all), API keys not on the known list, phone numbers whose webhook URLs point outside
 * the business's hosts, caller IDs added recently. Read-only and pure; every string Twilio returns is
 * attacker-controllable (friendly names, URLs) and reaches a person through oneLine only.
 */
import { oneLine } from './plain-text';
import type { NumberUrl, NumberUrlField, TwilioAccountInventory } from './ports';

export const NUMBER_URL_LABELS: Readonly<Record<NumberUrlField, string>> = {
  VoiceUrl: 'voice webhook',
  VoiceFallbackUrl: 'voice fallback',
  SmsUrl: 'SMS webhook',
  SmsFallbackUrl: 'SMS fallback',
  StatusCallback: 'status callback',
};

export interface TwilioAuditOptions {
  knownApiKeys: readonly string[];
  webhookHosts: readonly string[];
  /** Things created at or after this are "new". */
  since: Date;
}

export interface TwilioFinding {
  kind: 'subaccount' | 'api-key' | 'number-webhook' | 'caller-id';
  sid: string;
  /** Created in the window before the incident. */
  fresh: boolean;
  /** One plain sentence. */
  text: string;
}

const isNew = (date: string | undefined, since: Date): boolean => {
  const at = Date.parse(date ?? '');
  return !Number.isNaN(at) && at >= since.getTime();
};

/** The host of a URL, lower case; undefined when it is not one. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** `example.com` allows `example.com` and `api.example.com`. */
function allowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => host === a.toLowerCase() || host.endsWith(`.${a.toLowerCase()}`));
}

/** Is this URL on one of the business's hosts (twilio.webhookHosts)? An unparseable one is not. */
export function onAllowedHost(url: string, hosts: readonly string[]): boolean {
  const host = hostOf(url);
  return host !== undefined && allowedHost(host, hosts);
}

/** The numbers with URLs that point away from the business's hosts, and those URLs. */
export function strayNumberUrls(
  inventory: Pick<TwilioAccountInventory, 'phoneNumbers'>,
  hosts: readonly string[],
): { sid: string; phoneNumber: string; urls: NumberUrl[] }[] {
  return inventory.phoneNumbers
    .map((n) => ({ ...n, urls: n.urls.filter((u) => u.url && !onAllowedHost(u.url, hosts)) }))
    .filter((n) => n.urls.length);
}

export function auditTwilio(inventory: TwilioAccountInventory, options: TwilioAuditOptions): TwilioFinding[] {
  const findings: TwilioFinding[] = [];
  for (const sub of inventory.subaccounts) {
    const fresh = isNew(sub.dateCreated, options.since);
    findings.push({
      kind: 'subaccount',
      sid: sub.sid,
      fresh,
      text: oneLine(
        `${fresh ? 'new ' : ''}subaccount ${sub.sid} "${sub.friendlyName}" (${sub.status}${sub.dateCreated ? `, created ${sub.dateCreated}` : ''})`,
        300,
      ),
    });
  }
  for (const key of inventory.apiKeys) {
    if (options.knownApiKeys.includes(key.sid) || key.sid === inventory.ownKeySid) continue;
    findings.push({
      kind: 'api-key',
      sid: key.sid,
      fresh: isNew(key.dateCreated, options.since),
      text: oneLine(
        `${isNew(key.dateCreated, options.since) ? 'new ' : ''}API key ${key.sid} "${key.friendlyName}" is not in twilio.knownApiKeys${key.dateCreated ? ` (created ${key.dateCreated})` : ''}`,
        300,
      ),
    });
  }
  for (const number of strayNumberUrls(inventory, options.webhookHosts)) {
    for (const { field, url } of number.urls) {
      const host = hostOf(url);
      findings.push({
        kind: 'number-webhook',
        sid: number.sid,
        fresh: false,
        text: oneLine(
          `number ${number.phoneNumber} (${number.sid}) sends its ${NUMBER_URL_LABELS[field]} to ${host ?? url}`,
          300,
        ),
      });
    }
  }
  for (const callerId of inventory.callerIds) {
    if (!isNew(callerId.dateCreated, options.since)) continue;
    findings.push({
      kind: 'caller-id',
      sid: callerId.sid,
      fresh: true,
      text: oneLine(
        `caller ID ${callerId.phoneNumber} "${callerId.friendlyName}" added ${callerId.dateCreated ?? ''}`.trim(),
        300,
      ),
    });
  }
  return findings;
}
