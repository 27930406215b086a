/**
 * Which usage triggers `ato twilio install-triggers` still has to create: one per wanted category,
 * unless a trigger with the same category, measure, recurrence, value and callback URL exists.
 * Idempotent by construction: run twice, the second run creates nothing. Pure.
 */

export interface WantedTrigger {
  usageCategory: string;
  /** `price`, `count` or `usage`. */
  triggerBy: 'price' | 'count' | 'usage';
  triggerValue: string;
  recurring: 'daily' | 'monthly' | 'yearly' | 'alltime';
}

export interface ExistingTrigger extends WantedTrigger {
  sid: string;
  callbackUrl: string;
}

export interface TriggerPlan {
  create: (WantedTrigger & { callbackUrl: string; friendlyName: string })[];
  present: ExistingTrigger[];
}

/** Twilio answers values as strings with a fixed number of decimals ("100.00"): compare numbers. */
const sameValue = (a: string, b: string): boolean => Number(a) === Number(b) && !Number.isNaN(Number(a));

export function planTriggers(
  existing: ExistingTrigger[],
  wanted: WantedTrigger[],
  callbackUrl: string,
): TriggerPlan {
  const plan: TriggerPlan = { create: [], present: [] };
  for (const want of wanted) {
    const found = existing.find(
      (t) =>
        t.usageCategory === want.usageCategory &&
        t.triggerBy === want.triggerBy &&
        t.recurring === want.recurring &&
        t.callbackUrl === callbackUrl &&
        sameValue(t.triggerValue, want.triggerValue),
    );
    if (found) plan.present.push(found);
    else
      plan.create.push({
        ...want,
        callbackUrl,
        friendlyName: `ato-responder ${want.usageCategory} ${want.triggerBy} ${want.recurring}`,
      });
  }
  return plan;
}
