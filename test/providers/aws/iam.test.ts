/**
 * Response shapes follow the IAM API reference (https://docs.aws.amazon.com/IAM/latest/APIReference/),
 * as the SDK v3 hands them over: timestamps as Date, policy documents still URL-encoded.
 */
import {
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  LimitExceededException,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  ServiceFailureException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
// Registered by jest's setup too; imported here so tsc sees the matchers' types.
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { AwsIam, RESPONDER_POLICY_PREFIX } from '../../../lambdas/providers/aws/iam';

const LEAKED_KEY = 'AKIAIOSFODNN7EXAMPLE';
const OTHER_KEY = 'AKIAI44QH8DHBEXAMPLE';
const NOW = new Date('2025-01-15T10:00:00.000Z');
const SES_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }],
};
/** GetUserPolicy's PolicyDocument exactly as IAM sends it: RFC 3986 URL-encoded JSON. */
const SES_POLICY_ENCODED =
  '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22ses%3ASendEmail%22%2C%22Resource%22%3A%22*%22%7D%5D%7D';
const DENY_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }],
});

const iamMock = mockClient(IAMClient);
const iam = new AwsIam(new IAMClient({}), { now: () => NOW });

const noSuchEntity = (message: string): NoSuchEntityException =>
  new NoSuchEntityException({ message, $metadata: { httpStatusCode: 404 } });
/** IAM's throttling and access errors are not modelled: the SDK names them after the wire code. */
const throttling = (): IAMServiceException =>
  new IAMServiceException({
    name: 'Throttling',
    $fault: 'client',
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400 },
  });
const accessDenied = (action: string): IAMServiceException =>
  new IAMServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    message: `User: arn:aws:sts::123456789012:assumed-role/ato-responder/respond is not authorized to perform: ${action}`,
    $metadata: { httpStatusCode: 403 },
  });

async function rejection(pending: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** A user with nothing attached: every read answers, so each test only states what it is about. */
function givenEmptyUser(userName: string): void {
  iamMock.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [], IsTruncated: false });
  iamMock.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iamMock.on(ListUserPoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
  iamMock.on(ListGroupsForUserCommand).resolves({ Groups: [], IsTruncated: false });
  iamMock
    .on(GetLoginProfileCommand)
    .rejects(noSuchEntity(`Login Profile for User ${userName} cannot be found.`));
  iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [], IsTruncated: false });
  iamMock.on(ListUserTagsCommand).resolves({ Tags: [], IsTruncated: false });
}

beforeEach(() => {
  iamMock.reset();
});

describe('findKeyOwner', () => {
  it('names the IAM user that owns the key', async () => {
    // Prepare
    iamMock.on(GetAccessKeyLastUsedCommand, { AccessKeyId: LEAKED_KEY }).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2025-01-15T09:58:00Z'),
        ServiceName: 'ses',
        Region: 'us-east-1',
      },
    });

    // Act
    const owner = await iam.findKeyOwner(LEAKED_KEY);

    // Assess
    expect(owner).toEqual({ userName: 'alice' });
    expect(iamMock).toHaveReceivedCommandTimes(GetAccessKeyLastUsedCommand, 1);
  });

  it('reports the root user when the response names no IAM user', async () => {
    // Prepare
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2025-01-15T09:58:00Z'),
        ServiceName: 'ses',
        Region: 'us-east-1',
      },
    });

    // Act
    const owner = await iam.findKeyOwner(LEAKED_KEY);

    // Assess
    expect(owner).toEqual({ root: true });
  });

  it('reports the root user when the response says "root" and no IAM user of that name exists', async () => {
    // Prepare
    iamMock.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: 'root',
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
    });
    iamMock.on(ListAccessKeysCommand).rejects(noSuchEntity('The user with name root cannot be found.'));

    // Act
    const owner = await iam.findKeyOwner(LEAKED_KEY);

    // Assess
    expect(owner).toEqual({ root: true });
  });

  it('keeps an IAM user that is really named root when that user holds the key', async () => {
    // Prepare
    iamMock
      .on(GetAccessKeyLastUsedCommand)
      .resolves({ UserName: 'root', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    iamMock.on(ListAccessKeysCommand, { UserName: 'root' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'root',
          AccessKeyId: LEAKED_KEY,
          Status: 'Active',
          CreateDate: new Date('2024-03-01T08:00:00Z'),
        },
      ],
      IsTruncated: false,
    });

    // Act
    const owner = await iam.findKeyOwner(LEAKED_KEY);

    // Assess
    expect(owner).toEqual({ userName: 'root' });
  });

  it('returns undefined when IAM does not know the key', async () => {
    // Prepare
    iamMock
      .on(GetAccessKeyLastUsedCommand)
      .rejects(noSuchEntity(`The Access Key with id ${LEAKED_KEY} cannot be found.`));

    // Act
    const owner = await iam.findKeyOwner(LEAKED_KEY);

    // Assess
    expect(owner).toBeUndefined();
  });
});

