/**
 * One mapping from whatever the AWS SDK v3 throws to the core's ProviderError, shared by every AWS
 * provider, so each call site only names the operation and the resource.
 */
import { ProviderError } from '../../core/ports';

/** The parts of an SDK v3 ServiceException (or a Node network error) that classification needs. */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/**
 * Error names that mean "too fast, try later", from the SDK's own classification
 * (@smithy/core service-error-classification), minus `LimitExceededException`: in IAM and SNS that
 * is an account quota (too many keys, topics…) and retrying the delivery cannot fix it.
 */
const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException', // SNS
  'Throttling', // IAM (not modelled, so it arrives with this bare name and HTTP 400)
  'ThrottlingException',
  'TooManyRequestsException',
]);

/** Timeouts the SDK reports by name rather than by status. */
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);

/** Node socket errors: the request may never have reached AWS. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Worth retrying the whole delivery? True for:
 * - `$retryable` set: the service modelled the error as retryable (throttling included);
 * - HTTP 429 or any 5xx in `$metadata.httpStatusCode`, or `$fault: 'server'`;
 * - a throttling or timeout error name (THROTTLING_NAMES, TRANSIENT_NAMES);
 * - a Node network error `code` (NETWORK_CODES).
 * Everything else (AccessDenied, NoSuchEntity, validation, quotas) is false: a retry would fail
 * the same way.
 */
export function isRetryable(error: unknown): boolean {
  const e = shapeOf(error);
  const name = text(e.name) ?? '';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : 0;
  return (
    (typeof e.$retryable === 'object' && e.$retryable !== null) ||
    status === 429 ||
    status >= 500 ||
    e.$fault === 'server' ||
    THROTTLING_NAMES.has(name) ||
    TRANSIENT_NAMES.has(name) ||
    NETWORK_CODES.has(text(e.code) ?? '')
  );
}

/**
 * The error's code as AWS named it (`NoSuchEntityException`, `AccessDenied`, `Throttling`…). Node
 * network errors are plain `Error`s whose meaning is in `code` (`ECONNREFUSED`).
 */
function codeOf(error: unknown): string {
  const e = shapeOf(error);
  const name = text(e.name);
  if (name !== undefined && name !== 'Error') return name;
  return text(e.code) ?? name ?? 'UnknownError';
}

/** Map anything thrown by an SDK call to a ProviderError; one that already is passes through. */
export function toProviderError(call: string, resource: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = text(shapeOf(error).message) ?? (typeof error === 'string' ? error : 'no message');
  return new ProviderError(call, resource, codeOf(error), message, isRetryable(error));
}

/** Run one AWS call (or a whole paginated listing) and type its failure at the boundary. */
export async function awsCall<T>(call: string, resource: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toProviderError(call, resource, error);
  }
}
