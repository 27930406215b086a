import { openFrom } from '../../lambdas/core/correlate';
import { planDetection } from '../../lambdas/core/playbooks/detection';
import { respondToSignal } from '../../lambdas/core/respond';
import { LEAKED_KEY, NOW, config, detectionSignal, leakedKeySignal } from './builders';
import { harness } from './harness';

const ctx = { now: NOW, containmentsInLastHour: 0, history: [] };

describe('detection playbook', () => {
  it('tells a person and offers to deactivate the key that made a high-severity call, on approval only', () => {
    // Act
    const signal = detectionSignal();
    const plan = planDetection(signal, openFrom(signal, NOW), config(), ctx);

    // Assess
    expect(plan.actions.map((a) => [a.kind, a.approval])).toEqual([
      ['aws.iam.deactivate-access-key', 'required'],
      ['notify.incident', 'auto'],
    ]);
    expect(plan.actions[0]?.target).toEqual({ accessKeyId: LEAKED_KEY, userName: 'alice' });
    expect(plan.escalations).toEqual([
      'alice created IAM user support-backup with key AKIAIOSFODNN7EXAMPLE [persistence.create-user; T1136.003 Create Account: Cloud Account]',
    ]);
  });

  it('only tells a person about a medium-severity call', () => {
    const signal = detectionSignal({ severity: 'medium' });
    const plan = planDetection(signal, openFrom(signal, NOW), config(), ctx);
    expect(plan.actions.map((a) => a.kind)).toEqual(['notify.incident']);
  });

  it('offers nothing against a protected principal', () => {
    const signal = detectionSignal();
    const plan = planDetection(
      signal,
      openFrom(signal, NOW),
      config({ protectedPrincipals: ['alice'] }),
      ctx,
    );
    expect(plan.actions.map((a) => a.kind)).toEqual(['notify.incident']);
  });

  it('joins the leaked-key incident of the key that made the call, and changes nothing by itself', async () => {
    // Prepare: the key was reported leaked and contained
    const h = harness();
    const leaked = await respondToSignal(leakedKeySignal(), h.deps);
    const calls = h.iam.calls.length;

    // Act: a detection of a call made with that key
    const detected = await respondToSignal(detectionSignal(), h.deps);

    // Assess
    expect(detected.status === 'handled' && detected.incident.id).toBe(
      leaked.status === 'handled' && leaked.incident.id,
    );
    expect(h.iam.calls.length).toBe(calls);
    expect(h.notifier.messages).toHaveLength(2);
  });

  it('does not let a pending approval from a detection hold back the automatic containment of a leak', async () => {
    // Prepare: a detection asked a person whether to deactivate the key (laptop-style run: no fast path)
    const h = harness({ protectedTagCheck: 'preflight' });
    await respondToSignal(detectionSignal(), h.deps);

    // Act: AWS then reports the same key exposed
    await respondToSignal(leakedKeySignal(), h.deps);

    // Assess
    expect(h.iam.user('alice')?.accessKeys[0]?.status).toBe('Inactive');
  });

  it('reports the success after a refused attempt of the same rule', async () => {
    const h = harness();
    await respondToSignal(
      detectionSignal({ severity: 'low', title: 'alice tried to create IAM user x (AccessDenied)' }),
      h.deps,
    );
    await respondToSignal(
      detectionSignal({ dedupKey: 'aws.cloudtrail#later#persistence.create-user' }),
      h.deps,
    );
    expect(h.notifier.messages).toHaveLength(2);
  });

  it('reports a rule once per incident, not once per event', async () => {
    const h = harness();
    await respondToSignal(detectionSignal(), h.deps);
    await respondToSignal(
      detectionSignal({ dedupKey: 'aws.cloudtrail#second-event#persistence.create-user' }),
      h.deps,
    );
    expect(h.notifier.messages).toHaveLength(1);
  });
});
