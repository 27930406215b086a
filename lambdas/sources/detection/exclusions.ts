/**
 * Calls no rule fires on: AWS's own remediation, and the expected writes of declared automation
 * (Terraform, CI). An automation principal's credentials used from a source IP or user-agent family
 * the baseline has not seen for it are not excluded: that is what a leaked CI key looks like.
 */
import type { CloudTrailCall } from '../cloudtrail-call';
import { isCalledByAws } from '../cloudtrail-call';
import { FACT, userAgentFamily } from './baseline';
import { isAutomationPrincipal, principalKey } from './caller';
import type { RuleContext } from './rule';

export type Screening = { judge: false } | { judge: true; evidence: Record<string, string> };

export function screen(call: CloudTrailCall, ctx: RuleContext): Screening {
  if (isCalledByAws(call)) return { judge: false };
  if (!isAutomationPrincipal(call, ctx)) return { judge: true, evidence: {} };
  const newOrigins = newOriginsOf(call, ctx);
  if (newOrigins.length === 0) return { judge: false };
  return {
    judge: true,
    evidence: { automationPrincipal: principalKey(call), newOrigin: newOrigins.join(' and ') },
  };
}

/** What about this call the baseline has not seen for the principal; nothing when there is no baseline. */
function newOriginsOf(call: CloudTrailCall, ctx: RuleContext): string[] {
  const { baseline } = ctx;
  if (baseline === undefined) return [];
  const principal = principalKey(call);
  const { sourceIPAddress: ip, userAgent } = call;
  const origins: string[] = [];
  if (ip !== undefined && !baseline.seen(principal, FACT.sourceIp(ip))) origins.push(`source IP ${ip}`);
  if (userAgent !== undefined) {
    const family = userAgentFamily(userAgent);
    if (!baseline.seen(principal, FACT.userAgent(family))) origins.push(`user agent ${family}`);
  }
  return origins;
}
