/**
 * An IncidentStore in memory: for the drill (nothing written to disk), the bench (no I/O in the
 * measurement) and the core's tests. Same contract as the DynamoDB and file stores (one shared
 * contract suite runs against all three).
 */
import type { ActionRecord, ApprovalDecisionStatus, PendingApproval } from '../../core/action';
import { approvalExpired } from '../../core/action';
import type { Incident } from '../../core/incident';
import type { IncidentStore, OpenedIncident } from '../../core/ports';
import { ConcurrentUpdateError } from '../../core/ports';

const HOUR_MS = 3_600_000;
const CLAIM_TTL_MS = 48 * HOUR_MS;

export class MemoryIncidentStore implements IncidentStore {
  private readonly claims = new Map<string, number>();
  private readonly subjects = new Map<string, string>();
  private readonly incidents = new Map<string, Incident>();
  private readonly records = new Map<string, ActionRecord[]>();
  private readonly approvals = new Map<string, PendingApproval>();
  private containments: { incidentId: string; at: number }[] = [];

  /** dedupKey → when its claim expires (epoch ms). */
  claimEvent(dedupKey: string, now: Date, leaseSeconds = CLAIM_TTL_MS / 1000): Promise<boolean> {
    const expiresAt = this.claims.get(dedupKey);
    if (expiresAt !== undefined && now.getTime() < expiresAt) return Promise.resolve(false);
    this.claims.set(dedupKey, now.getTime() + leaseSeconds * 1000);
    return Promise.resolve(true);
  }

  completeEvent(dedupKey: string, now: Date): Promise<void> {
    this.claims.set(dedupKey, now.getTime() + CLAIM_TTL_MS);
    return Promise.resolve();
  }

  releaseEvent(dedupKey: string): Promise<void> {
    this.claims.delete(dedupKey);
    return Promise.resolve();
  }

  private openAt(subjectKey: string): Incident | undefined {
    const id = this.subjects.get(subjectKey);
    const incident = id ? this.incidents.get(id) : undefined;
    return incident && incident.status !== 'resolved' ? incident : undefined;
  }

  findOpenIncident(subjectKey: string): Promise<Incident | undefined> {
    const incident = this.openAt(subjectKey);
    return Promise.resolve(incident ? structuredClone(incident) : undefined);
  }

  openIncident(subjectKey: string, candidate: Incident): Promise<OpenedIncident> {
    const existing = this.openAt(subjectKey);
    if (existing) return Promise.resolve({ incident: structuredClone(existing), created: false });
    if (this.incidents.has(candidate.id))
      return Promise.reject(new Error(`incident id ${candidate.id} is already in use`));
    // Every write is a version, the first one included (as in the DynamoDB and file stores).
    const created = { ...structuredClone(candidate), version: candidate.version + 1 };
    this.incidents.set(candidate.id, created);
    this.subjects.set(subjectKey, candidate.id);
    return Promise.resolve({ incident: structuredClone(created), created: true });
  }

  linkSubject(subjectKey: string, incidentId: string): Promise<string> {
    const existing = this.openAt(subjectKey);
    if (existing) return Promise.resolve(existing.id);
    this.subjects.set(subjectKey, incidentId);
    return Promise.resolve(incidentId);
  }

  saveIncident(incident: Incident): Promise<Incident> {
    const stored = this.incidents.get(incident.id);
    if (!stored || stored.version !== incident.version)
      return Promise.reject(new ConcurrentUpdateError(incident.id));
    const saved = { ...structuredClone(incident), version: incident.version + 1 };
    this.incidents.set(incident.id, saved);
    if (saved.status === 'resolved') {
      for (const key of saved.subjectKeys) if (this.subjects.get(key) === saved.id) this.subjects.delete(key);
    }
    return Promise.resolve(structuredClone(saved));
  }

  getIncident(incidentId: string): Promise<Incident | undefined> {
    const incident = this.incidents.get(incidentId);
    return Promise.resolve(incident ? structuredClone(incident) : undefined);
  }

  listIncidents(limit = 50): Promise<Incident[]> {
    const all = [...this.incidents.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return Promise.resolve(structuredClone(all.slice(0, limit)));
  }

  appendActionRecord(record: ActionRecord): Promise<void> {
    const list = this.records.get(record.incidentId) ?? [];
    list.push(structuredClone(record));
    // Kept in the order DynamoDB's sort key gives: start time, then action id.
    const order = (r: ActionRecord) => `${r.startedAt}#${r.actionId}`;
    list.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
    this.records.set(record.incidentId, list);
    return Promise.resolve();
  }

  listActionRecords(incidentId: string): Promise<ActionRecord[]> {
    return Promise.resolve(structuredClone(this.records.get(incidentId) ?? []));
  }

  putApproval(approval: PendingApproval): Promise<void> {
    // A replayed plan must not reset a decision already taken.
    if (
      this.approvals.get(approval.approvalId)?.status !== undefined &&
      this.approvals.get(approval.approvalId)?.status !== 'pending'
    ) {
      return Promise.resolve();
    }
    this.approvals.set(approval.approvalId, structuredClone(approval));
    return Promise.resolve();
  }

  getApproval(approvalId: string): Promise<PendingApproval | undefined> {
    const approval = this.approvals.get(approvalId);
    return Promise.resolve(approval ? structuredClone(approval) : undefined);
  }

  decideApproval(approvalId: string, status: ApprovalDecisionStatus, by: string, at: Date): Promise<boolean> {
    const approval = this.approvals.get(approvalId);
    if (!approval || approval.status !== 'pending') return Promise.resolve(false);
    if (status !== 'expired' && approvalExpired(approval, at)) return Promise.resolve(false);
    this.approvals.set(approvalId, { ...approval, status, decidedBy: by, decidedAt: at.toISOString() });
    return Promise.resolve(true);
  }

  recordVote(approvalId: string, voter: string, expected: number): Promise<boolean> {
    const approval = this.approvals.get(approvalId);
    const votes = approval?.votes ?? [];
    if (!approval || approval.status !== 'pending' || votes.length !== expected)
      return Promise.resolve(false);
    this.approvals.set(approvalId, { ...approval, votes: [...votes, voter] });
    return Promise.resolve(true);
  }

  reserveContainment(incidentId: string, now: Date, limit: number): Promise<boolean> {
    this.containments = this.containments.filter((c) => now.getTime() - c.at < HOUR_MS);
    if (this.containments.some((c) => c.incidentId === incidentId)) return Promise.resolve(true);
    if (this.containments.length >= limit) return Promise.resolve(false);
    this.containments.push({ incidentId, at: now.getTime() });
    return Promise.resolve(true);
  }

  containmentsInLastHour(now: Date): Promise<number> {
    return Promise.resolve(this.containments.filter((c) => now.getTime() - c.at < HOUR_MS).length);
  }
}
