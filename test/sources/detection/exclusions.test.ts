import { MemoryActivityBaseline } from '../../../lambdas/sources/detection';
import { withField } from '../fixtures';
import { DEPLOY_BOT_SESSION, detect, firedRules, firedRulesWith, recordWith, testContext } from './detect';

const CREATE_USER_BY_BOT = recordWith('create-user.json', ['userIdentity'], DEPLOY_BOT_SESSION);
const BOT_ROLE = 'arn:aws:iam::123456789012:role/deploy-bot';

describe("AWS's own remediation", () => {
  it('never fires a rule, even on an admin-looking call', () => {
    // Prepare: AWS attaching the quarantine policy, with the attached policy swapped for AdministratorAccess
    const event = recordWith(
      'aws-attaches-quarantine-v3.json',
      ['requestParameters', 'policyArn'],
      'arn:aws:iam::aws:policy/AdministratorAccess',
    );

    // Act
    const fired = firedRules(event);

    // Assess
    expect(fired).toEqual([]);
  });

  it('does not exclude an administrator whose console writes "AWS Internal" as user agent', () => {
    // Act
    const fired = firedRulesWith(
      'customer-attaches-quarantine-v3.json',
      ['requestParameters', 'policyArn'],
      'arn:aws:iam::aws:policy/AdministratorAccess',
    );

    // Assess
    expect(fired).toEqual(['persistence.admin-policy']);
  });
});

