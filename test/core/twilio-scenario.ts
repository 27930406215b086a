/**
 * A Twilio account an intruder touched, in memory, and a usage trigger for it: what the Twilio core
 * tests share. Fixture: test/fixtures/twilio/usage-trigger-callback.txt (Twilio's documented callback).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TwilioAccountInventory } from '../../lambdas/core/ports';
import type { TwilioUsageSignal } from '../../lambdas/core/signal';
import { InMemoryTwilioMessaging } from '../../lambdas/providers/memory/twilio-messaging';
import { InMemoryTwilioVoice } from '../../lambdas/providers/memory/twilio-voice';
import { normalizeTwilioUsage } from '../../lambdas/sources/twilio-usage';
import { config } from './builders';
import { harness } from './harness';

export const ACCOUNT = `AC${'a'.repeat(32)}`;
const body = readFileSync(join(__dirname, '..', 'fixtures', 'twilio', 'usage-trigger-callback.txt'), 'utf8');
/** An account the intruder touched: a new subaccount, an unknown key, a number pointed elsewhere, a new caller ID. */
export const INVENTORY: TwilioAccountInventory = {
  subaccounts: [
    {
      sid: `AC${'d'.repeat(32)}`,
      friendlyName: 'billing-2',
      status: 'active',
      dateCreated: '2026-11-22T02:50:00.000Z',
    },
  ],
  apiKeys: [
    { sid: `SK${'1'.repeat(32)}`, friendlyName: 'production', dateCreated: '2025-01-10T09:00:00.000Z' },
    { sid: `SK${'2'.repeat(32)}`, friendlyName: 'x', dateCreated: '2026-11-22T02:55:00.000Z' },
  ],
  phoneNumbers: [
    {
      sid: `PN${'e'.repeat(32)}`,
      phoneNumber: '+15005550006',
      urls: [
        { field: 'VoiceUrl', url: 'https://voice.example.com/twiml' },
        { field: 'SmsUrl', url: 'https://collector.example.net/sms' },
      ],
    },
  ],
  callerIds: [
    {
      sid: `PN${'f'.repeat(32)}`,
      phoneNumber: '+15005550001',
      friendlyName: 'old',
      dateCreated: '2024-03-01T00:00:00.000Z',
    },
    {
      sid: `PN${'0'.repeat(32)}`,
      phoneNumber: '+15005550009',
      friendlyName: 'ops',
      dateCreated: '2026-11-22T02:58:00.000Z',
    },
  ],
};

export const on = { lowRisk: true, highRiskSpecial: false, highRiskTollFraud: false };
export const off = { lowRisk: false, highRiskSpecial: false, highRiskTollFraud: false };

export function usage(token = 'T1'): TwilioUsageSignal {
  const params = [...new URLSearchParams(body)].map(
    ([n, v]) => [n, n === 'IdempotencyToken' ? token : v] as const,
  );
  const normalized = normalizeTwilioUsage(params, '2026-11-22T03:04:06.000Z');
  const [signal] = normalized.ok ? normalized.signals : [];
  if (signal?.kind !== 'twilio-usage') throw new Error('fixture is not a usage callback');
  return signal;
}

export function setup(
  twilio: Record<string, unknown> = { allowedCountries: ['US', 'CA'] },
  mode: 'enforce' | 'dry-run' = 'enforce',
) {
  const h = harness({
    config: config({
      mode,
      twilio: {
        enabled: true,
        accountSid: ACCOUNT,
        knownApiKeys: [`SK${'1'.repeat(32)}`],
        webhookHosts: ['example.com'],
        ...twilio,
      },
    }),
  });
  const voice = new InMemoryTwilioVoice(ACCOUNT, [
    { isoCode: 'US', ...on },
    { isoCode: 'CA', ...on },
    { isoCode: 'GB', ...on },
    { isoCode: 'CU', lowRisk: false, highRiskSpecial: false, highRiskTollFraud: true },
    { isoCode: 'FR', ...off },
  ]);
  const messaging = new InMemoryTwilioMessaging(
    ACCOUNT,
    [
      { countryCode: 'US', enabled: true },
      { countryCode: 'CA', enabled: true },
      { countryCode: 'NG', enabled: true },
      { countryCode: 'PK', enabled: true },
      { countryCode: 'DE', enabled: false },
    ],
    ['PK'],
  );
  const audit = {
    accountSid: ACCOUNT,
    reads: 0,
    inventory: () => ((audit.reads += 1), Promise.resolve(INVENTORY)),
  };
  return {
    ...h,
    voice,
    messaging,
    audit,
    deps: { ...h.deps, twilioVoice: voice, twilioMessaging: messaging, twilioAudit: audit },
  };
}
