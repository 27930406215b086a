/** Runs the detection rules over fixtures the way the EventBridge path does, for the rule tests. */
import type { DetectionSignal } from '../../../lambdas/core/signal';
import { parseCloudTrailEvent } from '../../../lambdas/sources/cloudtrail';
import { MemoryActivityBaseline, detectCall } from '../../../lambdas/sources/detection';
import type { RuleContext } from '../../../lambdas/sources/detection';
import type { Json } from '../fixtures';
import { loadFixture, withField } from '../fixtures';

/** No automation, no country list, no trusted accounts, no baseline: only the stateless rules fire. */
export function testContext(overrides: Partial<RuleContext> = {}): RuleContext {
  return {
    automationPrincipals: [],
    allowedConsoleCountries: [],
    trustedAccounts: [],
    countryOf: () => undefined,
    ...overrides,
  };
}

/** A context with an empty in-memory baseline, so the "first time" rules can fire. */
export function contextWithBaseline(overrides: Partial<RuleContext> = {}): RuleContext {
  return testContext({ baseline: new MemoryActivityBaseline(), ...overrides });
}

/** The detection signals of an EventBridge CloudTrail event (a fixture name or the event itself). */
export function detect(event: Json | string, ctx: RuleContext): DetectionSignal[] {
  const parsed = parseCloudTrailEvent(typeof event === 'string' ? loadFixture(`cloudtrail/${event}`) : event);
  if (!parsed.ok) throw new Error(parsed.reason);
  const { envelope, call } = parsed.value;
  return detectCall(call, ctx, { accountId: envelope.account, region: call.awsRegion ?? envelope.region });
}

/** The ids of the rules that fire, for the tests that are about which rule fires rather than what it says. */
export function firedRules(event: Json | string, ctx: RuleContext = testContext()): string[] {
  return detect(event, ctx).map((signal) => signal.ruleId);
}

/** The fixture `name` with the record field at `path` (below `detail`) replaced, or removed when undefined. */
export function recordWith(name: string, path: readonly string[], value: Json | undefined): Json {
  return withField(loadFixture(`cloudtrail/${name}`), ['detail', ...path], value);
}

/** An assumed-role session of the CI role deploy-bot, as `userIdentity` records it. */
export const DEPLOY_BOT_SESSION: Json = {
  type: 'AssumedRole',
  principalId: 'AROA3XFRBF535EXAMPLE:github-actions-1234',
  arn: 'arn:aws:sts::123456789012:assumed-role/deploy-bot/github-actions-1234',
  accountId: '123456789012',
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROA3XFRBF535EXAMPLE',
      arn: 'arn:aws:iam::123456789012:role/deploy-bot',
      accountId: '123456789012',
      userName: 'deploy-bot',
    },
    attributes: { creationDate: '2024-05-24T10:10:00Z', mfaAuthenticated: 'false' },
  },
};

/** The rules that fire on fixture `name` with one record field changed: the shape of most look-alikes. */
export function firedRulesWith(
  name: string,
  path: readonly string[],
  value: Json | undefined,
  ctx: RuleContext = testContext(),
): string[] {
  return firedRules(recordWith(name, path, value), ctx);
}
