/** CachedSecret over GetSecretValue (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html). */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { CachedSecret } from '../../../lambdas/providers/aws/secret-value';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ato-responder-twilio-AbCdEf';
const secrets = mockClient(SecretsManagerClient);
let now = 0;
const cached = () =>
  new CachedSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET, 300, () => now);

beforeEach(() => {
  secrets.reset();
  now = 1_000_000;
});

describe('CachedSecret', () => {
  it('reads once for concurrent callers, serves the cache for the TTL, then reads the rotated value', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET })
      .resolvesOnce({ SecretString: '{"authToken":"one"}' })
      .resolves({ SecretString: '{"authToken":"two"}' });
    const secret = cached();

    // Act
    const first = await Promise.all([secret.value(), secret.value()]);
    now += 299_000;
    const withinTtl = await secret.value();
    now += 2_000;
    const afterTtl = await secret.value();

    // Assess
    expect([first, withinTtl, afterTtl]).toEqual([
      ['{"authToken":"one"}', '{"authToken":"one"}'],
      '{"authToken":"one"}',
      '{"authToken":"two"}',
    ]);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('reports a refusal as a provider error naming the secret, and reads again next time', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .rejectsOnce(
        Object.assign(new Error('not authorized to perform: secretsmanager:GetSecretValue'), {
          name: 'AccessDeniedException',
        }),
      )
      .resolves({ SecretString: 'x' });
    const secret = cached();

    // Act
    const error: unknown = await secret.value().catch((e: unknown) => e);
    const retried = await secret.value();

    // Assess
    expect(error instanceof ProviderError && [error.call, error.resource, error.accessDenied]).toEqual([
      'secretsmanager:GetSecretValue',
      SECRET,
      true,
    ]);
    expect(retried).toBe('x');
  });
});
