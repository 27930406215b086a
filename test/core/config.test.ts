import { ConfigError, loadConfig, parseConfig } from '../../lambdas/core/config';

describe('config', () => {
  it('defaults to dry-run, so a first deploy changes nothing in production', () => {
    expect(loadConfig({})).toEqual({
      mode: 'dry-run',
      protectedPrincipals: [],
      budget: { automaticContainmentsPerHour: 5 },
      correlationWindowMinutes: 1440,
      playbooks: {
        leakedKey: {
          revokeSessions: true,
          revokeRoleSessions: 'approval',
          autoContainMinSeverity: 'medium',
          quarantine: 'approval',
        },
      },
      detection: {
        automationPrincipals: [],
        automationOrigins: { cidrs: [], userAgents: [] },
        allowedConsoleCountries: [],
        trustedAccounts: [],
        readOnlyEvents: false,
        credentialStuffing: { minUsers: 10, minIps: 5, windowMinutes: 30 },
      },
      forwardFromRegions: [],
      ses: {
        regions: [],
        bounceRateAlarm: 0.025,
        complaintRateAlarm: 0.0005,
        sendAnomaly: { enabled: true, standardDeviations: 4 },
        alarmConfigurationSets: [],
        pause: { approval: false, configurationSets: [] },
      },
      twilio: { enabled: false, allowedCountries: [], knownApiKeys: [], webhookHosts: [] },
      slack: { enabled: false, approvers: [], irreversibleApprovals: 2, approvalMinutes: 60 },
      scheduledAudit: { everyMinutes: 60 },
      sendgrid: {
        enabled: false,
        knownApiKeys: [],
        knownTeammates: [],
        allowedIps: [],
        responderEgressIps: [],
        eventWebhook: { enabled: false, bounceRate: 0.05, spamRate: 0.001, minEvents: 100 },
      },
      investigation: { delayMinutes: 15 },
      notifications: { emails: [] },
    });
  });

  it('names a bad country code and a bad trusted account', () => {
    expect(
      parseConfig({ detection: { allowedConsoleCountries: ['usa'], trustedAccounts: ['12345'] } }),
    ).toEqual({
      ok: false,
      errors: [
        'detection.allowedConsoleCountries.0: must be an ISO 3166 alpha-2 code such as "US"',
        'detection.trustedAccounts.0: must be a 12-digit AWS account id',
      ],
    });
  });

  it('refuses an investigation delay SQS cannot hold', () => {
    expect([16, -1, 2.5].map((delayMinutes) => parseConfig({ investigation: { delayMinutes } }))).toEqual([
      { ok: false, errors: ['investigation.delayMinutes: Too big: expected number to be <=15'] },
      { ok: false, errors: ['investigation.delayMinutes: Too small: expected number to be >=0'] },
      { ok: false, errors: ['investigation.delayMinutes: Invalid input: expected int, received number'] },
    ]);
  });

  it('names every bad field', () => {
    const result = parseConfig({
      mode: 'yolo',
      budget: { automaticContainmentsPerHour: -1 },
      notifications: { emails: ['not-an-email'] },
      extra: true,
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        'mode: Invalid option: expected one of "enforce"|"dry-run"',
        'budget.automaticContainmentsPerHour: Too small: expected number to be >=0',
        'notifications.emails.0: Invalid email address',
        '(root): Unrecognized key: "extra"',
      ],
    });
  });

  it('throws a ConfigError whose message lists the fields', () => {
    expect(() => loadConfig({ protectedPrincipals: ['not a name'] })).toThrow(
      new ConfigError([
        'protectedPrincipals.0: must be an IAM user or role name, or its ARN (arn:aws:iam::123456789012:user/name)',
      ]),
    );
  });

  it("refuses a Twilio webhook URL with a query, which Twilio's signature would not match", () => {
    expect(parseConfig({ twilio: { webhookUrl: 'https://hooks.example.com/twilio?x=1' } })).toEqual({
      ok: false,
      errors: ['twilio.webhookUrl: must have no query or fragment (Twilio signs the query it sends)'],
    });
  });

  it('refuses an Event Webhook without the key its signatures are checked with, and bad SendGrid addresses', () => {
    expect(
      parseConfig({
        sendgrid: {
          eventWebhook: { enabled: true },
          allowedIps: ['192.0.2.0/24', 'office'],
          responderEgressIps: ['192.0.2.0/24'],
        },
      }),
    ).toEqual({
      ok: false,
      errors: [
        'sendgrid.allowedIps.1: must be an IPv4 address, CIDR or wildcard',
        'sendgrid.responderEgressIps.0: must be an IPv4 address',
        'sendgrid.eventWebhook: needs publicKey (Settings → Mail Settings → Event Webhook → signature verification)',
      ],
    });
  });
});
