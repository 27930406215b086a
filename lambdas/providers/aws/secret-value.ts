/**
 * One Secrets Manager secret's string, cached per container for `ttlSeconds` (a rotated value is
 * picked up within that time), read with GetSecretValue.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 *
 * Not Powertools' SecretsProvider: its newest release (2.35.0) lags the Logger this project pins
 * (2.36.0), and a second copy of its commons in the bundle would cost more than these lines.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createClient } from './clients';
import { awsCall } from './errors';

export class CachedSecret {
  private cached: { value: string; until: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly ttlSeconds = 300,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async value(): Promise<string> {
    if (this.cached && this.cached.until > this.now()) return this.cached.value;
    // Concurrent requests of a cold container share one read.
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async read(): Promise<string> {
    const answer = await awsCall('secretsmanager:GetSecretValue', this.secretId, () =>
      this.client.send(new GetSecretValueCommand({ SecretId: this.secretId })),
    );
    const value = answer.SecretString ?? '';
    this.cached = { value, until: this.now() + this.ttlSeconds * 1000 };
    return value;
  }
}

/** Apart from clients.ts: only the webhook functions load the Secrets Manager client. */
export function createSecretsManagerClient(): SecretsManagerClient {
  return createClient(SecretsManagerClient, undefined);
}
