/**
 * What keys and principals did before: the memory behind the "first time" rules. The rules only read
 * it; `learnFrom` writes it once per call, after every rule has judged the call, so no rule sees the
 * call it is judging as history. Only successful calls are learned: a refused call is never the
 * owner's normal.
 */
import type { BaselineFact } from '../../core/baseline-store';
import type { CloudTrailCall } from '../cloudtrail-call';
import { isAutomationPrincipal, principalKey } from './caller';
import type { ActivityBaseline, RuleContext } from './rule';

/** In memory, for tests, the CLI's offline `ato detect` and one warm Lambda container. */
export class MemoryActivityBaseline implements ActivityBaseline {
  /** It is shown every call of a trail. */
  readonly learnsOrigins = true;
  private readonly facts = new Map<string, Set<string>>();

  seen(subject: string, fact: string): boolean {
    return this.facts.get(subject)?.has(fact) === true;
  }

  note(subject: string, fact: string): void {
    const known = this.facts.get(subject);
    if (known === undefined) this.facts.set(subject, new Set([fact]));
    else known.add(fact);
  }
}

/** The facts the rules ask about, named once so the rule and `learnFrom` cannot drift apart. */
export const FACT = {
  /** A key made a successful call: whatever comes later is not its first. */
  keyUsed: 'used',
  /** `key` made this call before, e.g. `call:sts.amazonaws.com:GetSessionToken`. */
  called: (call: CloudTrailCall): string => `call:${call.eventSource}:${call.eventName}`,
  /** The principal used SES. */
  usedSes: 'service:ses',
  sourceIp: (ip: string): string => `ip:${ip}`,
  userAgent: (family: string): string => `agent:${family}`,
} as const;

export const SES_EVENT_SOURCE = 'ses.amazonaws.com';

/**
 * The products in a user agent without their versions ("aws-cli exe md os Python"), so that an
 * upgrade of the CLI or Terraform provider is not a new origin while a different tool is.
 */
export function userAgentFamily(userAgent: string): string {
  const products = userAgent
    .split(/\s+/)
    .filter((token) => token.includes('/'))
    .map((token) => token.split('/')[0] ?? '')
    .filter((name) => /^[A-Za-z][\w.-]*$/.test(name));
  return [...new Set(products)].sort().join(' ') || userAgent;
}

/**
 * Every fact a rule may ask about this call, which is also every fact the call can teach:
 * `always` is learnt from any successful call, `origins` only from an automation principal's call
 * no rule flagged. One list, so what is fetched before judging and what is learnt after cannot drift.
 */
export function factsOf(
  call: CloudTrailCall,
  ctx: RuleContext,
): { always: BaselineFact[]; origins: BaselineFact[] } {
  const always: BaselineFact[] = [];
  const key = call.userIdentity.accessKeyId;
  if (key !== undefined)
    always.push({ subject: key, fact: FACT.keyUsed }, { subject: key, fact: FACT.called(call) });
  const principal = principalKey(call);
  if (call.eventSource === SES_EVENT_SOURCE) always.push({ subject: principal, fact: FACT.usedSes });
  const origins: BaselineFact[] = [];
  // Origins are kept for automation principals only: they are the only ones asked about.
  if (isAutomationPrincipal(call, ctx)) {
    if (call.sourceIPAddress !== undefined)
      origins.push({ subject: principal, fact: FACT.sourceIp(call.sourceIPAddress) });
    if (call.userAgent !== undefined)
      origins.push({ subject: principal, fact: FACT.userAgent(userAgentFamily(call.userAgent)) });
  }
  return { always, origins };
}

/**
 * Records what this call teaches the baseline. An automation principal's origin (source IP, user-agent
 * family) is learned only from a call no rule flagged: otherwise a leaked CI key's first write from a new
 * address would teach the baseline that address, and its next write would pass unnoticed.
 */
export function learnFrom(call: CloudTrailCall, ctx: RuleContext, { flagged }: { flagged: boolean }): void {
  const { baseline } = ctx;
  if (baseline === undefined || call.errorCode !== undefined) return;
  const { always, origins } = factsOf(call, ctx);
  const learnt = flagged || !baseline.learnsOrigins ? always : [...always, ...origins];
  for (const { subject, fact } of learnt) baseline.note(subject, fact);
}
