/**
 * One Secrets Manager secret's string, cached per container for `ttlSeconds` (a rotated value is
 * picked up within that time), read with GetSecretValue.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 *
 * Not Powertools' SecretsProvider: its newest release (2.35.0) lags the Logger this project pins
 * (2.36.0), and a second copy of its commons in the bundle would cost more than these lines.
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretPort } from '../../core/ports';
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

  /**
   * The secret read again, bypassing the cache, unless the cached value is younger than
   * `minAgeSeconds` (then undefined): a signature that fails against a rotated token is checked once
   * more, while forged requests cannot turn each into a Secrets Manager read (one per 5 s per container at
   * most).
   */
  async refreshed(minAgeSeconds = 5): Promise<string | undefined> {
    const readAt = this.cached ? this.cached.until - this.ttlSeconds * 1000 : undefined;
    if (readAt !== undefined && this.now() - readAt < minAgeSeconds * 1000) return undefined;
    this.pending ??= this.read().finally(() => (this.pending = undefined));
    return this.pending;
  }

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

/** A secret read and replaced as a whole (PutSecretValue: a new AWSCURRENT version), never cached. */
export class WritableSecret implements SecretPort {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async read(): Promise<string> {
    const answer = await awsCall('secretsmanager:GetSecretValue', this.secretId, () =>
      this.client.send(new GetSecretValueCommand({ SecretId: this.secretId })),
    );
    return answer.SecretString ?? '';
  }

  async write(value: string): Promise<void> {
    await awsCall('secretsmanager:PutSecretValue', this.secretId, () =>
      this.client.send(new PutSecretValueCommand({ SecretId: this.secretId, SecretString: value })),
    );
  }
}

/** Apart from clients.ts: only the webhook functions load the Secrets Manager client. */
export function createSecretsManagerClient(): SecretsManagerClient {
  return createClient(SecretsManagerClient, undefined);
}
