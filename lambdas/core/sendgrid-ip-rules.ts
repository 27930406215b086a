/**
 * SendGrid's IP access rules, compared as SendGrid stores them: it lists a single address as
 * `192.0.2.1/32`, so `192.0.2.1` and `192.0.2.1/32` are one rule. Pure.
 */
import { ruleCovers } from './ipv4';

const canonical = (rule: string): string => rule.trim().replace(/\/32$/, '');

export function sameRule(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

/** Does any of `rules` let `ip` in? */
export function covers(rules: readonly string[], ip: string): boolean {
  return rules.some((rule) => ruleCovers(canonical(rule), ip) || ruleCovers(rule, ip));
}

/**
 * Are the rules already what a restriction would leave: every allowed rule present, and no other
 * except those covering the responder's own addresses (a restriction keeps them)?
 */
export function restricted(
  rules: readonly string[],
  allowed: readonly string[],
  keep: readonly string[],
): boolean {
  const present = allowed.every((ip) => rules.some((r) => sameRule(r, ip)));
  const extra = rules.filter(
    (r) => !allowed.some((ip) => sameRule(r, ip)) && !keep.some((ip) => covers([r], ip)),
  );
  return present && !extra.length;
}
