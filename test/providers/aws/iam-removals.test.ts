/**
 * The removal port's IAM calls, exactly: response shapes follow the IAM API reference
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/) as the SDK v3 hands them over (dates as
 * Date, policy documents URL-encoded, Marker/IsTruncated paging).
 */
import {
  DeleteAccessKeyCommand,
  DeleteConflictException,
  DeleteUserCommand,
  GetLoginProfileCommand,
  GetRoleCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  RemoveUserFromGroupCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError, type UserAttachment } from '../../../lambdas/core/ports';
import { AwsIamRemovals } from '../../../lambdas/providers/aws/iam-removals';
import { USER_REMOVAL_ORDER } from '../../../lambdas/core/iam-removal-steps';

const KEY = 'AKIAI44QH8DHBEXAMPLE';
const SECOND_KEY = 'AKIAIOSFODNN7EXAMPLE';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const MFA = 'arn:aws:iam::123456789012:mfa/eve';
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const iamMock = mockClient(IAMClient);
const removals = new AwsIamRemovals(new IAMClient({}));

const noSuchEntity = (): NoSuchEntityException =>
  new NoSuchEntityException({
    message: 'The user with name eve cannot be found.',
    $metadata: { httpStatusCode: 404 },
  });
/** IAM's access and throttling errors are not modelled: the SDK names them after the wire code. */
const unmodelled = (name: string, status: number): IAMServiceException =>
  new IAMServiceException({
    name,
    $fault: 'client',
    message: `${name} says no`,
    $metadata: { httpStatusCode: status },
  });

/** Every command sent, by class name, with its input. */
const sent = (): [string, unknown][] =>
  iamMock.calls().map((c) => [c.args[0].constructor.name, c.args[0].input]);

