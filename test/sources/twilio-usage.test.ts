/** Usage-trigger callbacks (fixture: test/fixtures/twilio/usage-trigger-callback.txt, see its README). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FormParams } from '../../lambdas/core/ports';
import { normalizeTwilioUsage } from '../../lambdas/sources/twilio-usage';

const ACCOUNT = `AC${'a'.repeat(32)}`;
const TRIGGER = `UT${'b'.repeat(32)}`;
const RECEIVED = '2026-11-22T03:04:06.000Z';
const body = readFileSync(join(__dirname, '..', 'fixtures', 'twilio', 'usage-trigger-callback.txt'), 'utf8');
const PARAMS: FormParams = [...new URLSearchParams(body)];
const without = (name: string): FormParams => PARAMS.filter(([n]) => n !== name);
const withValue = (name: string, value: string): FormParams => [...without(name), [name, value]];

describe('Twilio usage-trigger callbacks', () => {
  it('become a high twilio-usage signal about the account, keyed by the idempotency token', () => {
    // Act
    const normalized = normalizeTwilioUsage(PARAMS, RECEIVED);

    // Assess
    expect(normalized).toEqual({
      ok: true,
      signals: [
        {
          kind: 'twilio-usage',
          source: 'twilio',
          dedupKey: `twilio#${ACCOUNT}#${ACCOUNT}-FIRES-${TRIGGER}-2026-11-22`,
          subject: { type: 'twilio-account', id: ACCOUNT },
          accountId: ACCOUNT,
          region: 'global',
          observedAt: '2026-11-22T03:04:05.000Z',
          severity: 'high',
          title: `Twilio totalprice spend reached 412.37 (trigger at 100.00) on account ${ACCOUNT}`,
          principal: { type: 'unknown' },
          keyType: 'unknown',
          reason: 'twilio.usage-trigger.totalprice',
          usageCategory: 'totalprice',
          triggerBy: 'price',
          triggerValue: '100.00',
          currentValue: '412.37',
          usageTriggerSid: TRIGGER,
          evidence: {
            usageTriggerSid: TRIGGER,
            usageCategory: 'totalprice',
            triggerBy: 'price',
            triggerValue: '100.00',
            currentValue: '412.37',
            recurring: 'daily',
            usageRecordUri: `/2010-04-01/Accounts/${ACCOUNT}/Usage/Records/Today?Category=totalprice`,
          },
        },
      ],
    });
  });

  it('does not act on a callback fired more than a day before it arrived (a replay)', () => {
    expect(normalizeTwilioUsage(PARAMS, '2026-11-23T03:04:06.000Z')).toEqual({
      ok: false,
      reason: `usage trigger ${TRIGGER} fired Sun, 22 Nov 2026 03:04:05 +0000: over a day old, not acted on`,
    });
  });

  it('falls back to the time received when DateFired cannot be read', () => {
    const normalized = normalizeTwilioUsage(withValue('DateFired', 'yesterday-ish'), RECEIVED);
    expect(normalized.ok && normalized.signals[0]?.observedAt).toBe(RECEIVED);
  });

  it.each<[string, FormParams, string]>([
    [
      'no AccountSid',
      without('AccountSid'),
      'usage-trigger callback without a valid AccountSid (AC + 32 hex)',
    ],
    [
      'a malformed AccountSid',
      withValue('AccountSid', 'AC123'),
      'usage-trigger callback without a valid AccountSid (AC + 32 hex)',
    ],
    [
      'no IdempotencyToken',
      without('IdempotencyToken'),
      `usage-trigger callback for ${ACCOUNT} without IdempotencyToken`,
    ],
    [
      'no UsageTriggerSid',
      without('UsageTriggerSid'),
      `usage-trigger callback for ${ACCOUNT} without a valid UsageTriggerSid`,
    ],
    ['no UsageCategory', without('UsageCategory'), `usage trigger ${TRIGGER} fired without a UsageCategory`],
  ])('refuses a callback with %s, saying why', (_case, params, reason) => {
    expect(normalizeTwilioUsage(params, RECEIVED)).toEqual({ ok: false, reason });
  });

  it('never throws, whatever the parameters', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 20 }), (params) => {
        const normalized = normalizeTwilioUsage([...PARAMS.slice(0, 3), ...params], RECEIVED);
        return normalized.ok
          ? normalized.signals.every((s) => s.title.length > 0)
          : normalized.reason.length > 0;
      }),
    );
  });
});
