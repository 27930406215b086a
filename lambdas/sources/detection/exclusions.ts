/**
 * Calls no rule fires on: AWS's own remediation, and the expected writes of declared automation
 * (Terraform, CI). An automation principal's credentials used from elsewhere are not excluded: that is
 * what a leaked CI key looks like. "Elsewhere" is outside the declared `automationOrigins` when they
 * are configured (nothing is learnt, so an intruder cannot teach it), else an origin the baseline has
 * not seen for the principal.
 */
import type { CloudTrailCall } from '../cloudtrail-call';
import { isCalledByAws } from '../cloudtrail-call';
import { FACT, userAgentFamily } from './baseline';
import { isAutomationPrincipal, principalKey } from './caller';
import { inCidr } from '../../core/ipv4';
import type { RuleContext } from './rule';

export type Screening = { judge: false } | { judge: true; evidence: Record<string, string> };

export function screen(call: CloudTrailCall, ctx: RuleContext): Screening {
  if (isCalledByAws(call) || isSelf(call, ctx)) return { judge: false };
  if (!isAutomationPrincipal(call, ctx)) return { judge: true, evidence: {} };
  if (ctx.automationOrigins) {
    const unexpected = unexpectedOrigins(call, ctx.automationOrigins);
    if (unexpected.length === 0) return { judge: false };
    return {
      judge: true,
      evidence: { automationPrincipal: principalKey(call), unexpectedOrigin: unexpected.join(' and ') },
    };
  }
  const newOrigins = newOriginsOf(call, ctx);
  if (newOrigins.length === 0) return { judge: false };
  return {
    judge: true,
    evidence: { automationPrincipal: principalKey(call), newOrigin: newOrigins.join(' and ') },
  };
}

function isSelf(call: CloudTrailCall, ctx: RuleContext): boolean {
  const { type, sessionIssuer } = call.userIdentity;
  return ctx.selfRoleArn !== undefined && type === 'AssumedRole' && sessionIssuer?.arn === ctx.selfRoleArn;
}

/**
 * What about this call the baseline has not seen for the principal; nothing when there is no baseline
 * or one that cannot learn origins.
 */
function newOriginsOf(call: CloudTrailCall, ctx: RuleContext): string[] {
  const { baseline } = ctx;
  if (baseline === undefined || !baseline.learnsOrigins) return [];
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

/** What about this call is outside the declared automation origins (IPv4 CIDRs, user-agent families). */
function unexpectedOrigins(
  call: CloudTrailCall,
  origins: NonNullable<RuleContext['automationOrigins']>,
): string[] {
  const out: string[] = [];
  const ip = call.sourceIPAddress ?? '';
  if (origins.cidrs.length && !origins.cidrs.some((cidr) => inCidr(ip, cidr)))
    out.push(`source IP ${ip || '(none)'}`);
  if (origins.userAgents.length) {
    const family = userAgentFamily(call.userAgent ?? '');
    if (!origins.userAgents.some((expected) => family.split(' ').includes(expected)))
      out.push(`user agent ${family}`);
  }
  return out;
}
