/** Plain-object builders for the core's tests (placeholders only: account 123456789012). */
import type { ResponderConfig } from '../../lambdas/core/config';
import { loadConfig } from '../../lambdas/core/config';
import type { ConfigInput } from '../../lambdas/core/config';
import type { DetectionSignal, LeakedAccessKeySignal } from '../../lambdas/core/signal';
import type { Clock } from '../../lambdas/core/ports';
import type { MemoryUser } from '../../lambdas/providers/memory/iam-account';

export const NOW = new Date('2026-11-22T03:00:00.000Z');
export const LEAKED_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const OTHER_KEY = 'AKIAI44QH8DHBEXAMPLE';

export function fixedClock(at: Date = NOW): Clock & { set(d: Date): void } {
  let current = at;
  return { now: () => current, set: (d: Date) => (current = d) };
}

export function config(overrides: ConfigInput = {}): ResponderConfig {
  return loadConfig({ mode: 'enforce', ...overrides });
}

export function leakedKeySignal(overrides: Partial<LeakedAccessKeySignal> = {}): LeakedAccessKeySignal {
  return {
    kind: 'leaked-access-key',
    source: 'aws.health',
    dedupKey:
      'aws.health:arn:aws:health:global::event/IAM/AWS_RISK_CREDENTIALS_EXPOSED/AWS_RISK_CREDENTIALS_EXPOSED_EXAMPLE#1#AKIAIOSFODNN7EXAMPLE',
    subject: { type: 'aws-access-key', id: LEAKED_KEY },
    accountId: '123456789012',
    region: 'us-east-1',
    observedAt: '2026-11-22T02:59:00.000Z',
    severity: 'critical',
    title: 'AWS reports access key AKIAIOSFODNN7EXAMPLE of user alice exposed publicly',
    accessKeyId: LEAKED_KEY,
    keyType: 'long-term',
    principal: { type: 'user', name: 'alice' },
    reason: 'AWS_RISK_CREDENTIALS_EXPOSED',
    evidence: {},
    ...overrides,
  };
}

export function alice(overrides: Partial<MemoryUser> = {}): MemoryUser {
  return {
    name: 'alice',
    arn: 'arn:aws:iam::123456789012:user/alice',
    accessKeys: [
      { accessKeyId: LEAKED_KEY, status: 'Active' },
      { accessKeyId: OTHER_KEY, status: 'Active' },
    ],
    attachedPolicies: [
      { policyName: 'AmazonSESFullAccess', policyArn: 'arn:aws:iam::aws:policy/AmazonSESFullAccess' },
    ],
    inlinePolicies: {},
    groups: ['developers'],
    loginProfile: null,
    mfaDevices: [],
    tags: {},
    ...overrides,
  };
}

export function detectionSignal(overrides: Partial<DetectionSignal> = {}): DetectionSignal {
  return {
    kind: 'cloudtrail-detection',
    source: 'aws.cloudtrail',
    dedupKey: 'aws.cloudtrail#c5e7a9c1-e3b5-4d7f-9a1c-3e5b7d9f1a3c#persistence.create-user',
    subject: { type: 'aws-access-key', id: LEAKED_KEY },
    accountId: '123456789012',
    region: 'us-east-1',
    observedAt: '2026-11-22T02:43:02.000Z',
    severity: 'high',
    title: 'alice created IAM user support-backup with key AKIAIOSFODNN7EXAMPLE',
    ruleId: 'persistence.create-user',
    technique: 'T1136.003 Create Account: Cloud Account',
    principal: { type: 'user', name: 'alice' },
    accessKeyId: LEAKED_KEY,
    keyType: 'long-term',
    reason: 'persistence.create-user',
    evidence: {
      eventId: 'c5e7a9c1-e3b5-4d7f-9a1c-3e5b7d9f1a3c',
      eventName: 'CreateUser',
      sourceIPAddress: '203.0.113.50',
    },
    ...overrides,
  };
}