describe('automation principals', () => {
  it.each([
    ['role name', 'deploy-bot'],
    ['role ARN', BOT_ROLE],
  ])('are matched through the session issuer by %s', (_how, name) => {
    // Prepare
    const ctx = testContext({ automationPrincipals: [name] });

    // Act
    const fired = firedRules(CREATE_USER_BY_BOT, ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it.each([
    ['user name', 'alice'],
    ['user ARN', 'arn:aws:iam::123456789012:user/alice'],
  ])('are matched for IAM users by %s', (_how, name) => {
    // Prepare
    const ctx = testContext({ automationPrincipals: [name] });

    // Act
    const fired = firedRules('create-user.json', ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it('do not cover a principal that is not declared', () => {
    // Prepare
    const ctx = testContext({ automationPrincipals: ['terraform'] });

    // Act
    const fired = firedRules(CREATE_USER_BY_BOT, ctx);

    // Assess
    expect(fired).toEqual(['persistence.create-user']);
  });

  it('stay excluded from the source IP and user agent the baseline has seen for them', () => {
    // Prepare
    const baseline = new MemoryActivityBaseline();
    baseline.note(BOT_ROLE, 'ip:198.51.100.7');
    baseline.note(BOT_ROLE, 'agent:Linux Python aws-cli exe');
    const ctx = testContext({ automationPrincipals: ['deploy-bot'], baseline });

    // Act
    const fired = firedRules(CREATE_USER_BY_BOT, ctx);

    // Assess
    expect(fired).toEqual([]);
  });

  it('fire when their credentials are used from a source IP the baseline has not seen for them', () => {
    // Prepare
    const baseline = new MemoryActivityBaseline();
    baseline.note(BOT_ROLE, 'ip:192.0.2.15');
    baseline.note(BOT_ROLE, 'agent:Linux Python aws-cli exe');
    const ctx = testContext({ automationPrincipals: ['deploy-bot'], baseline });

    // Act
    const [signal] = detect(CREATE_USER_BY_BOT, ctx);

    // Assess
    expect(signal).toMatchObject({
      ruleId: 'persistence.create-user',
      subject: { type: 'aws-access-key', id: 'ASIAIOSFODNN7EXAMPLE' },
      principal: { type: 'role', name: 'deploy-bot', arn: BOT_ROLE },
      keyType: 'temporary',
      title:
        'role deploy-bot created IAM user backup-admin (key ASIAIOSFODNN7EXAMPLE from 198.51.100.7; automation principal, new source IP 198.51.100.7)',
      evidence: { automationPrincipal: BOT_ROLE, newOrigin: 'source IP 198.51.100.7' },
    });
  });

  it('fire when their credentials are used with a user agent the baseline has not seen for them', () => {
    // Prepare
    const baseline = new MemoryActivityBaseline();
    baseline.note(BOT_ROLE, 'ip:198.51.100.7');
    baseline.note(BOT_ROLE, 'agent:APN HashiCorp Terraform terraform-provider-aws');
    const ctx = testContext({ automationPrincipals: ['deploy-bot'], baseline });

    // Act
    const [signal] = detect(CREATE_USER_BY_BOT, ctx);

    // Assess
    expect(signal?.evidence.newOrigin).toBe('user agent Linux Python aws-cli exe');
  });

  it('learn a new origin only from a call no rule flagged, so a second flagged write still fires', () => {
    // Prepare: deploy-bot's flagged CreateUser from a new IP, then a harmless TagUser from it
    const baseline = new MemoryActivityBaseline();
    const ctx = testContext({ automationPrincipals: ['deploy-bot'], baseline });
    detect(CREATE_USER_BY_BOT, ctx);
    const secondCreateUser = firedRules(CREATE_USER_BY_BOT, ctx);
    detect(withField(CREATE_USER_BY_BOT, ['detail', 'eventName'], 'TagUser'), ctx);

    // Act
    const afterHarmlessCall = firedRules(CREATE_USER_BY_BOT, ctx);

    // Assess
    expect({ secondCreateUser, afterHarmlessCall }).toEqual({
      secondCreateUser: ['persistence.create-user'],
      afterHarmlessCall: [],
    });
  });
});

describe('automation principals with declared origins', () => {
  const origins = { cidrs: ['198.51.100.0/24'], userAgents: ['aws-cli'] };

  it('are excluded from their declared CIDR and user agent, with no baseline at all (the Lambda)', () => {
    const fired = firedRules(
      CREATE_USER_BY_BOT,
      testContext({ automationPrincipals: ['deploy-bot'], automationOrigins: origins }),
    );
    expect(fired).toEqual([]);
  });

  it('fire from an address outside the declared blocks, naming it', () => {
    // Prepare: the CI key used from the intruder's address
    const event = withField(CREATE_USER_BY_BOT, ['detail', 'sourceIPAddress'], '203.0.113.50');

    // Act
    const signals = detect(
      event,
      testContext({ automationPrincipals: ['deploy-bot'], automationOrigins: origins }),
    );

    // Assess
    expect(signals.map((s) => [s.ruleId, s.evidence.unexpectedOrigin])).toEqual([
      ['persistence.create-user', 'source IP 203.0.113.50'],
    ]);
  });

  it('fire with another tool from the right address', () => {
    const event = withField(CREATE_USER_BY_BOT, ['detail', 'userAgent'], 'python-requests/2.31.0');
    const signals = detect(
      event,
      testContext({ automationPrincipals: ['deploy-bot'], automationOrigins: origins }),
    );
    expect(signals.map((s) => s.evidence.unexpectedOrigin)).toEqual(['user agent python-requests']);
  });

  it('are never taught a new origin by a harmless call first', () => {
    // Prepare: a harmless call from the intruder's address, then the write, with a baseline kept
    const ctx = testContext({
      automationPrincipals: ['deploy-bot'],
      automationOrigins: origins,
      baseline: new MemoryActivityBaseline(),
    });
    const harmless = withField(
      withField(CREATE_USER_BY_BOT, ['detail', 'eventName'], 'ListUsers'),
      ['detail', 'sourceIPAddress'],
      '203.0.113.50',
    );
    detect(harmless, ctx);

    // Act
    const fired = detect(withField(CREATE_USER_BY_BOT, ['detail', 'sourceIPAddress'], '203.0.113.50'), ctx);

    // Assess
    expect(fired.map((s) => s.ruleId)).toEqual(['persistence.create-user']);
  });
});

describe("the responder's own calls", () => {
  const PAUSE_BY_BOT = recordWith(
    'ses-update-account-sending-enabled.json',
    ['userIdentity'],
    DEPLOY_BOT_SESSION,
  );

  it('never fire a rule when they come from the role named as the responder’s own', () => {
    // Act
    const fired = [
      firedRules(PAUSE_BY_BOT, testContext({ selfRoleArn: BOT_ROLE })),
      firedRules(PAUSE_BY_BOT, testContext({ selfRoleArn: 'arn:aws:iam::123456789012:role/other' })),
      firedRules(PAUSE_BY_BOT, testContext()),
    ];

    // Assess
    expect(fired).toEqual([[], ['ses-abuse.sending-enabled-changed'], ['ses-abuse.sending-enabled-changed']]);
  });

  it('are recognised by the session issuer only: a user or a session named like the role is judged', () => {
    // Prepare: the same role ARN claimed where only the issuer is authoritative.
    const sameNameUser = recordWith(
      'ses-update-account-sending-enabled.json',
      ['userIdentity', 'arn'],
      BOT_ROLE,
    );

    // Act
    const fired = firedRules(sameNameUser, testContext({ selfRoleArn: BOT_ROLE }));

    // Assess
    expect(fired).toEqual(['ses-abuse.sending-enabled-changed']);
  });
});
