/** The timeline of what a key and its sessions did, and its summary. */
import type { Count, InvestigationSummary, TimelineEntry } from './investigation';
import type { TrailEvent } from './ports';
import { textAt } from './record-fields';

/**
 * Request parameters that name what a call acted on, most specific first: IAM names, then the
 * resources intruders go for (S3, Lambda, EC2, SES, SNS, Secrets Manager, KMS, CloudTrail, GuardDuty).
 */
const TARGET_PARAMETERS = [
  'userName',
  'roleName',
  'groupName',
  'policyArn',
  'policyName',
  'roleArn',
  'bucketName',
  'functionName',
  'instanceId',
  'identity',
  'emailIdentity',
  'emailAddress',
  'topicArn',
  'secretId',
  'keyId',
  'detectorId',
  'trailName',
  'name',
] as const;

export function serviceOf(eventSource: string): string {
  return eventSource.replace(/\.amazonaws\.com$/, '');
}

function targetOf(event: TrailEvent): string | undefined {
  for (const parameter of TARGET_PARAMETERS) {
    const value = textAt(event.requestParameters, parameter);
    if (value !== undefined) return `${parameter}=${value}`;
  }
  return undefined;
}

export function toTimelineEntry(event: TrailEvent, region: string, accessKeyId: string): TimelineEntry {
  const target = targetOf(event);
  return {
    time: event.eventTime,
    region: event.awsRegion ?? region,
    ...(event.sourceIPAddress !== undefined ? { sourceIp: event.sourceIPAddress } : {}),
    ...(event.userAgent !== undefined ? { userAgent: event.userAgent } : {}),
    event: `${serviceOf(event.eventSource)}:${event.eventName}`,
    ...(target !== undefined ? { target } : {}),
    ...(event.errorCode !== undefined ? { errorCode: event.errorCode } : {}),
    accessKeyId,
    eventId: event.eventID,
  };
}

/** By time, then by event id, so two runs over the same events print the same report. */
export function byTime(a: TimelineEntry, b: TimelineEntry): number {
  const dt = Date.parse(a.time) - Date.parse(b.time);
  if (dt !== 0 && !Number.isNaN(dt)) return dt;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** Most frequent first; ties by name. */
function countBy(entries: readonly TimelineEntry[], key: (e: TimelineEntry) => string | undefined): Count[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const name = key(entry);
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function summarize(
  timeline: readonly TimelineEntry[],
  countryOf?: (ip: string) => string | undefined,
): InvestigationSummary {
  const failed = timeline.filter((e) => e.errorCode !== undefined).length;
  const first = timeline[0];
  const last = timeline[timeline.length - 1];
  return {
    events: timeline.length,
    succeeded: timeline.length - failed,
    failed,
    ...(first ? { firstSeen: first.time } : {}),
    ...(last ? { lastSeen: last.time } : {}),
    services: countBy(timeline, (e) => e.event.split(':')[0]),
    regions: countBy(timeline, (e) => e.region),
    sourceIps: countBy(timeline, (e) => e.sourceIp).map((ip) => {
      const country = countryOf?.(ip.name);
      return country !== undefined ? { ...ip, country } : ip;
    }),
    userAgents: countBy(timeline, (e) => e.userAgent),
  };
}
