import { budgetVerdict, protectedByConfig, protectedByTags } from '../../lambdas/core/guardrails';

const ACCOUNT = '123456789012';

describe('protectedByConfig', () => {
  it('matches a protected user by name', () => {
    expect(
      protectedByConfig({ type: 'user', name: 'break-glass' }, ACCOUNT, {
        protectedPrincipals: ['break-glass'],
      }),
    ).toBe(true);
  });

  it('matches a protected role by ARN whatever its path', () => {
    const config = { protectedPrincipals: ['arn:aws:iam::123456789012:role/platform/terraform-deployer'] };
    expect(protectedByConfig({ type: 'role', name: 'terraform-deployer' }, ACCOUNT, config)).toBe(true);
  });

  it('does not match a user whose ARN is protected in another account', () => {
    const config = { protectedPrincipals: ['arn:aws:iam::210987654321:user/alice'] };
    expect(protectedByConfig({ type: 'user', name: 'alice' }, ACCOUNT, config)).toBe(false);
  });

  it('treats a protected ARN as matching when the account is not known yet (fail closed)', () => {
    const config = { protectedPrincipals: ['arn:aws:iam::210987654321:user/alice'] };
    expect(protectedByConfig({ type: 'user', name: 'alice' }, 'unknown', config)).toBe(true);
  });

  it('does not match a user when only a role of that name is protected', () => {
    const config = { protectedPrincipals: ['arn:aws:iam::123456789012:role/alice'] };
    expect(protectedByConfig({ type: 'user', name: 'alice' }, ACCOUNT, config)).toBe(false);
  });

  it('never matches a principal whose name is unknown', () => {
    expect(protectedByConfig({ type: 'unknown' }, ACCOUNT, { protectedPrincipals: ['alice'] })).toBe(false);
  });
});

describe('protectedByTags', () => {
  it('honours ato:protected=true in any case', () => {
    expect(protectedByTags({ 'ato:protected': 'TRUE' })).toBe(true);
  });

  it('honours the tag key in any case, as IAM matches aws:ResourceTag keys', () => {
    expect(protectedByTags({ 'ATO:Protected': 'true' })).toBe(true);
  });

  it('ignores ato:protected=false and look-alike keys', () => {
    expect(protectedByTags({ 'ato:protected': 'false', 'ato-protected': 'true', protected: 'true' })).toBe(
      false,
    );
  });
});

describe('budgetVerdict', () => {
  it('lets a containment run automatically while the hour has budget left', () => {
    expect(budgetVerdict(4, 5)).toEqual({ approval: 'auto' });
  });

  it('asks a person once the hourly budget is spent', () => {
    expect(budgetVerdict(5, 5)).toEqual({
      approval: 'required',
      reason: 'the blast-radius budget is spent (5 of 5 automatic containments in the past hour)',
    });
  });
});
