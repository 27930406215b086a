/**
 * `ato drill [--scenario NAME] [--json]`: the README's main job — recorded attacks (a leaked access
 * key, an SES bounce burst), replayed offline, one after the other unless one is named.
 */
import { apiCallsOf } from '../../core/api-calls';
import { renderIncidentReport } from '../../core/report';
import type { DrillResult } from '../drill/run-drill';
import { SCENARIOS, callsBeforeDeactivation, runDrill } from '../drill/run-drill';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { parse } from '../parse';
import { renderPlan } from '../render';

export async function drillCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean', default: false },
    scenario: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const names = values.scenario === undefined ? Object.keys(SCENARIOS) : [values.scenario];
  const unknown = names.find((name) => !Object.hasOwn(SCENARIOS, name));
  if (unknown !== undefined)
    throw new UsageError(`no drill scenario "${unknown}" (there are: ${Object.keys(SCENARIOS).join(', ')})`);
  const results: DrillResult[] = [];
  for (const name of names) results.push(await runDrill(SCENARIOS[name]));
  if (values.json) {
    const shown = results.map((result) => ({
      scenario: result.scenario,
      steps: result.steps,
      incidents: result.incidents,
      notifications: result.notifications,
    }));
    io.out(JSON.stringify(values.scenario === undefined ? shown : shown[0], null, 2));
  } else {
    io.out(results.map(renderDrill).join(`\n\n${'═'.repeat(100)}\n\n`));
  }
  return EXIT.ok;
}

function calls(result: DrillResult['steps'][number]['iamCalls']): string[] {
  return result.map(
    (c, i) =>
      `     ${i + 1}. iam:${c.operation} ${Object.entries(c.params)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
  );
}

export function renderDrill(result: DrillResult): string {
  const { scenario } = result;
  const out: string[] = [
    `ato drill — ${scenario.title}`,
    'Replayed offline through the real normalize → correlate → plan → execute code, against an in-memory',
    `copy of account ${scenario.account} (no AWS account is touched). Mode: enforce on that copy.`,
    '',
    'Before: ' +
      scenario.iam.users
        .map(
          (u) =>
            `user ${u.name} (${u.accessKeys.map((k) => `${k.accessKeyId} ${k.status}`).join(', ') || 'no keys'})`,
        )
        .join('; '),
  ];
  result.steps.forEach((step, i) => {
    out.push('', `[${i + 1}] ${step.at}  ${step.note}`);
    if (step.ignored) out.push(`    no signal: ${step.ignored}`);
    for (const outcome of step.outcomes) {
      if (outcome.status === 'duplicate') {
        out.push(`    duplicate delivery of ${outcome.dedupKey}: no-op`);
        continue;
      }
      if (outcome.status === 'ignored') {
        out.push(`    ${outcome.reason}: nothing to update`);
        continue;
      }
      const signal = outcome.incident.signals.find((s) => s.dedupKey === outcome.dedupKey);
      out.push(`    signal: ${signal?.title ?? outcome.dedupKey} (${signal?.source} ${signal?.reason})`);
      out.push(
        `    incident ${outcome.incident.id} ${outcome.created ? 'opened' : 'joined'} — status ${outcome.incident.status}`,
      );
      out.push(renderPlan(outcome.plan, apiCallsOf).replace(/^/gm, '    '));
      if (step.iamCalls.length) out.push('    IAM calls made, in order:', ...calls(step.iamCalls));
      if (step.otherCalls.length)
        out.push(
          '    SES and SSM calls made, in order:',
          ...step.otherCalls.map((c, n) => `     ${n + 1}. ${c}`),
        );
    }
  });
  const allCalls = result.steps.flatMap((s) => s.iamCalls);
  out.push(
    '',
    'After: ' +
      scenario.iam.users
        .map((u) => {
          const user = result.iam.user(u.name);
          const keys = user?.accessKeys.map((k) => `${k.accessKeyId} ${k.status}`).join(', ') || 'no keys';
          const inline = Object.keys(user?.inlinePolicies ?? {});
          return `user ${u.name} (${keys}${inline.length ? `; inline policies ${inline.join(', ')}` : ''})`;
        })
        .join('; ') +
      [...result.parameters.values.entries()].map(([name, value]) => `; SSM ${name} = ${value}`).join(''),
  );
  for (const { incident, records } of result.incidents) {
    out.push('', '─'.repeat(100), renderIncidentReport(incident, records));
  }
  for (const n of result.notifications) {
    out.push('', '─'.repeat(100), `Notification (SNS) — ${n.subject}`, n.message);
  }
  out.push(
    '',
    '─'.repeat(100),
    `Summary: ${result.steps.length} events, ${result.steps.filter((s) => !s.ignored).length} with a signal, ` +
      `${result.steps.filter((s) => s.outcomes.some((o) => o.status === 'duplicate')).length} duplicate delivery, ` +
      `${result.incidents.length} incident, ${allCalls.length} IAM calls; ${containmentFigure(result)}.`,
    '`ato plan --event FILE` shows one event; `ato detect FILE…` runs the detection rules over CloudTrail files.',
  );
  return out.join('\n');
}

/** The figure the bench tracks: how soon the containing call came. */
export function containmentFigure(result: DrillResult): string {
  const allCalls = result.steps.flatMap((s) => s.iamCalls);
  const before = callsBeforeDeactivation(allCalls);
  if (before > 0) return `IAM calls before the leaked key was Inactive: ${before}`;
  const paused = result.steps.find((s) => s.otherCalls.some((c) => c.endsWith('SendingEnabled=false')));
  if (!paused) return 'nothing was contained';
  const index = paused.otherCalls.findIndex((c) => c.endsWith('SendingEnabled=false'));
  return `calls before SES sending was paused, in the alarm's handling: ${paused.iamCalls.length + index} (the pause is the first)`;
}
