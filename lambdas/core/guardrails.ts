/**
 * Guardrails, all decided here in the pure core: protected principals, the blast-radius budget and
 * the mode. Providers never decide whether something may be touched.
 */
import type { Approval, IamPrincipal } from './action';
import type { ResponderConfig } from './config';
import type { PrincipalRef } from './signal';

export const PROTECTED_TAG = 'ato:protected';

/** Is this principal named (by name or ARN) in `protectedPrincipals`? */
export function protectedByConfig(
  principal: PrincipalRef | IamPrincipal,
  accountId: string,
  config: Pick<ResponderConfig, 'protectedPrincipals'>,
): boolean {
  if (!principal.name || (principal.type !== 'user' && principal.type !== 'role')) return false;
  const name = principal.name;
  return config.protectedPrincipals.some((entry) => {
    if (!entry.startsWith('arn:')) return entry === name;
    // arn:aws:iam::123456789012:user/path/name — IAM names are unique per account whatever the path.
    const match = /^arn:aws[a-z-]*:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(entry);
    // An unknown account (the CLI before it has asked STS) matches any account: fail closed.
    const sameAccount = !/^\d{12}$/.test(accountId) || match?.[1] === accountId;
    return match !== null && sameAccount && match[2] === principal.type && match[3] === name;
  });
}

/**
 * The IAM tag `ato:protected=true` on the user or role. Key and value in any case: IAM matches the
 * key of `aws:ResourceTag/ato:protected` case-insensitively, and the stack's Deny ignores the value's
 * case, so the code must not be stricter than the role (the CLI relies on this check alone).
 */
export function protectedByTags(tags: Record<string, string>): boolean {
  return Object.entries(tags).some(
    ([key, value]) => key.toLowerCase() === PROTECTED_TAG && value.trim().toLowerCase() === 'true',
  );
}

export interface BudgetVerdict {
  approval: Approval;
  reason?: string;
}

/**
 * A containment is automatic while fewer than `limit` happened in the past hour; beyond it, a
 * person approves. A responder gone wrong (or an attacker feeding it events) can then disable at
 * most `limit` principals an hour.
 */
export function budgetVerdict(containmentsInLastHour: number, limit: number): BudgetVerdict {
  if (containmentsInLastHour < limit) return { approval: 'auto' };
  return {
    approval: 'required',
    reason: `the blast-radius budget is spent (${containmentsInLastHour} of ${limit} automatic containments in the past hour)`,
  };
}
