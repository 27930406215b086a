/**
 * CloudTrailHistory over CloudTrail `LookupEvents` (CloudTrail API Reference, LookupEvents):
 * - one lookup attribute, `AccessKeyId`; `StartTime`/`EndTime`; 50 events a page (the maximum);
 *   every page through `NextToken`;
 * - "The rate of lookup requests is limited to two per second, per account, per Region": one pacer
 *   per region, shared by every lookup in it; regions are independent and run in parallel;
 * - throttling (and 5xx, network) retried with bounded, jittered backoff on top of the SDK's
 *   adaptive retry, each retry taking its own paced slot;
 * - each event's full record arrives as a JSON string in `CloudTrailEvent`, parsed with the same
 *   parser as EventBridge's CloudTrail events.
 */
import type {
  CloudTrailClient,
  Event,
  LookupEventsCommandInput,
  LookupEventsCommandOutput,
} from '@aws-sdk/client-cloudtrail';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { CloudTrailHistory, TimeWindow, TrailEvent } from '../../core/investigation/ports';
import { parseCloudTrailCall } from '../../sources/cloudtrail-call';
import { createCloudTrailClient } from './investigation-clients';
import { awsCall, isRetryable } from './errors';
import { type PacerTime, RequestPacer, realTime } from './request-pacer';

/** LookupEvents' documented rate, per account and region. */
export const LOOKUP_EVENTS_PER_SECOND = 2;
/** Added to the 500 ms between two lookups in a region, for the jitter between us and AWS. */
export const LOOKUP_PACING_MARGIN_MS = 20;
/** LookupEvents' maximum (and default) page size. */
export const LOOKUP_PAGE_SIZE = 50;

export interface CloudTrailHistoryOptions {
  clientFor?: (region: string) => CloudTrailClient;
  time?: PacerTime;
  requestsPerSecond?: number;
  pacingMarginMs?: number;
  /** Retries of one page after throttling or a transient failure, before it surfaces. */
  maxRetries?: number;
  /** First backoff; doubled each retry, capped at 8 s, with jitter. */
  backoffMs?: number;
  random?: () => number;
}

const BACKOFF_CAP_MS = 8000;

function parseRecord(json: string | undefined): TrailEvent | undefined {
  if (json === undefined) return undefined;
  try {
    const record: unknown = JSON.parse(json);
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    const call = parseCloudTrailCall(record as Record<string, unknown>);
    return call.ok ? call.value : undefined;
  } catch {
    return undefined;
  }
}

/** The full record when it parses; else what the page's summary fields say, so no event is dropped. */
export function toTrailEvent(event: Event): TrailEvent | undefined {
  const parsed = parseRecord(event.CloudTrailEvent);
  if (parsed !== undefined) return parsed;
  if (event.EventId === undefined || event.EventName === undefined || event.EventSource === undefined)
    return undefined;
  return {
    eventID: event.EventId,
    eventName: event.EventName,
    eventSource: event.EventSource,
    eventTime: event.EventTime?.toISOString() ?? '',
    userIdentity: {
      ...(event.AccessKeyId ? { accessKeyId: event.AccessKeyId } : {}),
      ...(event.Username ? { userName: event.Username } : {}),
    },
  };
}

export class AwsCloudTrailHistory implements CloudTrailHistory {
  private readonly clients = new Map<string, CloudTrailClient>();
  private readonly pacers = new Map<string, RequestPacer>();
  private readonly time: PacerTime;

  constructor(private readonly options: CloudTrailHistoryOptions = {}) {
    this.time = options.time ?? realTime;
  }

  async *lookupByAccessKey(
    region: string,
    accessKeyId: string,
    window: TimeWindow,
  ): AsyncIterable<TrailEvent> {
    let nextToken: string | undefined;
    do {
      const page = await this.page(region, accessKeyId, {
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }],
        StartTime: window.start,
        EndTime: window.end,
        MaxResults: LOOKUP_PAGE_SIZE,
        ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
      });
      for (const event of page.Events ?? []) {
        const parsed = toTrailEvent(event);
        if (parsed !== undefined) yield parsed;
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined && nextToken !== '');
  }

  private page(
    region: string,
    accessKeyId: string,
    input: LookupEventsCommandInput,
  ): Promise<LookupEventsCommandOutput> {
    const client = this.clientFor(region);
    const pacer = this.pacerFor(region);
    const maxRetries = this.options.maxRetries ?? 6;
    return awsCall('LookupEvents', `${region}/access-key/${accessKeyId}`, async () => {
      for (let attempt = 0; ; attempt++) {
        await pacer.take();
        try {
          return await client.send(new LookupEventsCommand(input));
        } catch (error) {
          if (!isRetryable(error) || attempt >= maxRetries) throw error;
          await this.time.sleep(this.backoff(attempt));
        }
      }
    });
  }

  /** Equal jitter: half the exponential step for sure, half at random, so retries do not march in step. */
  private backoff(attempt: number): number {
    const step = Math.min(BACKOFF_CAP_MS, (this.options.backoffMs ?? 500) * 2 ** attempt);
    return step / 2 + (step / 2) * (this.options.random ?? Math.random)();
  }

  private clientFor(region: string): CloudTrailClient {
    let client = this.clients.get(region);
    if (client === undefined) {
      client = (this.options.clientFor ?? createCloudTrailClient)(region);
      this.clients.set(region, client);
    }
    return client;
  }

  private pacerFor(region: string): RequestPacer {
    let pacer = this.pacers.get(region);
    if (pacer === undefined) {
      pacer = new RequestPacer(
        this.options.requestsPerSecond ?? LOOKUP_EVENTS_PER_SECOND,
        this.time,
        this.options.pacingMarginMs ?? LOOKUP_PACING_MARGIN_MS,
      );
      this.pacers.set(region, pacer);
    }
    return pacer;
  }
}
