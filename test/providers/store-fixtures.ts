/**
 * Small builders for what an IncidentStore holds. Placeholders only: the documentation account
 * and the documentation access key (https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html).
 */
import type { Action, ActionRecord, PendingApproval } from '../../lambdas/core/action';
import type { Incident } from '../../lambdas/core/incident';

export const ACCOUNT_ID = '123456789012';
export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const SUBJECT_KEY = `aws-access-key#${ACCESS_KEY_ID}`;
export const PRINCIPAL_SUBJECT_KEY = `aws-principal#arn:aws:iam::${ACCOUNT_ID}:user/ci-deploy`;

/** A fixed instant, so that every time in a test is an offset from it. */
export const T0 = new Date('2025-06-01T12:00:00.000Z');

export function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-0001',
    subject: { type: 'aws-access-key', id: ACCESS_KEY_ID },
    subjectKeys: [SUBJECT_KEY],
    status: 'open',
    severity: 'critical',
    title: `Access key ${ACCESS_KEY_ID} exposed publicly`,
    accountId: ACCOUNT_ID,
    region: 'us-east-1',
    openedAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    principal: { type: 'user', name: 'ci-deploy', arn: `arn:aws:iam::${ACCOUNT_ID}:user/ci-deploy` },
    signals: [
      {
        dedupKey: 'aws.health/evt-0001',
        kind: 'leaked-access-key',
        source: 'aws.health',
        reason: 'AWS_RISK_CREDENTIALS_EXPOSED',
        title: `Access key ${ACCESS_KEY_ID} exposed publicly`,
        observedAt: T0.toISOString(),
      },
    ],
    escalations: [],
    version: 0,
    ...overrides,
  };
}

export function aDeactivateAction(overrides: Partial<Omit<Action, 'kind' | 'target'>> = {}): Action {
  return {
    kind: 'aws.iam.deactivate-access-key',
    target: { accessKeyId: ACCESS_KEY_ID, userName: 'ci-deploy' },
    id: 'inc-0001/0-aws.iam.deactivate-access-key',
    incidentId: 'inc-0001',
    phase: 'containment',
    mode: 'enforce',
    approval: 'auto',
    reversible: true,
    reason: 'The key was exposed publicly; deactivating it stops every use at once.',
    ...overrides,
  };
}

export function anActionRecord(overrides: Partial<ActionRecord> = {}): ActionRecord {
  return {
    actionId: 'inc-0001/0-aws.iam.deactivate-access-key',
    incidentId: 'inc-0001',
    kind: 'aws.iam.deactivate-access-key',
    target: { accessKeyId: ACCESS_KEY_ID, userName: 'ci-deploy' },
    mode: 'enforce',
    approval: 'auto',
    status: 'done',
    actor: 'ato-responder',
    reason: 'The key was exposed publicly.',
    startedAt: T0.toISOString(),
    finishedAt: at(200).toISOString(),
    before: {
      type: 'access-key',
      userName: 'ci-deploy',
      accessKeyId: ACCESS_KEY_ID,
      status: 'Active',
      observed: true,
    },
    after: {
      type: 'access-key',
      userName: 'ci-deploy',
      accessKeyId: ACCESS_KEY_ID,
      status: 'Inactive',
      observed: true,
    },
    undo: `aws iam update-access-key --user-name ci-deploy --access-key-id ${ACCESS_KEY_ID} --status Active`,
    ...overrides,
  };
}

export function aPendingApproval(overrides: Partial<PendingApproval> = {}): PendingApproval {
  return {
    approvalId: 'apr-0001',
    incidentId: 'inc-0001',
    action: aDeactivateAction({ approval: 'required' }),
    requestedAt: T0.toISOString(),
    reason: 'ci-deploy is tagged protected; a person decides.',
    status: 'pending',
    ...overrides,
  };
}
