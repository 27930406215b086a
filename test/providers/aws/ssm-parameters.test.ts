/**
 * SsmParameters against the SSM wire shapes:
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html,
 * API_PutParameter.html, API_DeleteParameter.html.
 */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { SsmParameters } from '../../../lambdas/providers/aws/ssm-parameters';

const NAME = '/ato-responder/email/provider';
const ssmMock = mockClient(SSMClient);
const parameters = new SsmParameters(new SSMClient({ region: 'us-east-1' }));

beforeEach(() => ssmMock.reset());

describe('SsmParameters', () => {
  it("reads a parameter's value, and null for one that does not exist", async () => {
    // Prepare
    ssmMock
      .on(GetParameterCommand, { Name: NAME })
      .resolves({ Parameter: { Name: NAME, Type: 'String', Value: 'primary', Version: 3 } })
      .on(GetParameterCommand, { Name: '/missing' })
      .rejects(new ParameterNotFound({ message: '', $metadata: { httpStatusCode: 400 } }));

    // Act
    const values = [await parameters.get(NAME), await parameters.get('/missing')];

    // Assess
    expect(values).toEqual(['primary', null]);
  });

  it('creates a missing parameter as a String, and overwrites an existing one without changing its type', async () => {
    // Prepare
    ssmMock.on(PutParameterCommand).resolves({ Version: 1, Tier: 'Standard' });

    // Act
    await parameters.put(NAME, 'backup', true);
    await parameters.put(NAME, 'primary', false);

    // Assess
    expect(ssmMock.commandCalls(PutParameterCommand).map((c) => c.args[0].input)).toEqual([
      { Name: NAME, Value: 'backup', Overwrite: true, Type: 'String' },
      { Name: NAME, Value: 'primary', Overwrite: true },
    ]);
  });

  it('deletes a parameter, and reports a refusal as the provider error it is', async () => {
    // Prepare
    ssmMock
      .on(DeleteParameterCommand)
      .resolves({})
      .on(GetParameterCommand)
      .rejects(
        Object.assign(new Error('User is not authorized to perform: ssm:GetParameter'), {
          name: 'AccessDeniedException',
        }),
      );

    // Act
    await parameters.delete(NAME);
    const error: unknown = await parameters.get(NAME).catch((e: unknown) => e);

    // Assess
    expect(ssmMock).toHaveReceivedCommandWith(DeleteParameterCommand, { Name: NAME });
    expect(error instanceof ProviderError && [error.call, error.code, error.accessDenied]).toEqual([
      'ssm:GetParameter',
      'AccessDeniedException',
      true,
    ]);
  });
});