describe('getAccessKeyStatus', () => {
  it('finds the key on the second page of ListAccessKeys', async () => {
    // Prepare
    iamMock.on(ListAccessKeysCommand, { UserName: 'alice' }).resolvesOnce({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: OTHER_KEY,
          Status: 'Active',
          CreateDate: new Date('2024-03-01T08:00:00Z'),
        },
      ],
      IsTruncated: true,
      Marker: 'page-2',
    });
    iamMock.on(ListAccessKeysCommand, { UserName: 'alice', Marker: 'page-2' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: LEAKED_KEY,
          Status: 'Inactive',
          CreateDate: new Date('2024-06-01T08:00:00Z'),
        },
      ],
      IsTruncated: false,
    });

    // Act
    const status = await iam.getAccessKeyStatus('alice', LEAKED_KEY);

    // Assess
    expect(status).toBe('Inactive');
    expect(iamMock).toHaveReceivedCommandTimes(ListAccessKeysCommand, 2);
  });

  it('returns undefined when the user holds no such key', async () => {
    // Prepare
    iamMock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: OTHER_KEY,
          Status: 'Active',
          CreateDate: new Date('2024-03-01T08:00:00Z'),
        },
      ],
      IsTruncated: false,
    });

    // Act
    const status = await iam.getAccessKeyStatus('alice', LEAKED_KEY);

    // Assess
    expect(status).toBeUndefined();
  });
});

describe('setAccessKeyStatus', () => {
  it("deactivates only the leaked key, in exactly one call, never the user's other key", async () => {
    // Prepare
    iamMock.on(UpdateAccessKeyCommand).resolves({});

    // Act
    await iam.setAccessKeyStatus('alice', LEAKED_KEY, 'Inactive');

    // Assess
    expect(iamMock).toHaveReceivedCommandTimes(UpdateAccessKeyCommand, 1);
    expect(iamMock).toHaveReceivedCommandWith(UpdateAccessKeyCommand, {
      UserName: 'alice',
      AccessKeyId: LEAKED_KEY,
      Status: 'Inactive',
    });
    expect(iamMock).not.toHaveReceivedCommandWith(UpdateAccessKeyCommand, { AccessKeyId: OTHER_KEY });
    expect(iamMock.calls()).toHaveLength(1);
  });

  it('turns throttling into a retryable ProviderError naming the call and the key', async () => {
    // Prepare
    iamMock.on(UpdateAccessKeyCommand).rejects(throttling());

    // Act
    const error = await rejection(iam.setAccessKeyStatus('alice', LEAKED_KEY, 'Inactive'));

    // Assess
    expect(error).toMatchObject({
      call: 'UpdateAccessKey',
      resource: `user/alice/access-key/${LEAKED_KEY}`,
      code: 'Throttling',
      retryable: true,
      accessDenied: false,
    });
    expect(error.message).toBe(
      `UpdateAccessKey on user/alice/access-key/${LEAKED_KEY} failed: Throttling: Rate exceeded`,
    );
  });

  it('turns AccessDenied into a final ProviderError that says access was denied', async () => {
    // Prepare
    iamMock.on(UpdateAccessKeyCommand).rejects(accessDenied('iam:UpdateAccessKey'));

    // Act
    const error = await rejection(iam.setAccessKeyStatus('break-glass', LEAKED_KEY, 'Inactive'));

    // Assess
    expect(error).toMatchObject({
      call: 'UpdateAccessKey',
      code: 'AccessDenied',
      retryable: false,
      accessDenied: true,
    });
  });

  it.each([
    {
      label: 'a 5xx ServiceFailure',
      thrown: new ServiceFailureException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }),
      retryable: true,
    },
    {
      label: 'a connection reset',
      thrown: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      retryable: true,
    },
    {
      label: 'an account quota (LimitExceeded)',
      thrown: new LimitExceededException({
        message: 'Cannot exceed quota for AccessKeysPerUser: 2',
        $metadata: { httpStatusCode: 409 },
      }),
      retryable: false,
    },
    {
      label: 'a missing user',
      thrown: noSuchEntity('The user with name alice cannot be found.'),
      retryable: false,
    },
  ])('classifies $label as retryable: $retryable', async ({ thrown, retryable }) => {
    // Prepare
    iamMock.on(UpdateAccessKeyCommand).rejects(thrown);

    // Act
    const error = await rejection(iam.setAccessKeyStatus('alice', LEAKED_KEY, 'Inactive'));

    // Assess
    expect(error.retryable).toBe(retryable);
  });
});