async function rejection(pending: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

beforeEach(() => {
  iamMock.reset();
});

describe('userAttachments', () => {
  it('reads every listing to its last page, policy documents decoded', async () => {
    // Prepare
    iamMock
      .on(ListAccessKeysCommand, { UserName: 'eve' })
      .resolves({
        AccessKeyMetadata: [
          { AccessKeyId: KEY, Status: 'Active', CreateDate: new Date('2026-11-22T02:43:05Z') },
        ],
        IsTruncated: true,
        Marker: 'page-2',
      })
      .on(ListAccessKeysCommand, { UserName: 'eve', Marker: 'page-2' })
      .resolves({ AccessKeyMetadata: [{ AccessKeyId: SECOND_KEY, Status: 'Inactive' }], IsTruncated: false });
    iamMock.on(GetLoginProfileCommand).resolves({
      LoginProfile: {
        UserName: 'eve',
        CreateDate: new Date('2026-11-22T02:43:09Z'),
        PasswordResetRequired: false,
      },
    });
    iamMock.on(ListMFADevicesCommand).resolves({
      MFADevices: [{ UserName: 'eve', SerialNumber: MFA, EnableDate: new Date('2026-11-22T02:44:00Z') }],
    });
    iamMock.on(ListSigningCertificatesCommand).resolves({
      Certificates: [
        {
          UserName: 'eve',
          CertificateId: 'TA7SMP42TDN5Z26OBPJE7EXAMPLE',
          CertificateBody: '-----',
          Status: 'Active',
        },
      ],
    });
    iamMock.on(ListSSHPublicKeysCommand).resolves({
      SSHPublicKeys: [
        { UserName: 'eve', SSHPublicKeyId: 'APKAEIBAERJR2EXAMPLE', Status: 'Active', UploadDate: new Date() },
      ],
    });
    const credential = (id: string) => ({
      UserName: 'eve',
      ServiceSpecificCredentialId: id,
      ServiceName: 'codecommit.amazonaws.com',
      ServiceUserName: 'eve-at-123456789012',
      Status: 'Active' as const,
      CreateDate: new Date(),
    });
    iamMock
      .on(ListServiceSpecificCredentialsCommand, { UserName: 'eve' })
      .resolves({
        ServiceSpecificCredentials: [credential('ACCA1EXAMPLE')],
        IsTruncated: true,
        Marker: 'next',
      })
      .on(ListServiceSpecificCredentialsCommand, { UserName: 'eve', Marker: 'next' })
      .resolves({ ServiceSpecificCredentials: [credential('ACCA2EXAMPLE')], IsTruncated: false });
    iamMock.on(ListUserPoliciesCommand).resolves({ PolicyNames: ['keep-door-open'] });
    iamMock.on(GetUserPolicyCommand, { UserName: 'eve', PolicyName: 'keep-door-open' }).resolves({
      UserName: 'eve',
      PolicyName: 'keep-door-open',
      PolicyDocument: encodeURIComponent(POLICY),
    });
    iamMock.on(ListAttachedUserPoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN }],
    });
    iamMock.on(ListGroupsForUserCommand).resolves({
      Groups: [
        { GroupName: 'admins', Path: '/', GroupId: 'AGPA1EXAMPLE', Arn: 'arn', CreateDate: new Date() },
      ],
    });

    // Act
    const attachments = await removals.userAttachments('eve', USER_REMOVAL_ORDER);

    // Assess
    expect(attachments).toEqual([
      { kind: 'access-key', accessKeyId: KEY, status: 'Active', createDate: '2026-11-22T02:43:05.000Z' },
      { kind: 'access-key', accessKeyId: SECOND_KEY, status: 'Inactive' },
      { kind: 'login-profile', createDate: '2026-11-22T02:43:09.000Z', passwordResetRequired: false },
      { kind: 'mfa-device', serialNumber: MFA, enableDate: '2026-11-22T02:44:00.000Z' },
      { kind: 'signing-certificate', certificateId: 'TA7SMP42TDN5Z26OBPJE7EXAMPLE', status: 'Active' },
      { kind: 'ssh-public-key', sshPublicKeyId: 'APKAEIBAERJR2EXAMPLE', status: 'Active' },
      ...['ACCA1EXAMPLE', 'ACCA2EXAMPLE'].map((credentialId) => ({
        kind: 'service-specific-credential',
        credentialId,
        serviceName: 'codecommit.amazonaws.com',
        status: 'Active',
      })),
      { kind: 'inline-policy', policyName: 'keep-door-open', document: POLICY },
      { kind: 'managed-policy', policyName: 'AdministratorAccess', policyArn: ADMIN },
      { kind: 'group', groupName: 'admins' },
    ]);
    expect(iamMock).toHaveReceivedCommandTimes(ListAccessKeysCommand, 2);
    expect(iamMock).toHaveReceivedNthSpecificCommandWith(2, ListServiceSpecificCredentialsCommand, {
      UserName: 'eve',
      Marker: 'next',
    });
  });

  it('reads only the listings asked for', async () => {
    // Prepare
    iamMock.on(GetLoginProfileCommand).rejects(noSuchEntity());

    // Act
    const attachments = await removals.userAttachments('eve', ['login-profile']);

    // Assess: no console password is no attachment, not a missing user.
    expect(attachments).toEqual([]);
    expect(iamMock.calls().map((c) => c.args[0].constructor.name)).toEqual(['GetLoginProfileCommand']);
  });

  it('answers undefined for a user that does not exist', async () => {
    // Prepare
    iamMock.on(ListAccessKeysCommand).rejects(noSuchEntity());

    // Act
    const attachments = await removals.userAttachments('eve', ['access-key']);

    // Assess
    expect(attachments).toBeUndefined();
  });

  it('types a throttled listing as a retryable ProviderError', async () => {
    // Prepare
    iamMock.on(ListMFADevicesCommand).rejects(unmodelled('Throttling', 400));

    // Act
    const error = await rejection(removals.userAttachments('eve', ['mfa-device']));

    // Assess
    expect([error.call, error.resource, error.code, error.retryable]).toEqual([
      'ListMFADevices',
      'user/eve',
      'Throttling',
      true,
    ]);
  });
});

