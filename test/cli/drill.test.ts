import { callsBeforeDeactivation, runDrill } from '../../lambdas/cli/drill/run-drill';
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
