/**
 * `ato contain-key` / `undo` / `approve` from a laptop: IAM answered by aws-sdk-client-mock with the
 * IAM API reference's response shapes, incidents recorded in a temporary file store.
 */
import {
  DeleteUserPolicyCommand,
  GetLoginProfileCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ato } from './run-cli';

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const iam = mockClient(IAMClient);
const noSuchEntity = () =>
  new NoSuchEntityException({ message: 'The user with name alice cannot be found.', $metadata: {} });

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'ato-contain-'));
  iam.reset();
  iam.on(ListUserTagsCommand).resolves({ Tags: [{ Key: 'team', Value: 'mail' }], IsTruncated: false });
  iam.on(ListAccessKeysCommand).resolves({
    AccessKeyMetadata: [
      { UserName: 'alice', AccessKeyId: KEY, Status: 'Active', CreateDate: new Date('2025-03-02T10:00:00Z') },
      {
        UserName: 'alice',
        AccessKeyId: 'AKIAI44QH8DHBEXAMPLE',
        Status: 'Active',
        CreateDate: new Date('2026-01-15T09:30:00Z'),
      },
    ],
    IsTruncated: false,
  });
  iam.on(UpdateAccessKeyCommand).resolves({});
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iam.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
  iam.on(GetLoginProfileCommand).rejects(noSuchEntity());
  iam.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
  iam.on(GetUserPolicyCommand).rejects(noSuchEntity());
  iam.on(PutUserPolicyCommand).resolves({});
  iam.on(DeleteUserPolicyCommand).resolves({});
});

describe('ato contain-key', () => {
  it('plans without calling AWS unless --execute is given', async () => {
    // Act
    const run = await ato(['contain-key', KEY, '--user', 'alice', '--json'], cwd);

    // Assess
    expect(run.code).toBe(0);
    expect(iam.calls()).toHaveLength(0);
    const out = JSON.parse(run.stdout) as {
      incidentId: string;
      outcomes: { kind: string; status: string }[];
    };
    expect(out.incidentId).toMatch(/^ato-\d{8}-[0-9a-z]{7}$/);
    expect(out.outcomes.map((o) => [o.kind, o.status])).toEqual([
      ['aws.iam.deactivate-access-key', 'would-do'],
      ['aws.iam.snapshot-principal', 'would-do'],
      ['aws.iam.revoke-older-sessions', 'would-do'],
      ['aws.iam.attach-deny-all', 'would-do'],
      ['notify.incident', 'skipped'],
    ]);
  });

  it('checks the tags, reads the key status, then deactivates only that key with --execute', async () => {
    const run = await ato(['contain-key', KEY, '--user', 'alice', '--execute'], cwd);
    expect(run.code).toBe(0);
    expect(
      iam
        .calls()
        .slice(0, 3)
        .map((c) => c.args[0].constructor.name),
    ).toEqual(['ListUserTagsCommand', 'ListAccessKeysCommand', 'UpdateAccessKeyCommand']);
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    expect(iam).toHaveReceivedCommandWith(UpdateAccessKeyCommand, {
      UserName: 'alice',
      AccessKeyId: KEY,
      Status: 'Inactive',
    });
  });

  it('refuses a user tagged ato:protected=true and exits 1 with one line', async () => {
    iam
      .on(ListUserTagsCommand)
      .resolves({ Tags: [{ Key: 'ato:protected', Value: 'true' }], IsTruncated: false });
    const run = await ato(['contain-key', KEY, '--user', 'alice', '--execute'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('ato: user alice is tagged ato:protected=true');
    expect(iam).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 0);
  });

  it('reports an IAM refusal as one line naming the call and the resource, and exits 1', async () => {
    iam.on(UpdateAccessKeyCommand).rejects(
      Object.assign(
        new Error(
          'User: arn:aws:iam::123456789012:user/jane is not authorized to perform: iam:UpdateAccessKey',
        ),
        {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        },
      ),
    );
    const run = await ato(['contain-key', KEY, '--user', 'alice', '--execute'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(
      /^ato: UpdateAccessKey on .*alice.* failed: AccessDenied: User: arn:aws:iam::123456789012:user\/jane is not authorized/,
    );
  });

  it('exits 2 with usage on something that is not an access key id', async () => {
    const run = await ato(['contain-key', 'hunter2'], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('ato: "hunter2" is not an access key id (AKIA… or ASIA…)');
  });
});

describe('ato undo and approve', () => {
  async function containedIncident(): Promise<string> {
    const run = await ato(['contain-key', KEY, '--user', 'alice', '--execute', '--json'], cwd);
    return (JSON.parse(run.stdout) as { incidentId: string }).incidentId;
  }

  it('re-activates the key and removes the responder policy with --execute', async () => {
    // Prepare
    const incidentId = await containedIncident();
    iam.resetHistory();

    // Act
    const run = await ato(['undo', incidentId, '--execute'], cwd);

    // Assess
    expect(run.code).toBe(0);
    expect(iam).toHaveReceivedCommandWith(UpdateAccessKeyCommand, {
      UserName: 'alice',
      AccessKeyId: KEY,
      Status: 'Active',
    });
    expect(iam).toHaveReceivedCommandWith(DeleteUserPolicyCommand, {
      UserName: 'alice',
      PolicyName: 'ato-responder-revoke-older-sessions',
    });
    expect((await ato(['undo', incidentId], cwd)).stdout).toBe(`Undo for ${incidentId}: nothing to undo`);
  });

  it('shows the undo steps without changing anything when --execute is absent', async () => {
    const incidentId = await containedIncident();
    iam.resetHistory();
    const run = await ato(['undo', incidentId], cwd);
    expect(run.stdout.split('\n')).toEqual([
      `Undo for ${incidentId}`,
      '  → iam:DeleteUserPolicy user alice PolicyName=ato-responder-revoke-older-sessions',
      `  → iam:UpdateAccessKey UserName=alice AccessKeyId=${KEY} Status=Active`,
      'Dry-run: nothing changed; add --execute.',
    ]);
    expect(iam.calls()).toHaveLength(0);
  });

  it('applies the quarantine a person approves, recording who approved it', async () => {
    // Prepare
    const incidentId = await containedIncident();
    const report = JSON.parse((await ato(['report', incidentId, '--json'], cwd)).stdout) as {
      incident: { escalations: string[] };
    };
    const approvalId = /apr-\w+/.exec(report.incident.escalations.join(' '))?.[0] ?? '';

    // Act
    const run = await ato(['approve', approvalId, '--by', 'jane@example.com'], cwd);

    // Assess
    expect(run.code).toBe(0);
    expect(iam).toHaveReceivedCommandWith(PutUserPolicyCommand, {
      UserName: 'alice',
      PolicyName: 'ato-responder-quarantine',
    });
    const after = JSON.parse((await ato(['report', incidentId, '--json'], cwd)).stdout) as {
      records: { kind: string; status: string; approvedBy?: string }[];
    };
    expect(
      after.records.filter((r) => r.kind === 'aws.iam.attach-deny-all').map((r) => [r.status, r.approvedBy]),
    ).toEqual([
      ['pending-approval', undefined],
      ['done', 'cli:jane@example.com'],
    ]);
  });

  it('exits 1 for an unknown incident', async () => {
    const run = await ato(['undo', 'ato-20261122-0000000'], cwd);
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'ato: no incident ato-20261122-0000000' });
  });
});
