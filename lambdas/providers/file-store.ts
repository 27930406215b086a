/**
 * The IncidentStore in a directory of JSON files, for the `ato` CLI on a laptop. Several `ato`
 * processes may share the directory, so every race is settled by the file system, never by a
 * read-then-write:
 * - an event claim is an exclusive create (`open(…, 'wx')`): exactly one process gets the file;
 * - everything that changes (incidents, subject pointers, approvals, the budget) is a numbered
 *   series of immutable generations; a writer that read generation n creates n+1 exclusively
 *   (write a temp file, then hard-link it into place — complete content, and EEXIST if someone got
 *   there first), which is a compare-and-swap. Generations are never pruned: pruning would let a
 *   stale writer re-create a pruned number.
 * File names are SHA-256 digests of the keys, so any dedup key is a safe name on any file system
 * (case-insensitive ones included).
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionRecord, ApprovalDecisionStatus, PendingApproval } from '../core/action';
import { approvalExpired } from '../core/action';
import type { Incident } from '../core/incident';
import { ConcurrentUpdateError } from '../core/ports';
import type { IncidentStore, OpenedIncident } from '../core/ports';
import * as subjects from './subject-pointers';
import type { PointerRead, SubjectPointerStore } from './subject-pointers';
import {
  Generations,
  createExclusive,
  failure,
  isCode,
  listDir,
  readJson,
  replaceFile,
} from './versioned-files';

/** Same lifetime as the DynamoDB claims, so the CLI and the Lambda agree on redeliveries. */
const CLAIM_LIFETIME_MS = 48 * 60 * 60 * 1000;
const BUDGET_WINDOW_MS = 60 * 60 * 1000;
/** Each lost race means another writer succeeded; this bounds the wait when many processes write. */
const MAX_RACE_ATTEMPTS = 10;

interface EventClaim {
  dedupKey: string;
  claimedAt: string;
  expiresAt: string;
}
interface SubjectPointer {
  subjectKey: string;
  /** null once the incident was resolved and let the subject go. */
  incidentId: string | null;
}
interface Containment {
  incidentId: string;
  at: string;
}

/** A subject pointer's compare-and-swap is on its generation number. */
interface SubjectPointerRead extends PointerRead {
  generation: number;
}

export class FileIncidentStore implements IncidentStore {
  private readonly pointers: SubjectPointerStore<SubjectPointerRead> = {
    readPointer: async (subjectKey) => {
      const latest = await this.subject(subjectKey).latest();
      return { incidentId: latest?.value.incidentId ?? undefined, generation: latest?.generation ?? 0 };
    },
    writePointer: (_operation, subjectKey, incidentId, read) =>
      this.subject(subjectKey).next(read.generation, { subjectKey, incidentId }),
    releasePointer: (subjectKey, incidentId) => this.freeSubject(subjectKey, incidentId),
    getIncident: (incidentId) => this.getIncident(incidentId),
    createIncident: (incident) => this.incident(incident.id).create(incident.version, incident),
    deleteIncident: async (incidentId) => {
      await rm(join(this.root, 'incidents', digest(incidentId)), { recursive: true, force: true });
    },
  };

  constructor(private readonly root: string) {}

