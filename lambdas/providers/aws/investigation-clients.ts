/**
 * The investigator's clients, apart from clients.ts: a module-level import of an SDK client costs
 * the responder's cold start (tens of ms each) even when it never makes one.
 */
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ClientOptions } from './clients';
import { IAM_DEFAULT_REGION, createClient } from './clients';

/**
 * CloudTrail event history is per region: an investigation makes one client per region it reads,
 * whatever AWS_REGION says.
 */
export function createCloudTrailClient(region: string): CloudTrailClient {
  // One attempt per send: the history provider retries throttling itself, through its 2-per-second
  // pacer; the SDK's own retries would go around the pacer and throttle harder.
  return new CloudTrailClient({ region, maxAttempts: 1 });
}

/** Account Management is global, like IAM: the same region fallback. */
export function createAccountClient(options: ClientOptions = {}): AccountClient {
  return createClient(AccountClient, options.region ?? process.env.AWS_REGION ?? IAM_DEFAULT_REGION);
}

/** The investigation queue's client (the scheduler sends, Lambda's event source mapping receives). */
export function createSqsClient(options: ClientOptions = {}): SQSClient {
  return createClient(SQSClient, options.region);
}
