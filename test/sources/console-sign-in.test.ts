import { loadConfig } from '../../lambdas/core/config';
import { normalize } from '../../lambdas/sources';
import { MemoryActivityBaseline, ruleContext } from '../../lambdas/sources/detection';
import { loadFixture } from './fixtures';

const ctx = ruleContext(loadConfig({}).detection, new MemoryActivityBaseline());

describe('console sign-ins', () => {
  it("turn a failed ConsoleLogin into a sign-in for the account's sign-in incident", () => {
    // Act
    const result = normalize(loadFixture('cloudtrail/console-login-failed.json'), ctx);

    // Assess
    expect(result).toEqual({
      ok: true,
      signals: [
        {
          kind: 'console-sign-in',
          source: 'aws.cloudtrail',
          dedupKey: 'aws.cloudtrail#00002018-0c1d-4e2f-8a3b-000000002018#console-sign-in',
          subject: { type: 'aws-console-sign-ins', id: '123456789012' },
          accountId: '123456789012',
          region: 'us-east-1',
          observedAt: '2024-05-24T09:57:31.000Z',
          severity: 'low',
          title: 'console sign-in of alice from 203.0.113.50: failure',
          outcome: 'failure',
          userName: 'alice',
          sourceIp: '203.0.113.50',
          principal: { type: 'unknown' },
          reason: 'console-sign-in',
          evidence: { eventId: '00002018-0c1d-4e2f-8a3b-000000002018', sourceIPAddress: '203.0.113.50' },
          keyType: 'unknown',
        },
      ],
    });
  });

  it('keep a successful sign-in next to what the console rules say about it', () => {
    const result = normalize(loadFixture('cloudtrail/console-login-without-mfa.json'), ctx);
    expect(result.ok && result.signals.map((s) => s.kind)).toEqual([
      'cloudtrail-detection',
      'console-sign-in',
    ]);
  });

  it('are not produced without a rule context (the one-argument form is unchanged)', () => {
    expect(normalize(loadFixture('cloudtrail/console-login-failed.json')).ok).toBe(false);
  });
});