  async claimEvent(dedupKey: string, now: Date, leaseSeconds = CLAIM_LIFETIME_MS / 1000): Promise<boolean> {
    const dir = join(this.root, 'events');
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${digest(dedupKey)}.json`);
    const claim: EventClaim = {
      dedupKey,
      claimedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + leaseSeconds * 1000).toISOString(),
    };
    try {
      const file = await open(path, 'wx');
      try {
        await file.writeFile(JSON.stringify(claim));
      } finally {
        await file.close();
      }
      return true;
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw failure('claimEvent', path, error);
    }
    // A claim being written right now reads as empty or partial: it is fresh, so it holds.
    const existing = await readJson<EventClaim>(path).catch(() => undefined);
    if (!existing || Date.parse(existing.expiresAt) >= now.getTime()) return false;
    // Expired: many may see it, so exactly one takes over this particular expired claim.
    const takeover = join(dir, `${digest(dedupKey)}.${Date.parse(existing.expiresAt)}.takeover`);
    if (!(await createExclusive(this.root, takeover, ''))) return false;
    await replaceFile(this.root, path, claim);
    return true;
  }

  async completeEvent(dedupKey: string, now: Date): Promise<void> {
    const path = join(this.root, 'events', `${digest(dedupKey)}.json`);
    const claim: EventClaim = {
      dedupKey,
      claimedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CLAIM_LIFETIME_MS).toISOString(),
    };
    await replaceFile(this.root, path, claim);
  }

  async releaseEvent(dedupKey: string): Promise<void> {
    const path = join(this.root, 'events', `${digest(dedupKey)}.json`);
    await unlink(path).catch((error: unknown) => {
      if (!isCode(error, 'ENOENT')) throw failure('releaseEvent', path, error);
    });
  }

  findOpenIncident(subjectKey: string): Promise<Incident | undefined> {
    return subjects.findOpenIncident(subjectKey, this.pointers);
  }

  openIncident(subjectKey: string, candidate: Incident): Promise<OpenedIncident> {
    return subjects.openIncident(subjectKey, candidate, this.pointers);
  }

  linkSubject(subjectKey: string, incidentId: string): Promise<string> {
    return subjects.linkSubject(subjectKey, incidentId, this.pointers);
  }

  async saveIncident(incident: Incident): Promise<Incident> {
    const saved: Incident = { ...incident, version: incident.version + 1 };
    const versions = this.incident(incident.id);
    // The latest must be the version the caller read; the exclusive create settles a tie.
    const latest = await versions.latest();
    if (latest?.generation !== incident.version || !(await versions.next(incident.version, saved))) {
      throw new ConcurrentUpdateError(incident.id);
    }
    await subjects.releaseSubjects(saved, this.pointers);
    return saved;
  }

  async getIncident(incidentId: string): Promise<Incident | undefined> {
    return (await this.incident(incidentId).latest())?.value;
  }

  async listIncidents(limit?: number): Promise<Incident[]> {
    const names = await listDir(join(this.root, 'incidents'));
    const found = await Promise.all(
      names.map(
        async (name) => (await new Generations<Incident>(this.root, join('incidents', name)).latest())?.value,
      ),
    );
    const incidents = found.filter((incident): incident is Incident => incident !== undefined);
    incidents.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
    return limit === undefined ? incidents : incidents.slice(0, Math.max(0, limit));
  }

  async appendActionRecord(record: ActionRecord): Promise<void> {
    const dir = join(this.root, 'actions', digest(record.incidentId));
    await mkdir(dir, { recursive: true });
    await replaceFile(
      this.root,
      join(dir, `${digest(`${record.startedAt}#${record.actionId}`)}.json`),
      record,
    );
  }

  async listActionRecords(incidentId: string): Promise<ActionRecord[]> {
    const dir = join(this.root, 'actions', digest(incidentId));
    const records = await Promise.all(
      (await listDir(dir)).map((name) => readJson<ActionRecord>(join(dir, name))),
    );
    // Same order as the DynamoDB sort key: start time, then action id.
    return records.sort(
      (a, b) => a.startedAt.localeCompare(b.startedAt) || a.actionId.localeCompare(b.actionId),
    );
  }

  async putApproval(approval: PendingApproval): Promise<void> {
    const versions = this.approval(approval.approvalId);
    for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
      const latest = await versions.latest();
      // A replayed plan asks again; it must not reset a decision someone already made.
      if (latest && latest.value.status !== 'pending') return;
      if (await versions.next(latest?.generation ?? 0, approval)) return;
    }
    throw new Error(
      `putApproval: gave up on approval ${approval.approvalId} after ${MAX_RACE_ATTEMPTS} lost races`,
    );
  }

  async getApproval(approvalId: string): Promise<PendingApproval | undefined> {
    return (await this.approval(approvalId).latest())?.value;
  }

  async decideApproval(
    approvalId: string,
    status: ApprovalDecisionStatus,
    by: string,
    at: Date,
  ): Promise<boolean> {
    const versions = this.approval(approvalId);
    const latest = await versions.latest();
    if (latest?.value.status !== 'pending') return false;
    if (status !== 'expired' && approvalExpired(latest.value, at)) return false;
    // Losing this create means another decision landed first.
    return versions.next(latest.generation, {
      ...latest.value,
      status,
      decidedBy: by,
      decidedAt: at.toISOString(),
    });
  }

  async recordVote(approvalId: string, voter: string, expected: number): Promise<boolean> {
    const versions = this.approval(approvalId);
    const latest = await versions.latest();
    const votes = latest?.value.votes ?? [];
    if (!latest || latest.value.status !== 'pending' || votes.length !== expected) return false;
    return versions.next(latest.generation, { ...latest.value, votes: [...votes, voter] });
  }

  async reserveContainment(incidentId: string, now: Date, limit: number): Promise<boolean> {
    const budget = new Generations<Containment[]>(this.root, 'budget');
    for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
      const latest = await budget.latest();
      const recent = inLastHour(latest?.value ?? [], now);
      // One unit per holder an hour: a retried or concurrent run of the same containment spends no more.
      if (recent.some((entry) => entry.incidentId === incidentId)) return true;
      if (recent.length >= limit) return false;
      const entries = [...recent, { incidentId, at: now.toISOString() }];
      if (await budget.next(latest?.generation ?? 0, entries)) return true;
    }
    throw new Error(
      `reserveContainment: gave up after ${MAX_RACE_ATTEMPTS} lost races for incident ${incidentId}`,
    );
  }

  async containmentsInLastHour(now: Date): Promise<number> {
    const latest = await new Generations<Containment[]>(this.root, 'budget').latest();
    return inLastHour(latest?.value ?? [], now).length;
  }

  private subject(subjectKey: string): Generations<SubjectPointer> {
    return new Generations(this.root, join('subjects', digest(subjectKey)));
  }

  private incident(incidentId: string): Generations<Incident> {
    return new Generations(this.root, join('incidents', digest(incidentId)));
  }

  private approval(approvalId: string): Generations<PendingApproval> {
    return new Generations(this.root, join('approvals', digest(approvalId)));
  }

  /**
   * Let a subject go, unless it already points at another incident. Giving up is harmless: a
   * pointer at a resolved incident counts as free anyway.
   */
  private async freeSubject(subjectKey: string, incidentId: string): Promise<void> {
    const subject = this.subject(subjectKey);
    for (let attempt = 0; attempt < MAX_RACE_ATTEMPTS; attempt++) {
      const pointer = await subject.latest();
      if (pointer?.value.incidentId !== incidentId) return;
      if (await subject.next(pointer.generation, { subjectKey, incidentId: null })) return;
    }
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function inLastHour(entries: Containment[], now: Date): Containment[] {
  const since = now.getTime() - BUDGET_WINDOW_MS;
  return entries.filter((entry) => Date.parse(entry.at) > since);
}
