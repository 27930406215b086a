/**
 * Looking a key up in every region at once, then every session key it issued, recursively:
 * breadth first, each session key once (a cycle in the records cannot loop), depth and count bounded.
 */
import { ProviderError } from '../ports';
import { sessionKeyIssuedBy } from './derived-credentials';
import type { InvestigatedKey, LookupGap } from './investigation';
import type { CloudTrailHistory, TimeWindow, TrailEvent } from './ports';
import type { KeyedEvent } from './rogue-principals';

export interface FollowLimits {
  /** How many STS hops from the key asked about are followed. */
  maxDepth: number;
  /** How many keys (the first included) are looked up at most. */
  maxKeys: number;
  /** Stop reading at this time; what was read is kept and the cut is reported as a gap. */
  deadline?: Date;
  now?: () => Date;
}

export interface FollowResult {
  keys: InvestigatedKey[];
  events: (KeyedEvent & { region: string })[];
  gaps: LookupGap[];
  notes: string[];
}

interface PendingKey {
  key: InvestigatedKey;
  window: TimeWindow;
}

async function lookupRegion(
  history: CloudTrailHistory,
  region: string,
  pending: PendingKey,
  limits: FollowLimits,
): Promise<{ events: TrailEvent[]; gap?: LookupGap }> {
  const events: TrailEvent[] = [];
  const { accessKeyId } = pending.key;
  const late = (): boolean =>
    limits.deadline !== undefined && limits.now !== undefined && limits.now() >= limits.deadline;
  try {
    for await (const event of history.lookupByAccessKey(region, accessKeyId, pending.window)) {
      events.push(event);
      if (late()) {
        return {
          events,
          gap: {
            accessKeyId,
            region,
            error: `stopped at the time limit after ${events.length} events: the timeline is truncated`,
          },
        };
      }
    }
    return { events };
  } catch (error) {
    // A region that refuses (an SCP, an opt-in region without access) leaves a gap, said out loud.
    if (!(error instanceof ProviderError)) throw error;
    return { events, gap: { accessKeyId, region, error: error.message } };
  }
}

/** A session cannot act before it was issued: its lookup starts at the issuing call. */
function sessionWindow(parent: TimeWindow, issuedAt: string): TimeWindow {
  const at = Date.parse(issuedAt);
  return Number.isNaN(at) || at < parent.start.getTime() ? parent : { start: new Date(at), end: parent.end };
}

export async function followKeys(
  accessKeyId: string,
  window: TimeWindow,
  regions: readonly string[],
  history: CloudTrailHistory,
  limits: FollowLimits,
): Promise<FollowResult> {
  const result: FollowResult = { keys: [], events: [], gaps: [], notes: [] };
  const seenKeys = new Set([accessKeyId]);
  const seenEvents = new Set<string>();
  let queued = 1;
  let level: PendingKey[] = [{ key: { accessKeyId, depth: 0, events: 0 }, window }];
  while (level.length > 0) {
    const looked = await Promise.all(
      level.flatMap((pending) =>
        regions.map(async (region) => ({
          pending,
          region,
          ...(await lookupRegion(history, region, pending, limits)),
        })),
      ),
    );
    const next: PendingKey[] = [];
    for (const { pending, region, events, gap } of looked) {
      if (gap) result.gaps.push(gap);
      for (const event of events) {
        if (seenEvents.has(event.eventID)) continue;
        seenEvents.add(event.eventID);
        pending.key.events++;
        result.events.push({ event, accessKeyId: pending.key.accessKeyId, region });
        const session = sessionKeyIssuedBy(event);
        if (session === undefined || seenKeys.has(session)) continue;
        seenKeys.add(session);
        const depth = pending.key.depth + 1;
        if (depth > limits.maxDepth || queued >= limits.maxKeys) {
          result.notes.push(
            `session key ${session} (issued by ${event.eventName} ${event.eventID}) was not looked up: beyond ${depth > limits.maxDepth ? `depth ${limits.maxDepth}` : `${limits.maxKeys} keys`}`,
          );
          continue;
        }
        const issuedBy = {
          accessKeyId: pending.key.accessKeyId,
          eventId: event.eventID,
          eventName: event.eventName,
          eventTime: event.eventTime,
        };
        queued++;
        next.push({
          key: { accessKeyId: session, depth, issuedBy, events: 0 },
          window: sessionWindow(pending.window, event.eventTime),
        });
      }
    }
    result.keys.push(...level.map((p) => p.key));
    level = next;
  }
  return result;
}
