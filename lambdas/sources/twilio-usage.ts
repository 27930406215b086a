/**
 * Twilio usage-trigger callbacks: Twilio POSTs, form-encoded, when an account's usage of a category
 * crosses the trigger's value. Parameters (Usage Triggers resource, "Callback"): AccountSid,
 * UsageTriggerSid, DateFired, Recurring, UsageCategory, TriggerBy, TriggerValue, CurrentValue,
 * UsageRecordUri, IdempotencyToken. https://www.twilio.com/docs/usage/api/usage-trigger
 * Only a request whose signature was verified reaches this.
 */
import { oneLine } from '../core/plain-text';
import type { Normalized, TwilioUsageSignal } from '../core/signal';
import type { FormParams } from '../core/ports';

export const TWILIO_SOURCE = 'twilio';
const ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
const USAGE_TRIGGER_SID = /^UT[0-9a-f]{32}$/;

const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

const WHAT: Readonly<Record<string, string>> = { price: 'spend', count: 'count', usage: 'usage' };

export function normalizeTwilioUsage(params: FormParams, receivedAt: string): Normalized {
  const field = (name: string): string | undefined => params.find(([n]) => n === name)?.[1] || undefined;
  const accountSid = field('AccountSid');
  if (accountSid === undefined || !ACCOUNT_SID.test(accountSid))
    return { ok: false, reason: 'usage-trigger callback without a valid AccountSid (AC + 32 hex)' };
  const token = field('IdempotencyToken');
  if (token === undefined)
    return { ok: false, reason: `usage-trigger callback for ${accountSid} without IdempotencyToken` };
  const triggerSid = field('UsageTriggerSid');
  if (triggerSid === undefined || !USAGE_TRIGGER_SID.test(triggerSid))
    return { ok: false, reason: `usage-trigger callback for ${accountSid} without a valid UsageTriggerSid` };
  const category = oneLine(field('UsageCategory') ?? '', 100);
  if (category === '')
    return { ok: false, reason: `usage trigger ${triggerSid} fired without a UsageCategory` };
  const triggerBy = oneLine(field('TriggerBy') ?? 'usage', 20);
  const triggerValue = oneLine(field('TriggerValue') ?? '', 40);
  const currentValue = oneLine(field('CurrentValue') ?? '', 40);
  const fired = Date.parse(field('DateFired') ?? '');
  // The signature has no time in it: a captured callback could be replayed once its dedup record is
  // gone (48 h). A trigger fired more than a day before it arrived is not acted on.
  if (!Number.isNaN(fired) && Date.parse(receivedAt) - fired > STALE_AFTER_MS)
    return {
      ok: false,
      reason: `usage trigger ${triggerSid} fired ${field('DateFired')}: over a day old, not acted on`,
    };
  const observedAt = Number.isNaN(fired) ? receivedAt : new Date(fired).toISOString();
  const signal: TwilioUsageSignal = {
    kind: 'twilio-usage',
    source: TWILIO_SOURCE,
    dedupKey: `${TWILIO_SOURCE}#${accountSid}#${oneLine(token, 200)}`,
    subject: { type: 'twilio-account', id: accountSid },
    accountId: accountSid,
    region: 'global',
    observedAt,
    severity: 'high',
    title: `Twilio ${category} ${WHAT[triggerBy] ?? triggerBy} reached ${currentValue || '?'} (trigger at ${triggerValue || '?'}) on account ${accountSid}`,
    principal: { type: 'unknown' },
    keyType: 'unknown',
    reason: `twilio.usage-trigger.${category}`,
    usageCategory: category,
    triggerBy,
    triggerValue,
    currentValue,
    usageTriggerSid: triggerSid,
    evidence: {
      usageTriggerSid: triggerSid,
      usageCategory: category,
      triggerBy,
      triggerValue,
      currentValue,
      ...(field('Recurring') ? { recurring: oneLine(field('Recurring') ?? '', 20) } : {}),
      ...(field('UsageRecordUri') ? { usageRecordUri: oneLine(field('UsageRecordUri') ?? '', 300) } : {}),
    },
  };
  return { ok: true, signals: [signal] };
}