describe('getPrincipalTags', () => {
  it("collects a role's tags from every page of ListRoleTags", async () => {
    // Prepare
    iamMock
      .on(ListRoleTagsCommand, { RoleName: 'deploy' })
      .resolvesOnce({ Tags: [{ Key: 'team', Value: 'payments' }], IsTruncated: true, Marker: 'page-2' });
    iamMock
      .on(ListRoleTagsCommand, { RoleName: 'deploy', Marker: 'page-2' })
      .resolves({ Tags: [{ Key: 'ato-responder:protected', Value: 'true' }], IsTruncated: false });

    // Act
    const tags = await iam.getPrincipalTags({ type: 'role', name: 'deploy' });

    // Assess
    expect(tags).toEqual({ team: 'payments', 'ato-responder:protected': 'true' });
  });
});

describe('snapshotPrincipal', () => {
  it('records a user: keys, groups, login profile, MFA devices, tags, at the clock time', async () => {
    // Prepare
    givenEmptyUser('alice');
    iamMock.on(ListAccessKeysCommand, { UserName: 'alice' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: LEAKED_KEY,
          Status: 'Active',
          CreateDate: new Date('2024-03-01T08:00:00Z'),
        },
        {
          UserName: 'alice',
          AccessKeyId: OTHER_KEY,
          Status: 'Inactive',
          CreateDate: new Date('2023-11-20T12:30:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock.on(ListGroupsForUserCommand, { UserName: 'alice' }).resolves({
      Groups: [
        {
          Path: '/',
          GroupName: 'mailers',
          GroupId: 'AGPAJ7YQ6UCW6EXAMPLE',
          Arn: 'arn:aws:iam::123456789012:group/mailers',
          CreateDate: new Date('2023-01-01T00:00:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock.on(GetLoginProfileCommand, { UserName: 'alice' }).resolves({
      LoginProfile: {
        UserName: 'alice',
        CreateDate: new Date('2023-02-01T00:00:00Z'),
        PasswordResetRequired: false,
      },
    });
    iamMock.on(ListMFADevicesCommand, { UserName: 'alice' }).resolves({
      MFADevices: [
        {
          UserName: 'alice',
          SerialNumber: 'arn:aws:iam::123456789012:mfa/alice',
          EnableDate: new Date('2023-02-02T00:00:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock
      .on(ListUserTagsCommand, { UserName: 'alice' })
      .resolves({ Tags: [{ Key: 'owner', Value: 'mail-team' }], IsTruncated: false });

    // Act
    const snapshot = await iam.snapshotPrincipal({ type: 'user', name: 'alice' });

    // Assess
    expect(snapshot).toStrictEqual({
      takenAt: '2025-01-15T10:00:00.000Z',
      principal: { type: 'user', name: 'alice' },
      accessKeys: [
        { accessKeyId: LEAKED_KEY, status: 'Active', createDate: '2024-03-01T08:00:00.000Z' },
        { accessKeyId: OTHER_KEY, status: 'Inactive', createDate: '2023-11-20T12:30:00.000Z' },
      ],
      attachedPolicies: [],
      inlinePolicies: [],
      groups: ['mailers'],
      loginProfile: { createDate: '2023-02-01T00:00:00.000Z', passwordResetRequired: false },
      mfaDevices: [
        { serialNumber: 'arn:aws:iam::123456789012:mfa/alice', enableDate: '2023-02-02T00:00:00.000Z' },
      ],
      tags: { owner: 'mail-team' },
    });
  });

  it('records every attached managed policy across both pages of ListAttachedUserPolicies', async () => {
    // Prepare
    givenEmptyUser('alice');
    iamMock.on(ListAttachedUserPoliciesCommand, { UserName: 'alice' }).resolvesOnce({
      AttachedPolicies: [
        { PolicyName: 'AmazonSESFullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSESFullAccess' },
      ],
      IsTruncated: true,
      Marker: 'page-2',
    });
    iamMock.on(ListAttachedUserPoliciesCommand, { UserName: 'alice', Marker: 'page-2' }).resolves({
      AttachedPolicies: [
        { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ],
      IsTruncated: false,
    });

    // Act
    const snapshot = await iam.snapshotPrincipal({ type: 'user', name: 'alice' });

    // Assess
    expect(snapshot.attachedPolicies).toEqual([
      { policyName: 'AmazonSESFullAccess', policyArn: 'arn:aws:iam::aws:policy/AmazonSESFullAccess' },
      { policyName: 'ReadOnlyAccess', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
    ]);
    expect(iamMock).toHaveReceivedCommandTimes(ListAttachedUserPoliciesCommand, 2);
    expect(iamMock).toHaveReceivedNthSpecificCommandWith(2, ListAttachedUserPoliciesCommand, {
      Marker: 'page-2',
    });
  });

  it('decodes the URL-encoded inline policy documents IAM returns', async () => {
    // Prepare
    givenEmptyUser('alice');
    iamMock
      .on(ListUserPoliciesCommand, { UserName: 'alice' })
      .resolves({ PolicyNames: ['send-mail'], IsTruncated: false });
    iamMock
      .on(GetUserPolicyCommand, { UserName: 'alice', PolicyName: 'send-mail' })
      .resolves({ UserName: 'alice', PolicyName: 'send-mail', PolicyDocument: SES_POLICY_ENCODED });

    // Act
    const snapshot = await iam.snapshotPrincipal({ type: 'user', name: 'alice' });

    // Assess
    expect(snapshot.inlinePolicies).toEqual([
      { policyName: 'send-mail', document: JSON.stringify(SES_POLICY) },
    ]);
  });

  it('records no login profile when GetLoginProfile says NoSuchEntity', async () => {
    // Prepare
    givenEmptyUser('ci-deployer');

    // Act
    const snapshot = await iam.snapshotPrincipal({ type: 'user', name: 'ci-deployer' });

    // Assess
    expect(snapshot.loginProfile).toBeNull();
    expect(iamMock).toHaveReceivedCommandWith(GetLoginProfileCommand, { UserName: 'ci-deployer' });
  });

  it('fails with the name of the listing that was refused', async () => {
    // Prepare
    givenEmptyUser('alice');
    iamMock.on(ListGroupsForUserCommand).rejects(accessDenied('iam:ListGroupsForUser'));

    // Act
    const error = await rejection(iam.snapshotPrincipal({ type: 'user', name: 'alice' }));

    // Assess
    expect(error).toMatchObject({ call: 'ListGroupsForUser', resource: 'user/alice', accessDenied: true });
  });

  it('records a role: its ARN, policies and tags, with no keys, groups, password or MFA', async () => {
    // Prepare
    iamMock.on(GetRoleCommand, { RoleName: 'deploy' }).resolves({
      Role: {
        Path: '/',
        RoleName: 'deploy',
        RoleId: 'AROADBQP57FF2AEXAMPLE',
        Arn: 'arn:aws:iam::123456789012:role/deploy',
        CreateDate: new Date('2023-05-01T00:00:00Z'),
      },
    });
    iamMock.on(ListAttachedRolePoliciesCommand, { RoleName: 'deploy' }).resolves({
      AttachedPolicies: [
        { PolicyName: 'PowerUserAccess', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      ],
      IsTruncated: false,
    });
    iamMock
      .on(ListRolePoliciesCommand, { RoleName: 'deploy' })
      .resolves({ PolicyNames: ['send-mail'], IsTruncated: false });
    iamMock
      .on(GetRolePolicyCommand, { RoleName: 'deploy', PolicyName: 'send-mail' })
      .resolves({ RoleName: 'deploy', PolicyName: 'send-mail', PolicyDocument: SES_POLICY_ENCODED });
    iamMock.on(ListRoleTagsCommand, { RoleName: 'deploy' }).resolves({ Tags: [], IsTruncated: false });

    // Act
    const snapshot = await iam.snapshotPrincipal({ type: 'role', name: 'deploy' });

    // Assess
    expect(snapshot).toStrictEqual({
      takenAt: '2025-01-15T10:00:00.000Z',
      principal: { type: 'role', name: 'deploy', arn: 'arn:aws:iam::123456789012:role/deploy' },
      accessKeys: [],
      attachedPolicies: [
        { policyName: 'PowerUserAccess', policyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
      ],
      inlinePolicies: [{ policyName: 'send-mail', document: JSON.stringify(SES_POLICY) }],
      groups: [],
      loginProfile: null,
      mfaDevices: [],
      tags: {},
    });
    expect(iamMock).not.toHaveReceivedCommand(ListAccessKeysCommand);
  });
});

describe('inline policies', () => {
  const role = { type: 'role', name: 'deploy' } as const;
  const user = { type: 'user', name: 'alice' } as const;
  const policyName = `${RESPONDER_POLICY_PREFIX}deny-all`;

  it('reads a missing inline policy as null', async () => {
    // Prepare
    iamMock
      .on(GetRolePolicyCommand)
      .rejects(noSuchEntity(`The role policy with name ${policyName} cannot be found.`));

    // Act
    const document = await iam.getInlinePolicy(role, policyName);

    // Assess
    expect(document).toBeNull();
  });

  it('reads an inline policy decoded', async () => {
    // Prepare
    iamMock
      .on(GetUserPolicyCommand)
      .resolves({ UserName: 'alice', PolicyName: 'send-mail', PolicyDocument: SES_POLICY_ENCODED });

    // Act
    const document = await iam.getInlinePolicy(user, 'send-mail');

    // Assess
    expect(document).toBe(JSON.stringify(SES_POLICY));
  });

  it("writes the responder's own inline policy to a role", async () => {
    // Prepare
    iamMock.on(PutRolePolicyCommand).resolves({});

    // Act
    await iam.putInlinePolicy(role, policyName, DENY_ALL);

    // Assess
    expect(iamMock).toHaveReceivedCommandTimes(PutRolePolicyCommand, 1);
    expect(iamMock).toHaveReceivedCommandWith(PutRolePolicyCommand, {
      RoleName: 'deploy',
      PolicyName: policyName,
      PolicyDocument: DENY_ALL,
    });
  });

  it.each([
    { verb: 'write', call: 'PutUserPolicy', act: () => iam.putInlinePolicy(user, 'send-mail', DENY_ALL) },
    { verb: 'delete', call: 'DeleteRolePolicy', act: () => iam.deleteInlinePolicy(role, 'AdminAccess') },
    {
      verb: 'write',
      call: 'PutRolePolicy',
      act: () => iam.putInlinePolicy(role, RESPONDER_POLICY_PREFIX, DENY_ALL),
    },
  ])(
    'refuses to $verb a policy the responder did not name ($call), without calling AWS',
    async ({ act, call }) => {
      // Act
      const error = await rejection(act());

      // Assess
      expect(error).toMatchObject({ call, code: 'RefusedByResponder', retryable: false });
      expect(iamMock.calls()).toHaveLength(0);
    },
  );

  it('deletes an inline policy that is already gone without complaint', async () => {
    // Prepare
    iamMock
      .on(DeleteUserPolicyCommand)
      .rejects(noSuchEntity(`The user policy with name ${policyName} cannot be found.`));

    // Act
    const deleting = iam.deleteInlinePolicy(user, policyName);

    // Assess
    await expect(deleting).resolves.toBeUndefined();
    expect(iamMock).toHaveReceivedCommandWith(DeleteUserPolicyCommand, {
      UserName: 'alice',
      PolicyName: policyName,
    });
  });

  it('still reports a delete that IAM refused', async () => {
    // Prepare
    iamMock.on(DeleteRolePolicyCommand).rejects(accessDenied('iam:DeleteRolePolicy'));

    // Act
    const error = await rejection(iam.deleteInlinePolicy(role, policyName));

    // Assess
    expect(error).toMatchObject({
      call: 'DeleteRolePolicy',
      resource: `role/deploy/inline-policy/${policyName}`,
      accessDenied: true,
    });
  });

  it("writes the responder's own inline policy, unchanged, to a user", async () => {
    // Prepare
    iamMock.on(PutUserPolicyCommand).resolves({});

    // Act
    await iam.putInlinePolicy(user, policyName, DENY_ALL);

    // Assess
    expect(iamMock).toHaveReceivedCommandWith(PutUserPolicyCommand, {
      UserName: 'alice',
      PolicyName: policyName,
      PolicyDocument: DENY_ALL,
    });
  });
});
