/**
 * The playbook for a CloudTrail detection: `(signal, incident, config, context) → Plan`. Pure.
 *
 * A detection is evidence, not proof — an administrator also creates users — so nothing is changed
 * automatically: a person is told in plain words, once per rule per incident, and for high-severity
 * calls made with a long-term key, deactivating that key is offered as an action needing approval.
 */
import type { Plan } from '../action';
import type { ResponderConfig } from '../config';
import { protectedByConfig } from '../guardrails';
import type { Incident } from '../incident';
import { PlanBuilder } from '../plan';
import type { DetectionSignal } from '../signal';
import { atLeast } from '../signal';
import type { PlaybookContext } from './leaked-key';

export function planDetection(
  signal: DetectionSignal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  const plan = new PlanBuilder(incident.id, ctx.history, signal.dedupKey);
  const mode = config.mode;
  // Once per rule per incident — unless it is now more severe (a refused attempt, then the success).
  const seenRule = incident.signals.some(
    (s) =>
      s.reason === signal.ruleId &&
      s.dedupKey !== signal.dedupKey &&
      atLeast(s.severity ?? 'critical', signal.severity),
  );
  if (seenRule) {
    plan.skip(undefined, `${signal.ruleId} already reported in this incident`);
  } else {
    plan.escalate(`${signal.title} [${signal.ruleId}; ${signal.technique}]`);
  }

  const sequences = ctx.sequences ?? [];
  const who = signal.principal.name ?? signal.accessKeyId ?? 'someone';
  for (const sequence of sequences) {
    // Once per incident: a later repeat of one of its steps tells nothing new.
    if (incident.escalations.some((e) => e.includes(`[${sequence.id}]`))) continue;
    plan.escalate(
      `Sequence: ${who} ${sequence.story} within ${sequence.withinMinutes} minutes [${sequence.id}] — treat the key as compromised.`,
    );
  }
  const severity = sequences.length ? 'critical' : signal.severity;

  const { accessKeyId, principal } = signal;
  const ownAccount = !ctx.ownAccountId || signal.accountId === ctx.ownAccountId;
  if (
    accessKeyId &&
    signal.keyType === 'long-term' &&
    principal.type === 'user' &&
    principal.name &&
    atLeast(severity, 'high') &&
    ownAccount &&
    !protectedByConfig(principal, signal.accountId, config)
  ) {
    plan.add(
      { kind: 'aws.iam.deactivate-access-key', target: { accessKeyId, userName: principal.name } },
      {
        phase: 'containment',
        mode,
        approval: 'required',
        reversible: true,
        reason: sequences.length
          ? `${sequences.map((q) => q.id).join(', ')}: deactivate the key that did it`
          : `${signal.ruleId}: if ${principal.name} did not make this call, deactivate the key that did`,
      },
    );
  }
  plan.notify(mode);
  return plan.build();
}
