/**
 * Credentials: what a leaked long-term key is used for first — checking whose it is, and minting session
 * credentials that keep working after the key is deactivated. Both need the baseline ("not seen
 * before"); without one they do not fire.
 */
import type { CloudTrailCall } from '../cloudtrail-call';
import { stringAt } from '../eventbridge-envelope';
import { FACT } from './baseline';
import { did, eventRule, known, param } from './call-matching';
import type { DetectionRule, RuleContext } from './rule';

const STS = 'sts.amazonaws.com';

/** The caller's long-term key (AKIA…) when the baseline has not seen `fact` for it; sessions churn too much. */
function unseenLongTermKey(call: CloudTrailCall, ctx: RuleContext, fact: string): string | undefined {
  const key = call.userIdentity.accessKeyId;
  if (key === undefined || !key.startsWith('AKIA') || ctx.baseline === undefined) return undefined;
  return ctx.baseline.seen(key, fact) ? undefined : key;
}

export const sessionTokenFromNewKey = eventRule({
  id: 'credentials.session-token-from-new-key',
  title: 'Session credentials minted by a key that never did so before',
  severity: 'high',
  technique:
    'T1550.001 Use Alternate Authentication Material: Application Access Token (Stratus: aws.persistence.sts-federation-token)',
  rationale:
    'Sessions from GetSessionToken/GetFederationToken survive deactivating the key that minted them; a key that starts minting them is buying time.',
  eventSource: STS,
  eventNames: ['GetSessionToken', 'GetFederationToken'],
  find: (call, ctx) => {
    if (unseenLongTermKey(call, ctx, FACT.called(call)) === undefined) return undefined;
    const federated = param(call, 'name');
    const what =
      call.eventName === 'GetSessionToken'
        ? 'session credentials'
        : `federated user ${federated ?? ''} credentials`;
    return {
      summary: `${did(call, 'minted', 'mint')} ${what} with ${call.eventName} for the first time`,
      evidence: known({
        federatedUser: federated,
        sessionAccessKeyId: stringAt(call.responseElements, 'credentials', 'accessKeyId'),
      }),
    };
  },
});

/**
 * The calls judged on whether they are a key's first. The Lambda, which sees only detected calls, asks
 * IAM's last-used date for these (stored-baseline.ts).
 */
export const KEY_FIRST_CALL_EVENTS: readonly string[] = ['GetCallerIdentity'];

export const getCallerIdentityFirstCall = eventRule({
  id: 'credentials.get-caller-identity-first-call',
  title: "A key's first call is GetCallerIdentity",
  severity: 'medium',
  technique: 'T1087.004 Account Discovery: Cloud Account',
  rationale:
    'Leaked-key scanners validate a key with sts:GetCallerIdentity (it needs no permission) before anything else; programs rarely start that way.',
  eventSource: STS,
  eventNames: KEY_FIRST_CALL_EVENTS,
  find: (call, ctx) =>
    unseenLongTermKey(call, ctx, FACT.keyUsed) === undefined
      ? undefined
      : { summary: `${did(call, 'checked', 'check')} whose key it is (GetCallerIdentity) as its first call` },
});

export const CREDENTIALS_RULES: readonly DetectionRule[] = [
  sessionTokenFromNewKey,
  getCallerIdentityFirstCall,
];
