/**
 * `ato approve` of an IAM removal an investigation proposed, from a laptop: the person's
 * credentials (IAM answered by aws-sdk-client-mock with the API reference's shapes), the tags read
 * first, exactly one removal; `ato undo --execute` puts a detached policy back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachUserPolicyCommand,
  DeleteAccessKeyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserTagsCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { ActionSpec } from '../../lambdas/core/action';
import { FileIncidentStore } from '../../lambdas/providers/file-store';
import { ADMIN, EVE_KEY, proposal } from '../core/iam-removal-scenario';
import { SUBJECT_KEY, anIncident } from '../providers/store-fixtures';
import { ato } from './run-cli';

const iam = mockClient(IAMClient);
const sent = (): string[] => iam.calls().map((c) => c.args[0].constructor.name);

/** An incident in the local store (./.ato) with this removal waiting for approval. */
async function waiting(spec: ActionSpec): Promise<{ cwd: string; approvalId: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'ato-cli-'));
  const store = new FileIncidentStore(join(cwd, '.ato'));
  await store.openIncident(SUBJECT_KEY, anIncident());
  const approvalId = 'apr-removal01';
  await store.putApproval({
    approvalId,
    incidentId: 'inc-0001',
    action: proposal(spec),
    requestedAt: '2026-11-22T03:00:00.000Z',
    reason: 'made with the leaked key during the incident',
    status: 'pending',
  });
  return { cwd, approvalId };
}

beforeEach(() => {
  iam.reset();
  iam.on(ListUserTagsCommand).resolves({ Tags: [], IsTruncated: false });
});

describe('ato approve, for an IAM removal', () => {
  it('deletes the proposed key with the laptop’s credentials, after reading the tags', async () => {
    // Prepare
    const { cwd, approvalId } = await waiting({
      kind: 'aws.iam.delete-access-key',
      target: { userName: 'eve', accessKeyId: EVE_KEY },
    });
    iam.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [{ UserName: 'eve', AccessKeyId: EVE_KEY, Status: 'Active' }],
      IsTruncated: false,
    });

    // Act
    const run = await ato(['approve', approvalId, '--by', 'jane@example.com'], cwd);

    // Assess
    expect(run.code).toBe(0);
    expect(sent()).toEqual(['ListUserTagsCommand', 'ListAccessKeysCommand', 'DeleteAccessKeyCommand']);
    expect(iam).toHaveReceivedCommandWith(DeleteAccessKeyCommand, { UserName: 'eve', AccessKeyId: EVE_KEY });
    expect(run.stdout).toContain(`${approvalId} approved`);
    expect(run.stdout).toContain('aws.iam.delete-access-key');
  });

  it('deletes nothing from a user tagged ato:protected=true, and says so', async () => {
    // Prepare
    const { cwd, approvalId } = await waiting({
      kind: 'aws.iam.delete-access-key',
      target: { userName: 'eve', accessKeyId: EVE_KEY },
    });
    iam.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'ato:protected', Value: 'true' }] });

    // Act
    const run = await ato(['approve', approvalId], cwd);

    // Assess
    expect(run.code).toBe(1);
    expect(sent()).toEqual(['ListUserTagsCommand']);
    expect(run.stderr).toContain('user eve is tagged ato:protected=true');
  });

  it('detaches the policy, and ato undo --execute attaches it again', async () => {
    // Prepare
    const { cwd, approvalId } = await waiting({
      kind: 'aws.iam.detach-policy',
      target: { holder: { type: 'user', name: 'eve' }, policyArn: ADMIN },
    });
    iam.on(ListAttachedUserPoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      IsTruncated: false,
    });
    const approve = await ato(['approve', approvalId], cwd);

    // Act
    const undo = await ato(['undo', 'inc-0001', '--execute'], cwd);

    // Assess
    expect([approve.code, undo.code]).toEqual([0, 0]);
    expect(iam).toHaveReceivedCommandWith(DetachUserPolicyCommand, { UserName: 'eve', PolicyArn: ADMIN });
    expect(iam).toHaveReceivedCommandWith(AttachUserPolicyCommand, { UserName: 'eve', PolicyArn: ADMIN });
    expect(sent().slice(-1)).toEqual(['AttachUserPolicyCommand']);
    expect(undo.stdout).toContain(`iam:AttachUserPolicy UserName=eve PolicyArn=${ADMIN}`);
  });
});
