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

  it('opens one incident for the Health event, its redelivery, AWS quarantine and GuardDuty', async () => {
    const result = await runDrill();
    expect(result.incidents).toHaveLength(1);
    expect(result.incidents[0]?.incident.signals.map((s) => s.source)).toEqual([
      'aws.health',
      'aws.cloudtrail',
      'aws.guardduty',
    ]);
    expect(result.steps.map((s) => s.outcomes.map((o) => o.status).join(',') || 'no signal')).toEqual([
      'no signal',
      'no signal',
      'no signal',
      'no signal',
      'handled',
      'duplicate',
      'handled',
      'handled',
      'no signal',
    ]);
    expect(result.notifications).toHaveLength(1);
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
      'Summary: 9 events, 4 with a signal, 1 duplicate delivery, 1 incident, 10 IAM calls; IAM calls before the leaked key was Inactive: 1.',
    );
  });
});
