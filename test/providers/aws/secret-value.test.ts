/**
 * CachedSecret and WritableSecret over GetSecretValue and PutSecretValue
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html).
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { CachedSecret, WritableSecret } from '../../../lambdas/providers/aws/secret-value';

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

describe('CachedSecret.refreshed', () => {
  it('reads afresh when the cached value is 5 s old or more, never sooner, and the fresh value is then cached', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'one' })
      .resolvesOnce({ SecretString: 'two' })
      .resolves({ SecretString: 'three' });
    const secret = cached();
    await secret.value();

    // Act
    now += 4_000;
    const tooSoon = await secret.refreshed();
    now += 1_000;
    const fresh = await secret.refreshed();
    const cachedAfter = await secret.value();
    const tooSoonAgain = await secret.refreshed();

    // Assess
    expect([tooSoon, fresh, cachedAfter, tooSoonAgain]).toEqual([undefined, 'two', 'two', undefined]);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it('reads when nothing was cached yet', async () => {
    // Prepare
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'one' });

    // Act
    const fresh = await cached().refreshed();

    // Assess
    expect(fresh).toBe('one');
  });
});

describe('WritableSecret', () => {
  it('reads without caching and writes the whole value as the new current version', async () => {
    // Prepare
    secrets
      .on(GetSecretValueCommand, { SecretId: SECRET })
      .resolvesOnce({ SecretString: 'one' })
      .resolves({ SecretString: 'two' });
    secrets.on(PutSecretValueCommand).resolves({ ARN: SECRET, VersionId: 'v2' });
    const secret = new WritableSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET);

    // Act
    const values = [await secret.read(), await secret.read()];
    await secret.write('{"authToken":"new"}');

    // Assess
    expect(values).toEqual(['one', 'two']);
    expect(secrets).toHaveReceivedCommandWith(PutSecretValueCommand, {
      SecretId: SECRET,
      SecretString: '{"authToken":"new"}',
    });
  });

  it('reports a refused write as a provider error', async () => {
    // Prepare
    secrets
      .on(PutSecretValueCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    // Act
    const error: unknown = await new WritableSecret(new SecretsManagerClient({ region: 'us-east-1' }), SECRET)
      .write('x')
      .catch((e: unknown) => e);

    // Assess
    expect(error instanceof ProviderError && [error.call, error.accessDenied]).toEqual([
      'secretsmanager:PutSecretValue',
      true,
    ]);
  });
});
