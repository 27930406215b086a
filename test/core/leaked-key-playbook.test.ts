import type { ActionRecord } from '../../lambdas/core/action';
import { openFrom } from '../../lambdas/core/correlate';
import { stableHash } from '../../lambdas/core/ids';
import type { PlaybookContext } from '../../lambdas/core/playbooks/leaked-key';
import { planLeakedKey } from '../../lambdas/core/playbooks/leaked-key';
import { LEAKED_KEY, NOW, config, leakedKeySignal } from './builders';

const ctx: PlaybookContext = { now: NOW, containmentsInLastHour: 0, history: [] as ActionRecord[] };

function planOf(signal = leakedKeySignal(), cfg = config(), context = ctx) {
  return planLeakedKey(signal, openFrom(signal, NOW), cfg, context);
}

const summary = (plan: ReturnType<typeof planOf>) =>
  plan.actions.map((a) => ({ kind: a.kind, approval: a.approval, mode: a.mode, phase: a.phase }));

describe('leaked-key playbook', () => {
  it('deactivates the key first, then snapshots, revokes older sessions, asks before quarantine, and notifies', () => {
    // Act
    const plan = planOf();

    // Assess
    expect(summary(plan)).toEqual([
      { kind: 'aws.iam.deactivate-access-key', approval: 'auto', mode: 'enforce', phase: 'containment' },
      { kind: 'aws.iam.snapshot-principal', approval: 'auto', mode: 'enforce', phase: 'investigation' },
      { kind: 'aws.iam.revoke-older-sessions', approval: 'auto', mode: 'enforce', phase: 'containment' },
      { kind: 'aws.iam.attach-deny-all', approval: 'required', mode: 'enforce', phase: 'containment' },
      { kind: 'notify.incident', approval: 'auto', mode: 'enforce', phase: 'notify' },
    ]);
    expect(plan.actions[0]?.target).toEqual({ accessKeyId: LEAKED_KEY, userName: 'alice' });
    expect(plan.actions[2]?.target).toEqual({
      principal: { type: 'user', name: 'alice' },
      accessKeyId: LEAKED_KEY,
      issuedBefore: '2026-11-22T03:00:00.000Z',
    });
  });

  it('leaves the user name to be looked up when the event does not name it', () => {
    const plan = planOf(leakedKeySignal({ principal: { type: 'unknown' } }));
    expect(plan.actions[0]?.target).toEqual({ accessKeyId: LEAKED_KEY });
    expect(plan.actions[1]?.target).toEqual({ accessKeyId: LEAKED_KEY });
  });

  it('gives every action a stable id derived from the incident and the signal', () => {
    const plan = planOf();
    const run = stableHash(leakedKeySignal().dedupKey);
    expect(plan.actions.map((a) => a.id)).toEqual([
      `${plan.incidentId}/${run}-1-aws.iam.deactivate-access-key`,
      `${plan.incidentId}/${run}-2-aws.iam.snapshot-principal`,
      `${plan.incidentId}/${run}-3-aws.iam.revoke-older-sessions`,
      `${plan.incidentId}/${run}-4-aws.iam.attach-deny-all`,
      `${plan.incidentId}/${run}-5-notify.incident`,
    ]);
  });

  it('gives the plans of two signals of one incident different action ids', () => {
    const a = planOf();
    const b = planOf(leakedKeySignal({ dedupKey: 'aws.guardduty:finding-1' }));
    expect(a.actions[0]?.id).not.toBe(b.actions[0]?.id);
  });

  it('turns every action into dry-run when the playbook is in dry-run', () => {
    const plan = planOf(leakedKeySignal(), config({ playbooks: { leakedKey: { mode: 'dry-run' } } }));
    expect(new Set(plan.actions.map((a) => a.mode))).toEqual(new Set(['dry-run']));
  });

  it('touches nothing of a protected principal and escalates', () => {
    const plan = planOf(leakedKeySignal(), config({ protectedPrincipals: ['alice'] }));
    expect(summary(plan)).toEqual([
      { kind: 'notify.incident', approval: 'auto', mode: 'enforce', phase: 'notify' },
    ]);
    expect(plan.escalations).toEqual([
      'user alice is protected, so nothing was changed: a person must contain key AKIAIOSFODNN7EXAMPLE by hand.',
    ]);
  });

  it("changes nothing for a key of another account (an organization's Health view)", () => {
    const plan = planOf(leakedKeySignal({ accountId: '210987654321' }), config(), {
      ...ctx,
      ownAccountId: '123456789012',
    });
    expect(plan.actions.map((a) => a.kind)).toEqual(['notify.incident']);
    expect(plan.escalations).toEqual([
      'Access key AKIAIOSFODNN7EXAMPLE of account 210987654321 is reported leaked; contain it in that account.',
    ]);
  });

  it('only escalates for a root key', () => {
    const plan = planOf(leakedKeySignal({ principal: { type: 'root' } }));
    expect(summary(plan)).toEqual([
      { kind: 'notify.incident', approval: 'auto', mode: 'enforce', phase: 'notify' },
    ]);
    expect(plan.skipped).toEqual([
      { reason: 'root credentials: no automatic action is ever taken on the root user' },
    ]);
  });

  it('revokes the sessions of the user behind a temporary key instead of deactivating it', () => {
    const plan = planOf(
      leakedKeySignal({
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        keyType: 'temporary',
        subject: { type: 'aws-access-key', id: 'ASIAIOSFODNN7EXAMPLE' },
      }),
    );
    expect(plan.actions.map((a) => a.kind)).toEqual([
      'aws.iam.revoke-older-sessions',
      'aws.iam.snapshot-principal',
      'aws.iam.attach-deny-all',
      'notify.incident',
    ]);
    expect(plan.actions[0]?.approval).toBe('auto');
  });

  it("asks a person before revoking a role's sessions, which every workload of the role shares", () => {
    const plan = planOf(
      leakedKeySignal({
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        keyType: 'temporary',
        principal: { type: 'role', name: 'web-app' },
      }),
    );
    expect(plan.actions.find((a) => a.kind === 'aws.iam.revoke-older-sessions')?.approval).toBe('required');
  });

  it('escalates a temporary key whose principal is unknown and changes nothing', () => {
    const plan = planOf(
      leakedKeySignal({
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        keyType: 'temporary',
        principal: { type: 'unknown' },
      }),
    );
    expect(plan.actions.map((a) => a.kind)).toEqual(['notify.incident']);
    expect(plan.escalations).toEqual([
      'Cannot tell which user or role minted session key ASIAIOSFODNN7EXAMPLE: revoke its sessions by hand.',
    ]);
  });

  it('asks a person for every containment once the hourly budget is spent', () => {
    const plan = planOf(leakedKeySignal(), config({ playbooks: { leakedKey: { quarantine: 'auto' } } }), {
      ...ctx,
      containmentsInLastHour: 5,
    });
    expect(plan.actions.filter((a) => a.phase === 'containment').map((a) => a.approval)).toEqual([
      'required',
      'required',
      'required',
    ]);
    expect(plan.actions.find((a) => a.kind === 'aws.iam.snapshot-principal')?.approval).toBe('auto');
  });

  it('asks a person before containing on low-severity evidence', () => {
    // Prepare: e.g. a Low GuardDuty Discovery anomaly
    const plan = planOf(leakedKeySignal({ source: 'aws.guardduty', severity: 'low' }));

    // Assess
    expect(plan.actions.filter((a) => a.phase === 'containment').map((a) => [a.kind, a.approval])).toEqual([
      ['aws.iam.deactivate-access-key', 'required'],
      ['aws.iam.revoke-older-sessions', 'required'],
      ['aws.iam.attach-deny-all', 'required'],
    ]);
    expect(plan.escalations).toContain(
      'Automatic containment paused: the evidence is low severity, below autoContainMinSeverity (medium).',
    );
  });

  it('contains low-severity evidence automatically when the floor is lowered', () => {
    const plan = planOf(
      leakedKeySignal({ severity: 'low' }),
      config({ playbooks: { leakedKey: { autoContainMinSeverity: 'low' } } }),
    );
    expect(plan.actions[0]?.approval).toBe('auto');
  });

  it('quarantines automatically when configured, and not at all when off', () => {
    const auto = planOf(leakedKeySignal(), config({ playbooks: { leakedKey: { quarantine: 'auto' } } }));
    const off = planOf(leakedKeySignal(), config({ playbooks: { leakedKey: { quarantine: 'off' } } }));
    expect(auto.actions.find((a) => a.kind === 'aws.iam.attach-deny-all')?.approval).toBe('auto');
    expect(off.actions.some((a) => a.kind === 'aws.iam.attach-deny-all')).toBe(false);
  });

  it('does not repeat what the incident already did when another signal joins', () => {
    // Prepare: the first signal's actions are in the history
    const first = planOf();
    const history: ActionRecord[] = first.actions.map((a) => ({
      actionId: a.id,
      incidentId: a.incidentId,
      kind: a.kind,
      target: a.target,
      mode: a.mode,
      approval: a.approval,
      status: a.approval === 'required' ? 'pending-approval' : 'done',
      actor: 'ato-responder',
      reason: a.reason,
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
    }));

    // Act: a GuardDuty finding on the same key
    const second = planOf(leakedKeySignal({ source: 'aws.guardduty', dedupKey: 'guardduty:f1' }), config(), {
      ...ctx,
      history,
    });

    // Assess
    expect(second.actions).toEqual([]);
    expect(second.skipped.map((s) => s.kind)).toEqual([
      'aws.iam.deactivate-access-key',
      'aws.iam.snapshot-principal',
      'aws.iam.revoke-older-sessions',
      'aws.iam.attach-deny-all',
      'notify.incident',
    ]);
  });

  it('revokes the sessions of the user AWS quarantined first when the event names no key', () => {
    const plan = planOf(
      leakedKeySignal({
        source: 'aws.cloudtrail',
        accessKeyId: undefined,
        keyType: 'unknown',
        subject: { type: 'aws-principal', id: 'arn:aws:iam::123456789012:user/alice' },
        reason: 'AWS_QUARANTINE_POLICY_ATTACHED',
        title: 'AWS attached AWSCompromisedKeyQuarantineV3 to user alice',
      }),
    );
    expect(plan.actions.map((a) => a.kind)).toEqual([
      'aws.iam.revoke-older-sessions',
      'aws.iam.snapshot-principal',
      'aws.iam.attach-deny-all',
      'notify.incident',
    ]);
    expect(plan.escalations).toEqual([
      "AWS attached AWSCompromisedKeyQuarantineV3 to user alice. The event names no key: find the exposed key in the AWS Health event or the snapshot's key list.",
    ]);
  });
});
