/**
 * The AWS SDK clients, built one way (as AWS's Automated Security Response does with its client
 * factory). Callers create each client once per container, at module scope, and inject it.
 *
 * Endpoint: nothing here sets `endpoint`. The SDK itself reads `AWS_ENDPOINT_URL` (and the
 * per-service `AWS_ENDPOINT_URL_IAM`, `_SNS`, `_DYNAMODB`, or `endpoint_url` in the profile) when
 * no explicit endpoint is configured, so an emulator is one environment variable away. Passing
 * `endpoint: process.env.AWS_ENDPOINT_URL` here would look equivalent but would outrank the
 * per-service variables and the profile's `services` section: keep `endpoint` out.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';

/** What every client here gets; `region` only when the caller (or IAM's default) decides it. */
interface SharedClientConfig {
  region?: string;
  retryMode?: string;
  maxAttempts?: number;
}

export interface ClientOptions {
  /** Overrides the SDK's own region resolution (`AWS_REGION`, then the profile). */
  region?: string;
}

/** IAM is a global service signed in us-east-1; without any region the SDK refuses to start. */
export const IAM_DEFAULT_REGION = 'us-east-1';

/**
 * Containment calls must survive a burst of throttling (a leaked key often means many incidents
 * at once): adaptive mode adds client-side rate limiting to exponential backoff, over 5 attempts.
 */
export const RETRY_CONFIG = { retryMode: 'adaptive', maxAttempts: 5 } as const;

/** Shared by every factory (see investigation-clients.ts for the investigator's). */
export function createClient<Client>(
  ClientClass: new (config: SharedClientConfig) => Client,
  region: string | undefined,
): Client {
  return new ClientClass({ ...(region === undefined ? {} : { region }), ...RETRY_CONFIG });
}

/**
 * `AWS_REGION` is always set in Lambda; elsewhere (the CLI) IAM falls back to us-east-1, which is
 * right for the `aws` partition only: in aws-cn or aws-us-gov, set AWS_REGION or pass `region`.
 */
export function createIamClient(options: ClientOptions = {}): IAMClient {
  return createClient(IAMClient, options.region ?? process.env.AWS_REGION ?? IAM_DEFAULT_REGION);
}

export function createSnsClient(options: ClientOptions = {}): SNSClient {
  return createClient(SNSClient, options.region);
}

export function createDynamoDbClient(options: ClientOptions = {}): DynamoDBClient {
  return createClient(DynamoDBClient, options.region);
}
