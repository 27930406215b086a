/** The persistence rules that read a policy document: admin grants and role trust. */
import { detect, firedRulesWith, recordWith, testContext } from './detect';

const ADMIN_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

describe('persistence.admin-policy', () => {
  it('fires critical when AdministratorAccess is attached to a user', () => {
    // Act
    const [signal] = detect('attach-user-policy-administrator-access.json', testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'persistence.admin-policy',
      severity: 'critical',
      title:
        'alice granted AdministratorAccess to IAM user backup-admin (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
      evidence: { userName: 'backup-admin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    });
  });

  it.each([
    ['a JSON string', JSON.stringify(ADMIN_DOCUMENT)],
    ['a URL-encoded JSON string', encodeURIComponent(JSON.stringify(ADMIN_DOCUMENT))],
    ['an object', ADMIN_DOCUMENT],
    [
      'an object with Action "*:*" in a list',
      { Statement: { Effect: 'Allow', Action: ['*:*'], Resource: ['*'] } },
    ],
  ])('fires high on an inline role policy allowing * on * written as %s', (_form, document) => {
    // Prepare
    const event = recordWith(
      'put-role-policy-allow-all.json',
      ['requestParameters', 'policyDocument'],
      document,
    );

    // Act
    const [signal] = detect(event, testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'persistence.admin-policy',
      severity: 'high',
      title:
        'alice granted inline policy maintenance allowing * on * to role lambda-exec (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    });
  });

  it.each([
    ['a managed policy that is not admin', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ['a customer policy named like the admin one', 'arn:aws:iam::123456789012:policy/AdministratorAccess'],
  ])('does not fire on %s', (_case, policyArn) => {
    // Act
    const fired = firedRulesWith(
      'attach-user-policy-administrator-access.json',
      ['requestParameters', 'policyArn'],
      policyArn,
    );

    // Assess
    expect(fired).toEqual([]);
  });

  it.each([
    [
      'allows * on one bucket only',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::logs/*' }] },
    ],
    ['allows s3:* on everything', { Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }],
    ['denies * on *', { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }],
    ['is not JSON', 'not a policy'],
  ])('does not fire on an inline policy that %s', (_case, document) => {
    // Act
    const fired = firedRulesWith(
      'put-role-policy-allow-all.json',
      ['requestParameters', 'policyDocument'],
      document,
    );

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('persistence.role-trusts-foreign-account', () => {
  it('fires when a new role trusts an account outside this one and the configured ones', () => {
    // Act
    const [signal] = detect('create-role-trusting-other-account.json', testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'persistence.role-trusts-foreign-account',
      severity: 'high',
      title:
        'alice created role support-audit trusting account 444455556666 (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
      evidence: { roleName: 'support-audit', trustedPrincipals: 'arn:aws:iam::444455556666:root' },
    });
  });

  it('fires critical when a trust policy is changed to trust anyone', () => {
    // Prepare
    const document = { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] };
    const event = recordWith(
      'update-assume-role-policy.json',
      ['requestParameters', 'policyDocument'],
      document,
    );

    // Act
    const [signal] = detect(event, testContext());

    // Assess
    expect(signal).toMatchObject({
      severity: 'critical',
      title:
        'alice made role OrganizationAccountAccessRole trust anyone (Principal *) (key AKIAIOSFODNN7EXAMPLE from 203.0.113.50)',
    });
  });

  it('does not fire when the trusted account is listed in trustedAccounts', () => {
    // Prepare
    const ctx = testContext({ trustedAccounts: ['444455556666'] });

    // Act
    const fired = detect('update-assume-role-policy.json', ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it.each([
    ['its own account', { AWS: 'arn:aws:iam::123456789012:root' }],
    ['a role of its own account by account id', { AWS: ['123456789012'] }],
    ['an AWS service', { Service: 'lambda.amazonaws.com' }],
  ])('does not fire when a role trusts %s', (_case, principal) => {
    // Prepare
    const document = { Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] };

    // Act
    const fired = firedRulesWith(
      'create-role-trusting-other-account.json',
      ['requestParameters', 'assumeRolePolicyDocument'],
      JSON.stringify(document),
    );

    // Assess
    expect(fired).toEqual([]);
  });
});
