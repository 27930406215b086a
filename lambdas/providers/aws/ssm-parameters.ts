/**
 * ParameterPort over SSM Parameter Store (the client's region):
 * - GetParameter → Parameter.Value; `ParameterNotFound` means the parameter does not exist;
 * - PutParameter {Overwrite: true}; `Type: String` only when creating it, so an existing
 *   parameter keeps its type;
 * - DeleteParameter (undo of a flag that did not exist before).
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { type ParameterPort, ProviderError } from '../../core/ports';
import { awsCall } from './errors';

export class SsmParameters implements ParameterPort {
  constructor(private readonly client: SSMClient) {}

  async get(name: string): Promise<string | null> {
    try {
      const answer = await awsCall('ssm:GetParameter', name, () =>
        this.client.send(new GetParameterCommand({ Name: name })),
      );
      return answer.Parameter?.Value ?? null;
    } catch (error) {
      if (error instanceof ProviderError && error.code === 'ParameterNotFound') return null;
      throw error;
    }
  }

  async put(name: string, value: string, create: boolean): Promise<void> {
    await awsCall('ssm:PutParameter', name, () =>
      this.client.send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Overwrite: true,
          ...(create ? { Type: 'String' as const } : {}),
        }),
      ),
    );
  }

  async delete(name: string): Promise<void> {
    await awsCall('ssm:DeleteParameter', name, () =>
      this.client.send(new DeleteParameterCommand({ Name: name })),
    );
  }
}
