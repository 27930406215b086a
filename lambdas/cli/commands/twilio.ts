/**
 * `ato twilio audit [--json] [--config FILE]`: what the Twilio account named by TWILIO_ACCOUNT_SID
 * holds that may not be the business's (read-only): the same audit the webhook runs after a lockdown.
 */
import { auditTwilio } from '../../core/twilio-audit';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { readConfig } from '../options';
import { parse } from '../parse';
import { twilioFromEnv } from '../twilio-ports';

/** "New" in a laptop audit: created in the last week. */
const NEW_WITHIN_MS = 7 * 24 * 3600 * 1000;

export async function twilioCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'audit') throw new UsageError(`twilio needs a subcommand: audit (got ${sub ?? 'nothing'})`);
  const { values, positionals } = parse(rest, {
    json: { type: 'boolean', default: false },
    config: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const twilio = twilioFromEnv(io.env);
  if (!twilio) throw new UsageError('set TWILIO_ACCOUNT_SID to the account to audit');
  const { knownApiKeys, webhookHosts } = readConfig(values, io).twilio;
  const inventory = await twilio.twilioAudit.inventory();
  const findings = auditTwilio(inventory, {
    knownApiKeys,
    webhookHosts,
    since: new Date(Date.now() - NEW_WITHIN_MS),
  });
  if (values.json) {
    io.out(JSON.stringify({ accountSid: twilio.twilioAudit.accountSid, findings }, null, 2));
    return EXIT.ok;
  }
  io.out(
    `Twilio ${twilio.twilioAudit.accountSid}: ${inventory.subaccounts.length} subaccount(s), ${inventory.apiKeys.length} API key(s), ` +
      `${inventory.phoneNumbers.length} number(s), ${inventory.callerIds.length} caller ID(s); ${findings.length} finding(s)`,
  );
  for (const finding of findings) io.out(`  - ${finding.text}`);
  return EXIT.ok;
}
