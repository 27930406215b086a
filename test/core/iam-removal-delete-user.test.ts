/**
 * aws.iam.delete-user, approved: IAM refuses DeleteUser while anything is attached, so everything
 * goes first, in the order of the IAM guide's "Deleting an IAM user (AWS API)"; the record keeps
 * what the user held, and what is left when it stops half-way.
 */
import { ProviderError } from '../../lambdas/core/ports';
import {
  ADMIN,
  ALLOW_ALL,
  EVE_KEY,
  EVE_SECOND_KEY,
  VIRTUAL_MFA,
  approved,
  eve,
  outcomeOf,
  removalHarness,
} from './iam-removal-scenario';

const DELETE_EVE = { kind: 'aws.iam.delete-user', target: { userName: 'eve' } } as const;

/** Everything eve() holds, in the order it is removed. */
const EVE_HOLDS = [
  { kind: 'access-key', accessKeyId: EVE_KEY, status: 'Active', createDate: '2026-11-22T02:43:05.000Z' },
  { kind: 'access-key', accessKeyId: EVE_SECOND_KEY, status: 'Inactive' },
  { kind: 'login-profile', createDate: '2026-11-22T02:43:09.000Z', passwordResetRequired: false },
  { kind: 'mfa-device', serialNumber: VIRTUAL_MFA, enableDate: '2026-11-22T02:44:00.000Z' },
  { kind: 'signing-certificate', certificateId: 'TA7SMP42TDN5Z26OBPJE7EXAMPLE', status: 'Active' },
  { kind: 'ssh-public-key', sshPublicKeyId: 'APKAEIBAERJR2EXAMPLE', status: 'Active' },
  {
    kind: 'service-specific-credential',
    credentialId: 'ACCAQFODXMPL4YFHP7DZE',
    serviceName: 'codecommit.amazonaws.com',
    status: 'Active',
  },
  { kind: 'inline-policy', policyName: 'keep-door-open', document: ALLOW_ALL },
  { kind: 'managed-policy', policyName: 'AdministratorAccess', policyArn: ADMIN },
  { kind: 'group', groupName: 'admins' },
];