describe('removeFromUser and deleteUser', () => {
  it.each<[UserAttachment, string, Record<string, string>]>([
    [{ kind: 'access-key', accessKeyId: KEY, status: 'Active' }, 'DeleteAccessKey', { AccessKeyId: KEY }],
    [{ kind: 'login-profile' }, 'DeleteLoginProfile', {}],
    [{ kind: 'mfa-device', serialNumber: MFA }, 'DeactivateMFADevice', { SerialNumber: MFA }],
    [
      { kind: 'signing-certificate', certificateId: 'TA7SMP42', status: 'Active' },
      'DeleteSigningCertificate',
      { CertificateId: 'TA7SMP42' },
    ],
    [
      { kind: 'ssh-public-key', sshPublicKeyId: 'APKAEIBAERJR2EXAMPLE', status: 'Active' },
      'DeleteSSHPublicKey',
      { SSHPublicKeyId: 'APKAEIBAERJR2EXAMPLE' },
    ],
    [
      {
        kind: 'service-specific-credential',
        credentialId: 'ACCA1',
        serviceName: 'codecommit.amazonaws.com',
        status: 'Active',
      },
      'DeleteServiceSpecificCredential',
      { ServiceSpecificCredentialId: 'ACCA1' },
    ],
    [{ kind: 'inline-policy', policyName: 'p', document: POLICY }, 'DeleteUserPolicy', { PolicyName: 'p' }],
    [
      { kind: 'managed-policy', policyName: 'AdministratorAccess', policyArn: ADMIN },
      'DetachUserPolicy',
      { PolicyArn: ADMIN },
    ],
    [{ kind: 'group', groupName: 'admins' }, 'RemoveUserFromGroup', { GroupName: 'admins' }],
  ])('removes %j with exactly one call', async (attachment, call, input) => {
    // Act
    await removals.removeFromUser('eve', attachment);

    // Assess
    expect(sent()).toEqual([[`${call}Command`, { UserName: 'eve', ...input }]]);
  });

  it('takes an attachment that is gone already as removed', async () => {
    // Prepare
    iamMock.on(DeleteAccessKeyCommand).rejects(noSuchEntity());

    // Act
    const removal = removals.removeFromUser('eve', {
      kind: 'access-key',
      accessKeyId: KEY,
      status: 'Active',
    });

    // Assess
    await expect(removal).resolves.toBeUndefined();
  });

  it("types the role's Deny as a ProviderError naming the call and what it was on", async () => {
    // Prepare
    iamMock.on(RemoveUserFromGroupCommand).rejects(unmodelled('AccessDenied', 403));

    // Act
    const error = await rejection(removals.removeFromUser('eve', { kind: 'group', groupName: 'admins' }));

    // Assess
    expect([error.call, error.resource, error.code, error.accessDenied, error.retryable]).toEqual([
      'RemoveUserFromGroup',
      'user/eve/group/admins',
      'AccessDenied',
      true,
      false,
    ]);
  });

  it('deletes the user, and reports IAM refusing while something is attached', async () => {
    // Prepare
    iamMock.on(DeleteUserCommand).rejectsOnce(
      new DeleteConflictException({
        message: 'Cannot delete entity, must delete access keys first.',
        $metadata: { httpStatusCode: 409 },
      }),
    );

    // Act
    const error = await rejection(removals.deleteUser('eve'));
    await removals.deleteUser('eve');

    // Assess
    expect([error.call, error.resource, error.code, error.retryable]).toEqual([
      'DeleteUser',
      'user/eve',
      'DeleteConflictException',
      false,
    ]);
    expect(iamMock).toHaveReceivedCommandTimes(DeleteUserCommand, 2);
    expect(iamMock).toHaveReceivedCommandWith(DeleteUserCommand, { UserName: 'eve' });
  });
});

