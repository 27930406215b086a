/**
 * `ato sendgrid audit [--json] [--config FILE]`: what the SendGrid account whose key is in
 * SENDGRID_API_KEY holds that may not be the business's — API keys, enabled subusers, unknown
 * teammates, pending invites, IP access (read-only). The key needs read scopes on api_keys,
 * subusers, teammates and access_settings.
 */
import { auditSendGrid } from '../../core/sendgrid-audit';
import { SendGridAccountInventory } from '../../providers/sendgrid/account-inventory';
import { SendGridHttp, sendGridBaseUrl } from '../../providers/sendgrid/sendgrid-http';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { readConfig } from '../options';
import { parse } from '../parse';

export async function sendgridCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'audit') throw new UsageError(`sendgrid needs a subcommand: audit (got ${sub ?? 'nothing'})`);
  const { values, positionals } = parse(rest, {
    json: { type: 'boolean', default: false },
    config: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const apiKey = io.env.SENDGRID_API_KEY;
  if (!apiKey) throw new UsageError('set SENDGRID_API_KEY to a key of the account to audit');
  const options = readConfig(values, io).sendgrid;
  const inventory = await new SendGridAccountInventory(
    new SendGridHttp(apiKey, sendGridBaseUrl(io.env)),
  ).inventory();
  const findings = auditSendGrid(inventory, options);
  if (values.json) {
    io.out(JSON.stringify({ findings }, null, 2));
    return EXIT.ok;
  }
  io.out(
    `SendGrid: ${inventory.apiKeys.length} API key(s), ${inventory.subusers.length} subuser(s), ${inventory.teammates.length} teammate(s), ` +
      `${inventory.pendingInvites.length} pending invite(s), ${inventory.allowedIps.length} allowed IP range(s); ${findings.length} finding(s)`,
  );
  for (const finding of findings) io.out(`  - ${finding.text}`);
  return EXIT.ok;
}
