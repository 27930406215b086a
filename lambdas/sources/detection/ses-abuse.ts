/**
 * SES abuse: the leaked-key incident this project exists for — an intruder turns sending back on, asks
 * for production access, verifies its own sender identities and sends spam on the owner's reputation.
 * SES v1 and v2 both record `eventSource: ses.amazonaws.com`; both API names are covered.
 */
import type { CloudTrailCall } from '../cloudtrail-call';
import { valueAt } from '../eventbridge-envelope';
import { FACT, SES_EVENT_SOURCE } from './baseline';
import { principalKey } from './caller';
import { did, eventRule, known, param } from './call-matching';
import type { DetectionRule } from './rule';

const HIJACKING = 'T1496.004 Resource Hijacking: Cloud Service Hijacking';

export const sendingEnabledChanged = eventRule({
  id: 'ses-abuse.sending-enabled-changed',
  title: 'SES account sending switched on or off',
  severity: 'high',
  technique: HIJACKING,
  rationale:
    'Re-enabling sending that AWS or the owner paused is how a spammer resumes; switching it off can hide the abuse from the owner.',
  eventSource: SES_EVENT_SOURCE,
  eventNames: ['UpdateAccountSendingEnabled', 'PutAccountSendingAttributes'],
  find: (call) => {
    const enabled =
      valueAt(call.requestParameters, 'enabled') ?? valueAt(call.requestParameters, 'sendingEnabled');
    const state = enabled === false ? 'off' : 'on';
    return {
      summary: `${did(call, 'switched', 'switch')} SES sending ${state} for the account`,
      evidence: { sendingEnabled: String(enabled !== false) },
    };
  },
});

export const productionAccessRequested = eventRule({
  id: 'ses-abuse.account-details-put',
  title: 'SES production access requested',
  severity: 'high',
  technique: HIJACKING,
  rationale:
    'PutAccountDetails asks AWS to lift the SES sandbox: intruders file it with a made-up use case to send at volume.',
  eventSource: SES_EVENT_SOURCE,
  eventNames: ['PutAccountDetails'],
  find: (call) => ({
    summary: `${did(call, 'asked', 'ask')} AWS for SES production access (website ${param(call, 'websiteURL') ?? 'not given'})`,
    evidence: known({ websiteURL: param(call, 'websiteURL'), mailType: param(call, 'mailType') }),
  }),
});

/** The identity an SES identity call names: v1 `emailAddress`/`domain`/`identity`, v2 `emailIdentity`. */
function identityOf(call: CloudTrailCall): string {
  return (
    param(call, 'emailIdentity') ??
    param(call, 'emailAddress') ??
    param(call, 'domain') ??
    param(call, 'identity') ??
    'unnamed'
  );
}

/** A rule on SES calls that add or remove one sender identity. */
function identityRule(spec: {
  id: string;
  title: string;
  technique: string;
  rationale: string;
  eventNames: readonly string[];
  verb: [past: string, base: string];
}): DetectionRule {
  return eventRule({
    ...spec,
    severity: 'medium',
    eventSource: SES_EVENT_SOURCE,
    find: (call) => ({
      summary: `${did(call, ...spec.verb)} SES sender identity ${identityOf(call)}`,
      evidence: { identity: identityOf(call) },
    }),
  });
}

export const identityVerified = identityRule({
  id: 'ses-abuse.identity-verified',
  title: 'SES sender identity created',
  technique: HIJACKING,
  rationale: 'A spammer verifies its own From address or domain on the stolen account before sending.',
  eventNames: ['VerifyEmailIdentity', 'VerifyEmailAddress', 'VerifyDomainIdentity', 'CreateEmailIdentity'],
  verb: ['added', 'add'],
});

export const identityDeleted = identityRule({
  id: 'ses-abuse.identity-deleted',
  title: 'SES sender identity deleted',
  technique: 'T1070 Indicator Removal',
  rationale:
    "Intruders delete the identities they verified to cover their tracks, or the owner's to disrupt mail.",
  eventNames: ['DeleteIdentity', 'DeleteEmailIdentity', 'DeleteVerifiedEmailAddress'],
  verb: ['deleted', 'delete'],
});

export const enumerationByNewPrincipal = eventRule({
  id: 'ses-abuse.enumeration-by-new-principal',
  title: 'SES enumerated by a principal that never used SES',
  severity: 'medium',
  technique: 'T1526 Cloud Service Discovery (Stratus: aws.discovery.ses-enumerate)',
  rationale:
    'Before spamming, a leaked key checks the send quota, whether sending is enabled and which identities exist; applications that send mail do not ask.',
  eventSource: SES_EVENT_SOURCE,
  eventNames: [
    'GetSendQuota',
    'GetSendStatistics',
    'GetAccountSendingEnabled',
    'ListIdentities',
    'ListEmailIdentities',
    'GetAccount',
  ],
  find: (call, ctx) => {
    const { baseline } = ctx;
    if (baseline === undefined || baseline.seen(principalKey(call), FACT.usedSes)) return undefined;
    return { summary: `${did(call, 'looked', 'look')} at SES (${call.eventName}) for the first time` };
  },
});

export const SES_ABUSE_RULES: readonly DetectionRule[] = [
  sendingEnabledChanged,
  productionAccessRequested,
  identityVerified,
  identityDeleted,
  enumerationByNewPrincipal,
];