describe('policies of a user, a role or a group', () => {
  it.each([
    ['user', 'User', { UserName: 'x' }],
    ['role', 'Role', { RoleName: 'x' }],
    ['group', 'Group', { GroupName: 'x' }],
  ] as const)('lists the managed policies of a %s, every page', async (type, kind, name) => {
    // Prepare
    iamMock
      .onAnyCommand()
      .callsFake((input: { Marker?: string }) =>
        input.Marker === 'm'
          ? { AttachedPolicies: [{ PolicyName: 'B', PolicyArn: 'arn:b' }], IsTruncated: false }
          : { AttachedPolicies: [{ PolicyName: 'A', PolicyArn: 'arn:a' }], IsTruncated: true, Marker: 'm' },
      );

    // Act
    const attached = await removals.attachedPolicies({ type, name: 'x' });

    // Assess
    expect(attached).toEqual([
      { policyName: 'A', policyArn: 'arn:a' },
      { policyName: 'B', policyArn: 'arn:b' },
    ]);
    // The paginator reuses one input object: the second call's shows the Marker it followed.
    expect(sent().map(([command]) => command)).toEqual([
      `ListAttached${kind}PoliciesCommand`,
      `ListAttached${kind}PoliciesCommand`,
    ]);
    expect(sent()[1]?.[1]).toMatchObject({ ...name, Marker: 'm' });
  });

  it.each([
    ['user', 'User', { UserName: 'x' }],
    ['role', 'Role', { RoleName: 'x' }],
    ['group', 'Group', { GroupName: 'x' }],
  ] as const)('reads, detaches and deletes the policies of a %s', async (type, kind, name) => {
    // Prepare
    iamMock.onAnyCommand().callsFake((input: { PolicyName?: string }) => {
      if (input.PolicyName === 'gone') throw noSuchEntity();
      return { PolicyName: input.PolicyName, PolicyDocument: encodeURIComponent(POLICY) };
    });
    const holder = { type, name: 'x' };

    // Act
    const documents = [await removals.inlinePolicy(holder, 'p'), await removals.inlinePolicy(holder, 'gone')];
    await removals.detachPolicy(holder, ADMIN);
    await removals.deleteInlinePolicy(holder, 'p');

    // Assess
    expect(documents).toEqual([POLICY, null]);
    expect(sent()).toEqual([
      [`Get${kind}PolicyCommand`, { ...name, PolicyName: 'p' }],
      [`Get${kind}PolicyCommand`, { ...name, PolicyName: 'gone' }],
      [`Detach${kind}PolicyCommand`, { ...name, PolicyArn: ADMIN }],
      [`Delete${kind}PolicyCommand`, { ...name, PolicyName: 'p' }],
    ]);
  });
});

describe('trust policies', () => {
  it("reads a role's trust policy decoded, null for a role that does not exist", async () => {
    // Prepare
    iamMock.on(GetRoleCommand, { RoleName: 'deploy' }).resolves({
      Role: {
        RoleName: 'deploy',
        Path: '/',
        RoleId: 'AROA1EXAMPLE',
        Arn: 'arn:aws:iam::123456789012:role/deploy',
        CreateDate: new Date(),
        AssumeRolePolicyDocument: encodeURIComponent(POLICY),
      },
    });
    iamMock.on(GetRoleCommand, { RoleName: 'gone' }).rejects(noSuchEntity());

    // Act
    const policies = [await removals.trustPolicy('deploy'), await removals.trustPolicy('gone')];

    // Assess
    expect(policies).toEqual([POLICY, null]);
  });

  it('replaces it with UpdateAssumeRolePolicy', async () => {
    // Act
    await removals.updateTrustPolicy('deploy', POLICY);

    // Assess
    expect(iamMock).toHaveReceivedCommandWith(UpdateAssumeRolePolicyCommand, {
      RoleName: 'deploy',
      PolicyDocument: POLICY,
    });
  });
});
