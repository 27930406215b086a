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
