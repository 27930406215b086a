/**
 * `ato twilio audit [--json] [--config FILE]`: what the Twilio account named by TWILIO_ACCOUNT_SID
 * holds that may not be the business's (read-only): the same audit the webhook runs after a lockdown.
 * `ato twilio lockdown --allow US,CA [--execute]`: the webhook's playbook from a laptop — voice and SMS
 * geographic permissions closed outside the allowed countries, then the audit — recorded in the store
 * so `ato undo` can reopen exactly what it closed.
 * `ato twilio install-triggers --url URL [--daily-price N] [--categories a,b] [--execute]`: the usage
 * triggers that call the webhook, created once (the existing ones are listed first); dry-run unless
 * --execute, like every command that changes something.
 */
import { auditTwilio } from '../../core/twilio-audit';
import { type WantedTrigger, planTriggers } from '../../core/twilio-triggers';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, actorOf, openStore, readConfig } from '../options';
import { parse } from '../parse';
import { twilioFromEnv } from '../twilio-ports';
import { changePorts } from '../aws-ports';
import { renderRecords } from '../render';
import { respondToSignal } from '../../core/respond';
import type { TwilioUsageSignal } from '../../core/signal';

/** "New" in a laptop audit: created in the last week. */
const NEW_WITHIN_MS = 7 * 24 * 3600 * 1000;

export async function twilioCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'install-triggers') return installTriggers(rest, io);
  if (sub === 'lockdown') return lockdown(rest, io);
  if (sub !== 'audit')
    throw new UsageError(
      `twilio needs a subcommand: audit, lockdown or install-triggers (got ${sub ?? 'nothing'})`,
    );
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

/** The daily spend that fires the default trigger, in the account's currency. */
const DEFAULT_DAILY_PRICE = '100';

async function installTriggers(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    url: { type: 'string' },
    'daily-price': { type: 'string', default: DEFAULT_DAILY_PRICE },
    categories: { type: 'string', default: 'totalprice' },
    execute: { type: 'boolean', default: false },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const url = values.url ?? '';
  if (!/^https:\/\/\S+$/.test(url))
    throw new UsageError('install-triggers needs --url https://… (the webhook URL)');
  const price = values['daily-price'];
  if (!/^\d+(\.\d{1,2})?$/.test(price) || Number(price) <= 0)
    throw new UsageError(`--daily-price must be an amount such as 100 or 49.50 (got ${price})`);
  const categories = values.categories
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (!categories.length || categories.some((c) => !/^[a-z0-9-]+$/.test(c)))
    throw new UsageError('--categories must be usage categories such as totalprice,calls,sms');
  const twilio = twilioFromEnv(io.env);
  if (!twilio) throw new UsageError('set TWILIO_ACCOUNT_SID to the account to install triggers in');
  const wanted: WantedTrigger[] = categories.map((usageCategory) => ({
    usageCategory,
    triggerBy: 'price',
    triggerValue: price,
    recurring: 'daily',
  }));
  const plan = planTriggers(await twilio.twilioTriggers.list(), wanted, url);
  for (const t of plan.present) io.out(`  = ${t.usageCategory}: already there (${t.sid})`);
  for (const t of plan.create)
    io.out(`  + ${t.usageCategory}: daily price above ${t.triggerValue} → ${t.callbackUrl}`);
  if (!plan.create.length) {
    io.out('Nothing to create.');
    return EXIT.ok;
  }
  if (!values.execute) {
    io.out('Dry-run: nothing created; add --execute.');
    return EXIT.ok;
  }
  for (const t of plan.create)
    io.out(`Created ${await twilio.twilioTriggers.create(t)} (${t.usageCategory})`);
  return EXIT.ok;
}

async function lockdown(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...STORE_OPTIONS,
    allow: { type: 'string' },
    execute: { type: 'boolean', default: false },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const allowed = (values.allow ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (!allowed.length || allowed.some((c) => !/^[A-Z]{2}$/.test(c)))
    throw new UsageError('lockdown needs --allow with ISO country codes such as US,CA');
  const twilio = twilioFromEnv(io.env);
  if (!twilio) throw new UsageError('set TWILIO_ACCOUNT_SID to the account to lock down');
  const base = readConfig(values, io);
  const accountSid = twilio.twilioAudit.accountSid;
  const config = {
    ...base,
    mode: values.execute ? ('enforce' as const) : ('dry-run' as const),
    twilio: { ...base.twilio, accountSid, allowedCountries: allowed },
  };
  const { store } = openStore(values, io);
  const now = new Date();
  const person = actorOf(io).slice(4);
  const signal: TwilioUsageSignal = {
    kind: 'twilio-usage',
    source: 'cli',
    dedupKey: `cli:twilio:${accountSid}:${now.toISOString()}`,
    subject: { type: 'twilio-account', id: accountSid },
    accountId: accountSid,
    region: 'global',
    observedAt: now.toISOString(),
    severity: 'high',
    title: `Twilio account ${accountSid} locked down by ${person}`,
    principal: { type: 'unknown' },
    keyType: 'unknown',
    reason: 'twilio.lockdown-requested',
    usageCategory: 'lockdown',
    triggerBy: 'person',
    triggerValue: '',
    currentValue: '',
    usageTriggerSid: '',
    evidence: { requestedBy: person },
  };
  const outcome = await respondToSignal(signal, {
    ...changePorts(),
    ...twilio,
    store,
    clock: { now: () => new Date() },
    config,
    actor: actorOf(io),
    protectedTagCheck: 'preflight',
  });
  if (outcome.status !== 'handled') throw new Error(`event ${outcome.dedupKey} was already handled`);
  if (values.json) {
    io.out(JSON.stringify({ incidentId: outcome.incident.id, records: outcome.records }, null, 2));
  } else {
    io.out(`Incident ${outcome.incident.id}`);
    io.out(renderRecords(outcome.records));
    for (const e of outcome.incident.escalations) io.out(`  needs a person: ${e}`);
    if (!values.execute) io.out('Dry-run: nothing changed; add --execute.');
  }
  const failed = outcome.records.find((r) => r.status === 'failed' || r.status === 'refused');
  return failed ? EXIT.failure : EXIT.ok;
}
