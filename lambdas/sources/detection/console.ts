/**
 * Console sign-ins ("AWS Console Sign In via CloudTrail", `eventSource: signin.amazonaws.com`,
 * `eventName: ConsoleLogin`). Shapes: "AWS Management Console sign-in events" in the CloudTrail user guide,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 * Only successful sign-ins fire here: a failed one opened no session (failures across many users are
 * the credential-stuffing sequence's business, not a per-event rule's).
 */
import type { CloudTrailCall } from '../cloudtrail-call';
import { stringAt } from '../eventbridge-envelope';
import { eventRule, known } from './call-matching';
import { isIpv4 } from '../../core/ipv4';
import type { EventRuleSpec } from './call-matching';
import type { DetectionRule, RuleContext, RuleFinding } from './rule';

const VALID_ACCOUNTS = 'T1078.004 Valid Accounts: Cloud Accounts';

type SignInRuleSpec = Omit<EventRuleSpec, 'eventSource' | 'eventNames'>;

/** A rule over successful ConsoleLogin events only. */
function signInRule(spec: SignInRuleSpec): DetectionRule {
  return eventRule({
    ...spec,
    eventSource: 'signin.amazonaws.com',
    eventNames: ['ConsoleLogin'],
    find: (call: CloudTrailCall, ctx: RuleContext): RuleFinding | undefined =>
      stringAt(call.responseElements, 'ConsoleLogin') === 'Success' ? spec.find(call, ctx) : undefined,
  });
}

export const loginWithoutMfa = signInRule({
  id: 'console.login-without-mfa',
  title: 'Console sign-in without MFA',
  severity: 'medium',
  technique: `${VALID_ACCOUNTS} (Stratus: aws.initial-access.console-login-without-mfa)`,
  rationale:
    'A password alone is what phishing and credential stuffing yield; an IAM user or root signing in without MFA is the account a stolen password opens.',
  find: (call) => {
    const { type } = call.userIdentity;
    // Federated and Identity Center sign-ins record MFAUsed "No": MFA happened at the identity provider.
    if (type !== 'IAMUser' && type !== 'Root') return undefined;
    if (stringAt(call.additionalEventData, 'MFAUsed') !== 'No') return undefined;
    return { summary: 'signed in to the console without MFA', evidence: { mfaUsed: 'No' } };
  },
});

export const loginFromUnexpectedCountry = signInRule({
  id: 'console.login-from-unexpected-country',
  title: 'Console sign-in from a country not in the allowed list',
  severity: 'high',
  technique: VALID_ACCOUNTS,
  rationale:
    'Stolen console passwords are used from wherever the intruder is; teams sign in from the few countries they work in.',
  find: (call, ctx) => {
    const ip = call.sourceIPAddress;
    // IPv6 and unknown addresses say nothing either way: no verdict rather than a guess.
    if (ctx.allowedConsoleCountries.length === 0 || ip === undefined || !isIpv4(ip)) return undefined;
    const country = ctx.countryOf(ip);
    if (country === undefined || ctx.allowedConsoleCountries.includes(country)) return undefined;
    return {
      summary: `signed in to the console from ${country}, which is not an allowed country`,
      evidence: { country, allowedCountries: ctx.allowedConsoleCountries.join(', ') },
    };
  },
});

export const rootLogin = signInRule({
  id: 'console.root-login',
  title: 'Root user signed in to the console',
  severity: 'high',
  technique: VALID_ACCOUNTS,
  rationale:
    'Root can do what no policy can stop, and day-to-day work never needs it; a root sign-in is either a rare, planned task or a takeover.',
  find: (call) =>
    call.userIdentity.type !== 'Root'
      ? undefined
      : {
          summary: 'signed in to the console',
          evidence: known({ mfaUsed: stringAt(call.additionalEventData, 'MFAUsed') }),
        },
});

export const CONSOLE_RULES: readonly DetectionRule[] = [
  loginWithoutMfa,
  loginFromUnexpectedCountry,
  rootLogin,
];
