/**
 * `investigate(accessKeyId)`: what a leaked key and the sessions it minted did, in every enabled
 * region, and what they left behind. Never on the containment critical path: it runs after, reads
 * only, and proposes removals that wait for a person.
 */
import type { Mode } from '../action';
import { InventoryReader } from './current-state';
import { followKeys } from './follow-keys';
import type { Investigation } from './investigation';
import type { InvestigationPorts, TimeWindow } from './ports';
import { proposeRemovals } from './proposals';
import { findRoguePrincipals } from './rogue-principals';
import { byTime, summarize, toTimelineEntry } from './timeline';

/** CloudTrail event history holds the last 90 days (LookupEvents, CloudTrail API Reference). */
export const LOOKBACK_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface InvestigateOptions {
  /** Start of the window; default: the key's creation, at most 90 days back. */
  since?: Date;
  /** Default: every enabled region of the account. */
  regions?: readonly string[];
  /** The mode proposals are recorded in (the config's); they need approval either way. */
  mode?: Mode;
  incidentId?: string;
  maxDepth?: number;
  maxKeys?: number;
  /**
   * Stop reading history at this time and report what was read (the Lambda passes its remaining
   * time less a margin): a truncated timeline beats a timed-out run that reports nothing.
   */
  deadline?: Date;
}

async function lookupWindow(
  accessKeyId: string,
  options: InvestigateOptions,
  ports: InvestigationPorts,
  notes: string[],
): Promise<TimeWindow> {
  const end = ports.clock.now();
  const oldest = new Date(end.getTime() - LOOKBACK_DAYS * DAY_MS);
  let start = options.since;
  if (start === undefined && accessKeyId.startsWith('AKIA')) {
    const created = (await ports.inventory.accessKey(accessKeyId))?.createDate;
    if (created !== undefined) start = new Date(created);
  }
  if (start === undefined || Number.isNaN(start.getTime())) return { start: oldest, end };
  if (start < oldest) {
    notes.push(
      `CloudTrail keeps ${LOOKBACK_DAYS} days of event history: the window starts at ${oldest.toISOString()}, not ${start.toISOString()}`,
    );
    return { start: oldest, end };
  }
  return { start, end };
}

export async function investigate(
  accessKeyId: string,
  options: InvestigateOptions,
  ports: InvestigationPorts,
): Promise<Investigation> {
  const notes: string[] = [];
  const window = await lookupWindow(accessKeyId, options, ports, notes);
  const regions = [...(options.regions ?? (await ports.regions.enabledRegions()))];
  const followed = await followKeys(accessKeyId, window, regions, ports.history, {
    maxDepth: options.maxDepth ?? 4,
    maxKeys: options.maxKeys ?? 100,
    ...(options.deadline ? { deadline: options.deadline, now: () => ports.clock.now() } : {}),
  });
  notes.push(...followed.notes);

  const timed = followed.events
    .map((e) => ({ ...e, entry: toTimelineEntry(e.event, e.region, e.accessKeyId) }))
    .sort((a, b) => byTime(a.entry, b.entry));
  const timeline = timed.map((t) => t.entry);
  const firstAt = timeline.map((e) => Date.parse(e.time)).find((t) => !Number.isNaN(t));
  const incidentWindow = firstAt !== undefined ? { start: new Date(firstAt), end: window.end } : undefined;
  if (!incidentWindow)
    notes.push('no event of the key or its sessions in the window: the IAM inventory pass was skipped');

  const reader = new InventoryReader(ports.inventory);
  const investigatedKeys = new Set(followed.keys.map((k) => k.accessKeyId));
  const rogue = await findRoguePrincipals(timed, reader, ports.inventory, incidentWindow, investigatedKeys);
  const proposals = await proposeRemovals(rogue, reader, {
    incidentId: options.incidentId ?? `investigation-${accessKeyId}`,
    mode: options.mode ?? 'dry-run',
  });
  return {
    accessKeyId,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    ...(incidentWindow
      ? {
          incidentWindow: {
            start: incidentWindow.start.toISOString(),
            end: incidentWindow.end.toISOString(),
          },
        }
      : {}),
    regions,
    keys: followed.keys,
    timeline,
    summary: summarize(timeline, ports.countryOf),
    rogue,
    proposals,
    gaps: followed.gaps,
    notes,
  };
}
