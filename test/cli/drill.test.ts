import { callsBeforeDeactivation, runDrill, sesBounceBurst } from '../../lambdas/cli/drill/run-drill';
import { ato } from './run-cli';

describe('ato drill', () => {
  it('contains the leaked key with its first IAM call and leaves the other key alone', async () => {
    // Act
    const result = await runDrill();

    // Assess
    const calls = result.steps.flatMap((s) => s.iamCalls);
    expect(callsBeforeDeactivation(calls)).toBe(1);
    expect(result.iam.user('alice')?.accessKeys.map((k) => [k.accessKeyId, k.status])).toEqual([
      ['AKIAIOSFODNN7EXAMPLE', 'Inactive'],
      ['AKIAI44QH8DHBEXAMPLE', 'Active'],
    ]);
  });

  it("keeps the intruder's calls, the Health event, its redelivery, AWS quarantine and GuardDuty in one incident", async () => {
    const result = await runDrill();
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]?.incident.signals.map((s) => s.reason)).toEqual([
      'credentials.get-caller-identity-first-call',
      'ses-abuse.enumeration-by-new-principal',
      'persistence.create-user',
      'AWS_RISK_CREDENTIALS_EXPOSED',
      'AWS_QUARANTINE_POLICY_ATTACHED',
      'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
      'persistence.access-key-for-another-user',
    ]);
    expect(result.steps.map((s) => s.outcomes.map((o) => o.status).join(',') || 'no signal')).toEqual([
      'handled',
      'no signal',
      'handled',
      'handled',
      'handled',
      'duplicate',
      'handled',
      'handled',
      'handled',
    ]);
  });

  it('headlines the incident with the strongest evidence and tells people once per new finding, not per event', async () => {
    const result = await runDrill();
    expect(result.incidents[0]?.incident.title).toBe(
      'AWS reports access key AKIAIOSFODNN7EXAMPLE of user alice exposed publicly',
    );
    // the first call, SES, the back-door user, the leak and its containment, the retried key creation
    expect(result.notifications).toHaveLength(5);
  });

  it('prints the signals, the plan with its API calls, the report and a summary', async () => {
    const run = await ato(['drill']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '         → iam:UpdateAccessKey UserName=alice AccessKeyId=AKIAIOSFODNN7EXAMPLE Status=Inactive',
    );
    expect(run.stdout).toContain(
      '     1. iam:UpdateAccessKey UserName=alice AccessKeyId=AKIAIOSFODNN7EXAMPLE Status=Inactive',
    );
    expect(run.stdout).toContain('Incident ato-20261122-');
    expect(run.stdout).toContain(
      'Summary: 9 events, 8 with a signal, 1 duplicate delivery, 1 incident, 10 IAM calls; IAM calls before the leaked key was Inactive: 1.',
    );
  });
});

describe('ato drill, the SES bounce burst', () => {
  it('pauses sending with the first call of the bounce alarm, raises the failover flag, and asks about the anomaly first', async () => {
    // Act
    const result = await runDrill(sesBounceBurst);

    // Assess
    expect(result.steps.map((s) => s.otherCalls)).toEqual([
      [],
      [],
      [
        'ses:PutAccountSendingAttributes (us-east-1) SendingEnabled=false',
        'ssm:GetParameter Name=/ato-responder/email/provider',
        'ssm:PutParameter Name=/ato-responder/email/provider Value=backup',
      ],
      [],
      [],
      [],
    ]);
    expect(result.parameters.values.get('/ato-responder/email/provider')).toBe('backup');
    expect(result.steps.flatMap((s) => s.iamCalls)).toEqual([]);
  });

  it('keeps the CloudTrail enumeration, the alarms and the recovery in one incident whose suspects lead with the leaked key', async () => {
    // Act
    const result = await runDrill(sesBounceBurst);

    // Assess
    const [only] = result.incidents;
    expect(result.incidents).toHaveLength(1);
    expect(only?.incident.signals.map((s) => s.reason)).toEqual([
      'ses-abuse.enumeration-by-new-principal',
      'ses.send-volume.alarm',
      'ses.bounce-rate.alarm',
      'ses.complaint-rate.alarm',
      'ses.bounce-rate.ok',
    ]);
    const found = only?.records.find((r) => r.kind === 'aws.ses.find-senders');
    const suspects = found?.after?.type === 'ses-senders' ? found.after.suspects : [];
    expect(suspects.map((s) => [s.principal.name, s.accessKeyId, s.likely])).toEqual([
      ['smtp-legacy', 'AKIAIOSFODNN7EXAMPLE', true],
      ['orders-app', 'AKIAI44QH8DHBEXAMPLE', false],
    ]);
    expect(only?.records.map((r) => `${r.kind}:${r.status}`)).toContain(
      'aws.ses.pause-sending:pending-approval',
    );
  });

  it('runs after the leaked key by default, and alone when named', async () => {
    // Act
    const all = await ato(['drill']);
    const one = await ato(['drill', '--scenario', 'ses-bounce-burst']);
    const unknown = await ato(['drill', '--scenario', 'twilio']);

    // Assess
    expect(all.stdout.match(/^ato drill — .*$/gm)).toEqual([
      'ato drill — A leaked access key: found on a public repository, tried by an intruder, contained',
      "ato drill — An SES bounce burst: a leaked SMTP user's key sends spam until the reputation collapses",
    ]);
    expect(one.stdout).toContain(
      "Summary: 6 events, 6 with a signal, 1 duplicate delivery, 1 incident, 0 IAM calls; calls before SES sending was paused, in the alarm's handling: 0 (the pause is the first).",
    );
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([
      2,
      'ato: no drill scenario "twilio" (there are: leaked-key, ses-bounce-burst)',
    ]);
  });
});
