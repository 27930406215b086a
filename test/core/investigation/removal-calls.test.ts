/** The new approval-only action kinds, as plans describe and key them. */
import type { ActionSpec } from '../../../lambdas/core/action';
import { apiCallsOf } from '../../../lambdas/core/api-calls';
import { targetKey } from '../../../lambdas/core/plan';
import { ROGUE_KEY } from './fakes';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

describe('proposed removals, as plans describe them', () => {
  it.each([
    [
      { kind: 'aws.iam.delete-access-key', target: { userName: 'eve', accessKeyId: ROGUE_KEY } },
      [`iam:DeleteAccessKey UserName=eve AccessKeyId=${ROGUE_KEY}`],
    ],
    [
      { kind: 'aws.iam.delete-login-profile', target: { userName: 'eve' } },
      ['iam:DeleteLoginProfile UserName=eve'],
    ],
    [
      {
        kind: 'aws.iam.detach-policy',
        target: { holder: { type: 'group', name: 'admins' }, policyArn: ADMIN },
      },
      [`iam:DetachGroupPolicy GroupName=admins PolicyArn=${ADMIN}`],
    ],
    [
      {
        kind: 'aws.iam.detach-policy',
        target: { holder: { type: 'role', name: 'backdoor' }, policyName: 'pwn' },
      },
      ['iam:DeleteRolePolicy RoleName=backdoor PolicyName=pwn'],
    ],
    [
      { kind: 'aws.iam.restore-trust-policy', target: { roleName: 'deploy' } },
      [
        'iam:UpdateAssumeRolePolicy RoleName=deploy PolicyDocument=<the trust policy before the change, supplied by the approver>',
      ],
    ],
  ] as [ActionSpec, string[]][])('%j makes exactly the calls it names', (spec, calls) => {
    expect(apiCallsOf(spec)).toEqual(calls);
  });

  it('keys each removal by what it removes, so two proposals on different things never count as one', () => {
    expect(
      [
        { kind: 'aws.iam.delete-user', target: { userName: 'eve' } },
        {
          kind: 'aws.iam.detach-policy',
          target: { holder: { type: 'user', name: 'eve' }, policyArn: ADMIN },
        },
        { kind: 'aws.iam.restore-trust-policy', target: { roleName: 'deploy' } },
        { kind: 'aws.iam.delete-access-key', target: { userName: 'eve', accessKeyId: ROGUE_KEY } },
      ].map((spec) => targetKey(spec as ActionSpec)),
    ).toEqual(['user/eve', `user/eve/${ADMIN}`, 'role/deploy', ROGUE_KEY]);
  });
});
