/**
 * Rogue principals: what the key or its sessions created or changed, with its state now, then what
 * IAM shows was created during the incident by anyone (an intruder holding two keys uses both).
 */
import { currentStateOf, type InventoryReader } from './current-state';
import type { RogueItem } from './investigation';
import type { IamInventory, TimeWindow, TrailEvent } from './ports';
import { refKey, rogueChangeOf } from './rogue-changes';

export interface KeyedEvent {
  event: TrailEvent;
  accessKeyId: string;
}

const addOnce = (list: string[], value: string): void => {
  if (!list.includes(value)) list.push(value);
};

/** One item per thing, in the order the timeline first touches it. */
async function madeByKeys(events: readonly KeyedEvent[], reader: InventoryReader): Promise<RogueItem[]> {
  const items = new Map<string, RogueItem>();
  for (const { event, accessKeyId } of events) {
    const change = rogueChangeOf(event, accessKeyId);
    if (change === undefined) continue;
    const key = refKey(change.ref);
    const item = items.get(key) ?? {
      ref: change.ref,
      origin: 'made-by-key' as const,
      changes: [],
      evidence: [],
      byKeys: [],
      current: { exists: false, detail: 'not read yet' },
    };
    addOnce(item.changes, change.eventName);
    addOnce(item.evidence, change.eventId);
    addOnce(item.byKeys, change.accessKeyId);
    items.set(key, item);
  }
  const all = [...items.values()];
  await Promise.all(all.map(async (item) => (item.current = await currentStateOf(item.ref, reader))));
  return all;
}

async function createdInWindow(
  inventory: IamInventory,
  window: TimeWindow,
  known: ReadonlySet<string>,
  investigatedKeys: ReadonlySet<string>,
): Promise<RogueItem[]> {
  const created = await inventory.createdIn(window);
  const item = (ref: RogueItem['ref'], detail: string): RogueItem => ({
    ref,
    origin: 'created-in-window',
    changes: [],
    evidence: [],
    byKeys: [],
    current: { exists: true, detail },
  });
  return [
    ...created.users
      .map((u) => item({ kind: 'user', userName: u.userName }, `exists: created ${u.createDate}`))
      .filter((i) => !known.has(refKey(i.ref))),
    ...created.accessKeys
      .filter((k) => !investigatedKeys.has(k.accessKeyId))
      .map((k) =>
        item(
          { kind: 'access-key', userName: k.userName, accessKeyId: k.accessKeyId },
          `${k.status.toLowerCase()}: created ${k.createDate ?? 'at an unknown time'}`,
        ),
      )
      .filter((i) => !known.has(refKey(i.ref))),
  ];
}

export async function findRoguePrincipals(
  events: readonly KeyedEvent[],
  reader: InventoryReader,
  inventory: IamInventory,
  incidentWindow: TimeWindow | undefined,
  investigatedKeys: ReadonlySet<string>,
): Promise<RogueItem[]> {
  const made = await madeByKeys(events, reader);
  if (incidentWindow === undefined) return made;
  const known = new Set(made.map((i) => refKey(i.ref)));
  return [...made, ...(await createdInWindow(inventory, incidentWindow, known, investigatedKeys))];
}
