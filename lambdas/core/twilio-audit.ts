/**
 * What a Twilio account holds that deserves a look after a takeover, from its inventory: subaccounts
 * (new ones above all), API keys not on the known list, phone numbers whose webhook URLs point outside
 * the business's hosts, caller IDs added recently. Read-only and pure; every string Twilio returns is
 * attacker-controllable (friendly names, URLs) and reaches a person through oneLine only.
 */
import { oneLine } from './plain-text';
import type { TwilioAccountInventory } from './ports';

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
  for (const number of inventory.phoneNumbers) {
    for (const { field, url } of number.urls) {
      const host = hostOf(url);
      if (host !== undefined && allowedHost(host, options.webhookHosts)) continue;
      findings.push({
        kind: 'number-webhook',
        sid: number.sid,
        fresh: false,
        text: oneLine(
          `number ${number.phoneNumber} (${number.sid}) sends its ${field} to ${host ?? url}`,
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