describe('aws.iam.delete-user, approved', () => {
  it('removes everything attached, in order, then the user', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { record } = await approved(h, DELETE_EVE);

    // Assess
    expect(h.iam.calls.slice(10)).toEqual([
      { operation: 'DeleteAccessKey', params: { UserName: 'eve', AccessKeyId: EVE_KEY } },
      { operation: 'DeleteAccessKey', params: { UserName: 'eve', AccessKeyId: EVE_SECOND_KEY } },
      { operation: 'DeleteLoginProfile', params: { UserName: 'eve' } },
      { operation: 'DeactivateMFADevice', params: { UserName: 'eve', SerialNumber: VIRTUAL_MFA } },
      {
        operation: 'DeleteSigningCertificate',
        params: { UserName: 'eve', CertificateId: 'TA7SMP42TDN5Z26OBPJE7EXAMPLE' },
      },
      {
        operation: 'DeleteSSHPublicKey',
        params: { UserName: 'eve', SSHPublicKeyId: 'APKAEIBAERJR2EXAMPLE' },
      },
      {
        operation: 'DeleteServiceSpecificCredential',
        params: { UserName: 'eve', ServiceSpecificCredentialId: 'ACCAQFODXMPL4YFHP7DZE' },
      },
      { operation: 'DeleteUserPolicy', params: { UserName: 'eve', PolicyName: 'keep-door-open' } },
      { operation: 'DetachUserPolicy', params: { UserName: 'eve', PolicyArn: ADMIN } },
      { operation: 'RemoveUserFromGroup', params: { UserName: 'eve', GroupName: 'admins' } },
      { operation: 'DeleteUser', params: { UserName: 'eve' } },
    ]);
    expect(h.iam.user('eve')).toBeUndefined();
    expect(outcomeOf(record)).toEqual({
      status: 'done',
      before: { type: 'iam-removal', what: 'user', userName: 'eve', attachments: EVE_HOLDS, deleted: false },
      after: { type: 'iam-removal', what: 'user', userName: 'eve', attachments: [], deleted: true },
      undo: 'irreversible: a deleted user is gone with its credentials; its before-state lists what it held',
    });
  });

  it('lists everything and reads the tags before the first removal', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    await approved(h, DELETE_EVE);

    // Assess
    expect(h.operations().slice(0, 11)).toEqual([
      'ListAccessKeys',
      'GetLoginProfile',
      'ListMFADevices',
      'ListSigningCertificates',
      'ListSSHPublicKeys',
      'ListServiceSpecificCredentials',
      'ListUserPolicies',
      'ListAttachedUserPolicies',
      'ListGroupsForUser',
      'ListUserTags',
      'DeleteAccessKey',
    ]);
  });

  it('tells a person to delete the virtual MFA device DeactivateMFADevice left unassigned', async () => {
    // Prepare
    const h = removalHarness();

    // Act
    const { escalations } = await approved(h, DELETE_EVE);

    // Assess
    expect(escalations).toEqual([
      `User eve is deleted; its virtual MFA device(s) MFA device ${VIRTUAL_MFA} are left unassigned: delete them by hand (iam:DeleteVirtualMFADevice).`,
    ]);
  });

  it("refuses a tagged user even where the role's Deny is relied on: RemoveUserFromGroup is not fenced by it", async () => {
    // Prepare: a user holding only a group membership, whose removal IAM authorises on the group.
    const h = removalHarness({
      users: [
        eve({
          accessKeys: [],
          loginProfile: null,
          mfaDevices: [],
          signingCertificates: [],
          sshPublicKeys: [],
          serviceSpecificCredentials: [],
          inlinePolicies: {},
          attachedPolicies: [],
          tags: { 'ato:protected': 'true' },
          denyWrites: true,
        }),
      ],
      protectedTagCheck: 'iam-policy',
    });

    // Act
    const { record } = await approved(h, DELETE_EVE);

    // Assess
    expect(outcomeOf(record)).toEqual({ status: 'refused', error: 'user eve is tagged ato:protected=true' });
    expect(h.operations().filter((op) => !/^(List|Get)/.test(op))).toEqual([]);
    expect(h.iam.user('eve')?.groups).toEqual(['admins']);
  });

  it('records what was removed and what is left when it stops half-way', async () => {
    // Prepare
    const h = removalHarness();
    h.iam.failNext(
      'DetachUserPolicy',
      new ProviderError(
        'DetachUserPolicy',
        `user/eve/managed-policy/${ADMIN}`,
        'ServiceFailure',
        'internal',
        false,
      ),
      1,
    );

    // Act
    const { record, escalations } = await approved(h, DELETE_EVE);

    // Assess
    expect(outcomeOf(record)).toEqual({
      status: 'failed',
      error: `DetachUserPolicy on user/eve/managed-policy/${ADMIN} failed: ServiceFailure: internal`,
      before: { type: 'iam-removal', what: 'user', userName: 'eve', attachments: EVE_HOLDS, deleted: false },
      after: {
        type: 'iam-removal',
        what: 'user',
        userName: 'eve',
        attachments: EVE_HOLDS.slice(8),
        deleted: false,
      },
    });
    expect(escalations[0]).toBe(
      `Deleting user eve stopped after 8 of 10 removals; still there: managed policy ${ADMIN}, membership of group admins.`,
    );
    expect(h.iam.user('eve')?.groups).toEqual(['admins']);
  });

  it('is refused by IAM (DeleteConflict) if something appears after the listing, and says so', async () => {
    // Prepare: a key made between the listing and DeleteUser.
    const h = removalHarness({ users: [eve({ groups: [] })] });
    const original = h.removals.removeFromUser.bind(h.removals);
    h.removals.removeFromUser = async (userName, attachment) => {
      await original(userName, attachment);
      if (attachment.kind === 'managed-policy')
        h.iam.user('eve')?.accessKeys.push({ accessKeyId: 'AKIAJ7EXAMPLENEWKEY1', status: 'Active' });
    };

    // Act
    const { record } = await approved(h, DELETE_EVE);

    // Assess
    expect(record.status).toBe('failed');
    expect(record.error).toBe(
      'DeleteUser on user/eve failed: DeleteConflict: Cannot delete entity, must remove access-key first.',
    );
    expect(record.after).toEqual({
      type: 'iam-removal',
      what: 'user',
      userName: 'eve',
      attachments: [],
      deleted: false,
    });
  });

  it('skips a user that is gone already', async () => {
    // Prepare
    const h = removalHarness({ users: [] });

    // Act
    const { record } = await approved(h, DELETE_EVE);

    // Assess
    expect(outcomeOf(record)).toEqual({ status: 'skipped', error: 'there is no user eve any more' });
  });
});
