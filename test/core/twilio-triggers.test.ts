/** Which usage triggers install-triggers still has to create. */
import { type ExistingTrigger, planTriggers } from '../../lambdas/core/twilio-triggers';

const URL_ = 'https://hooks.example.com/twilio';
const want = {
  usageCategory: 'totalprice',
  triggerBy: 'price',
  triggerValue: '100',
  recurring: 'daily',
} as const;
const existing = (overrides: Partial<ExistingTrigger> = {}): ExistingTrigger => ({
  sid: `UT${'1'.repeat(32)}`,
  ...want,
  triggerValue: '100.00',
  callbackUrl: URL_,
  ...overrides,
});

describe('planTriggers', () => {
  it('counts a trigger with the same category, measure, recurrence, value (100 = 100.00) and URL as there', () => {
    expect(planTriggers([existing()], [want], URL_)).toEqual({ create: [], present: [existing()] });
  });

  it.each<[string, Partial<ExistingTrigger>]>([
    ['another callback URL', { callbackUrl: 'https://old.example.com/hook' }],
    ['another value', { triggerValue: '250.00' }],
    ['another recurrence', { recurring: 'monthly' }],
    ['another measure', { triggerBy: 'count' }],
  ])('creates one when the existing trigger has %s', (_case, overrides) => {
    expect(planTriggers([existing(overrides)], [want], URL_).create).toEqual([
      { ...want, callbackUrl: URL_, friendlyName: 'ato-responder totalprice price daily' },
    ]);
  });
});
