/**
 * AwsIamInventory against aws-sdk-client-mock, responses shaped per the IAM API Reference as the SDK
 * v3 hands them over: dates as Date, policy documents URL-encoded, NoSuchEntity for what is gone.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AwsIamInventory } from '../../../lambdas/providers/aws/iam-inventory';
import { LEAKED_KEY, ROGUE_KEY } from './lookup-events-fixtures';

const iamMock = mockClient(IAMClient);
const inventory = new AwsIamInventory(new IAMClient({ region: 'us-east-1' }));
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const TRUST = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' },
  ],
};

const missing = () =>
  new NoSuchEntityException({ message: 'cannot be found', $metadata: { httpStatusCode: 404 } });

beforeEach(() => {
  iamMock.reset();
  iamMock.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iamMock.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iamMock.on(GetLoginProfileCommand).rejects(missing());
});

describe('AwsIamInventory', () => {
  it('reads a user: keys with status and creation, console password, managed and inline policies', async () => {
    // Prepare
    iamMock.on(GetUserCommand, { UserName: 'eve' }).resolves({
      User: {
        UserName: 'eve',
        UserId: 'AIDAEXAMPLEEVE000000',
        Arn: 'arn:aws:iam::123456789012:user/eve',
        Path: '/',
        CreateDate: new Date('2026-11-21T22:10:00Z'),
      },
    });
    iamMock.on(ListAccessKeysCommand, { UserName: 'eve' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'eve',
          AccessKeyId: ROGUE_KEY,
          Status: 'Active',
          CreateDate: new Date('2026-11-21T22:11:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock
      .on(GetLoginProfileCommand, { UserName: 'eve' })
      .resolves({ LoginProfile: { UserName: 'eve', CreateDate: new Date('2026-11-21T22:12:00Z') } });
    iamMock.on(ListAttachedUserPoliciesCommand, { UserName: 'eve' }).resolves({
      AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      IsTruncated: false,
    });
    iamMock
      .on(ListUserPoliciesCommand, { UserName: 'eve' })
      .resolves({ PolicyNames: ['pwn'], IsTruncated: false });

    // Act
    const user = await inventory.user('eve');

    // Assess
    expect(user).toEqual({
      userName: 'eve',
      createDate: '2026-11-21T22:10:00.000Z',
      accessKeys: [
        { accessKeyId: ROGUE_KEY, userName: 'eve', status: 'Active', createDate: '2026-11-21T22:11:00.000Z' },
      ],
      loginProfile: true,
      policies: { managed: [ADMIN], inline: ['pwn'] },
    });
  });

  it('answers undefined for a user that is gone', async () => {
    // Prepare
    iamMock.on(GetUserCommand).rejects(missing());

    // Act / Assess
    await expect(inventory.user('eve')).resolves.toBeUndefined();
    expect(iamMock).toHaveReceivedCommandTimes(ListAccessKeysCommand, 0);
  });

  it('reads a role with its trust policy decoded', async () => {
    // Prepare
    iamMock.on(GetRoleCommand).resolves({
      Role: {
        RoleName: 'backdoor',
        RoleId: 'AROAEXAMPLEBACKDOOR0',
        Arn: 'arn:aws:iam::123456789012:role/backdoor',
        Path: '/',
        CreateDate: new Date('2026-11-21T22:20:00Z'),
        AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(TRUST)),
      },
    });
    iamMock.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iamMock.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['pwn'], IsTruncated: false });

    // Act
    const role = await inventory.role('backdoor');

    // Assess
    expect(role).toEqual({
      roleName: 'backdoor',
      createDate: '2026-11-21T22:20:00.000Z',
      trustPolicy: JSON.stringify(TRUST),
      policies: { managed: [], inline: ['pwn'] },
    });
  });

  it('finds the owner of a key and its state', async () => {
    // Prepare
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: {
        Region: 'us-east-1',
        ServiceName: 'iam',
        LastUsedDate: new Date('2026-11-21T22:00:00Z'),
      },
    });
    iamMock.on(ListAccessKeysCommand, { UserName: 'alice' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: LEAKED_KEY,
          Status: 'Inactive',
          CreateDate: new Date('2026-10-01T08:00:00Z'),
        },
      ],
      IsTruncated: false,
    });

    // Act / Assess
    await expect(inventory.accessKey(LEAKED_KEY)).resolves.toEqual({
      accessKeyId: LEAKED_KEY,
      userName: 'alice',
      status: 'Inactive',
      createDate: '2026-10-01T08:00:00.000Z',
    });
  });

  it('lists where a managed policy is attached, and nothing once it is deleted', async () => {
    // Prepare
    const arn = 'arn:aws:iam::123456789012:policy/ops-backdoor';
    iamMock
      .on(ListEntitiesForPolicyCommand, { PolicyArn: arn })
      .resolvesOnce({
        PolicyGroups: [{ GroupName: 'admins', GroupId: 'AGPAEXAMPLE000000000' }],
        PolicyUsers: [],
        PolicyRoles: [],
        IsTruncated: true,
        Marker: 'm2',
      })
      .resolvesOnce({
        PolicyGroups: [],
        PolicyUsers: [{ UserName: 'eve', UserId: 'AIDAEXAMPLEEVE000000' }],
        PolicyRoles: [],
        IsTruncated: false,
      })
      .rejectsOnce(missing());

    // Act
    const attached = await inventory.managedPolicy(arn);
    const deleted = await inventory.managedPolicy(arn);

    // Assess
    expect(attached).toEqual({
      policyArn: arn,
      attachedTo: [
        { type: 'group', name: 'admins' },
        { type: 'user', name: 'eve' },
      ],
    });
    expect(deleted).toBeUndefined();
  });

  it('reads a group’s policies', async () => {
    // Prepare
    iamMock.on(ListAttachedGroupPoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
      IsTruncated: false,
    });
    iamMock.on(ListGroupPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });

    // Act / Assess
    await expect(inventory.groupPolicies('admins')).resolves.toEqual({ managed: [ADMIN], inline: [] });
  });

  it('finds the users and keys created inside a window, by anyone, across every page', async () => {
    // Prepare
    iamMock
      .on(ListUsersCommand)
      .resolvesOnce({
        Users: [
          {
            UserName: 'alice',
            UserId: 'AIDAALICE00000000000',
            Arn: 'arn:aws:iam::123456789012:user/alice',
            Path: '/',
            CreateDate: new Date('2025-01-01T00:00:00Z'),
          },
        ],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolvesOnce({
        Users: [
          {
            UserName: 'support-admin',
            UserId: 'AIDASUPPORT000000000',
            Arn: 'arn:aws:iam::123456789012:user/support-admin',
            Path: '/',
            CreateDate: new Date('2026-11-21T23:30:00Z'),
          },
        ],
        IsTruncated: false,
      });
    iamMock.on(ListAccessKeysCommand, { UserName: 'alice' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: LEAKED_KEY,
          Status: 'Inactive',
          CreateDate: new Date('2025-01-01T00:00:00Z'),
        },
        {
          UserName: 'alice',
          AccessKeyId: ROGUE_KEY,
          Status: 'Active',
          CreateDate: new Date('2026-11-21T23:31:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock
      .on(ListAccessKeysCommand, { UserName: 'support-admin' })
      .resolves({ AccessKeyMetadata: [], IsTruncated: false });

    // Act
    const created = await inventory.createdIn({
      start: new Date('2026-11-21T22:00:00Z'),
      end: new Date('2026-11-22T03:00:00Z'),
    });

    // Assess
    expect(created).toEqual({
      users: [{ userName: 'support-admin', createDate: '2026-11-21T23:30:00.000Z' }],
      accessKeys: [
        {
          accessKeyId: ROGUE_KEY,
          userName: 'alice',
          status: 'Active',
          createDate: '2026-11-21T23:31:00.000Z',
        },
      ],
    });
  });
});
