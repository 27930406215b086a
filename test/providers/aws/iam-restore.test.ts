/** What `ato undo` sends to put back a removed policy or trust policy: one call each, exactly. */
import { IAMClient, IAMServiceException, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { AwsIamRestore } from '../../../lambdas/providers/aws/iam-restore';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const iamMock = mockClient(IAMClient);
const restore = new AwsIamRestore(new IAMClient({}));

const sent = (): [string, unknown][] =>
  iamMock.calls().map((c) => [c.args[0].constructor.name, c.args[0].input]);

beforeEach(() => {
  iamMock.reset();
});

describe('AwsIamRestore', () => {
  it.each([
    ['user', 'User', { UserName: 'x' }],
    ['role', 'Role', { RoleName: 'x' }],
    ['group', 'Group', { GroupName: 'x' }],
  ] as const)('attaches a managed policy and puts an inline one back on a %s', async (type, kind, name) => {
    // Act
    await restore.attachPolicy({ type, name: 'x' }, ADMIN);
    await restore.putInlinePolicy({ type, name: 'x' }, 'keep-door-open', POLICY);

    // Assess
    expect(sent()).toEqual([
      [`Attach${kind}PolicyCommand`, { ...name, PolicyArn: ADMIN }],
      [`Put${kind}PolicyCommand`, { ...name, PolicyName: 'keep-door-open', PolicyDocument: POLICY }],
    ]);
  });

  it('puts the previous trust policy back', async () => {
    // Act
    await restore.updateTrustPolicy('deploy', POLICY);

    // Assess
    expect(sent()).toEqual([
      ['UpdateAssumeRolePolicyCommand', { RoleName: 'deploy', PolicyDocument: POLICY }],
    ]);
  });

  it('types a refusal as a ProviderError naming the call and the role', async () => {
    // Prepare
    iamMock.on(UpdateAssumeRolePolicyCommand).rejects(
      new IAMServiceException({
        name: 'MalformedPolicyDocument',
        $fault: 'client',
        message: 'Syntax errors in policy.',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    // Act
    const error: unknown = await restore.updateTrustPolicy('deploy', '{').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'UpdateAssumeRolePolicy on role/deploy/trust-policy failed: MalformedPolicyDocument: Syntax errors in policy.',
    );
  });
});
