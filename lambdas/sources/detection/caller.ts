/**
 * Who made a CloudTrail call, in the forms the rules, the signal and the baseline need. The
 * `userIdentity` element: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
import type { PrincipalRef } from '../../core/signal';
import type { CloudTrailCall } from '../cloudtrail-call';
import type { RuleContext } from './rule';

/** A short name for a person reading the title: the user, the role behind a session, "root". */
export function actorName(call: CloudTrailCall): string {
  const { type, userName, sessionIssuer, arn, principalId } = call.userIdentity;
  if (type === 'Root') return 'root';
  if (type === 'IAMUser' && userName !== undefined) return userName;
  if (type === 'AssumedRole' && sessionIssuer?.userName !== undefined)
    return `role ${sessionIssuer.userName}`;
  return arn ?? principalId ?? 'an unidentified principal';
}

export function principalOf(call: CloudTrailCall): PrincipalRef {
  const { type, userName, sessionIssuer, arn } = call.userIdentity;
  if (type === 'IAMUser') return withDefined({ type: 'user', name: userName, arn });
  if (type === 'AssumedRole')
    return withDefined({ type: 'role', name: sessionIssuer?.userName, arn: sessionIssuer?.arn ?? arn });
  if (type === 'Root') return withDefined({ type: 'root', arn });
  return withDefined({ type: 'unknown', arn });
}

/**
 * The principal as the baseline remembers it: the role behind an assumed-role session (each session
 * has its own ARN, the role's habits are what count), otherwise the caller's ARN.
 */
export function principalKey(call: CloudTrailCall): string {
  const { arn, principalId, sessionIssuer } = call.userIdentity;
  return sessionIssuer?.arn ?? arn ?? principalId ?? 'unidentified';
}

/** The IAM user that signed the call with its own credentials, if an IAM user did. */
export function callerUserName(call: CloudTrailCall): string | undefined {
  return call.userIdentity.type === 'IAMUser' ? call.userIdentity.userName : undefined;
}

/**
 * Whether the caller is declared in `automationPrincipals`, by user or role name or ARN; an assumed
 * role matches through its session issuer (the session ARN changes with every session).
 */
export function isAutomationPrincipal(call: CloudTrailCall, ctx: RuleContext): boolean {
  const { userName, arn, sessionIssuer } = call.userIdentity;
  const names = [userName, arn, sessionIssuer?.userName, sessionIssuer?.arn];
  return names.some((name) => name !== undefined && ctx.automationPrincipals.includes(name));
}

function withDefined(ref: PrincipalRef): PrincipalRef {
  return Object.fromEntries(Object.entries(ref).filter(([, v]) => v !== undefined)) as PrincipalRef;
}
