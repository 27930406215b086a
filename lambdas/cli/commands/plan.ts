/** `ato plan --event FILE`: what the responder would do for one event. No AWS call, nothing stored. */
import { resolve } from 'node:path';
import { openFrom } from '../../core/correlate';
import { apiCallsOf } from '../../core/api-calls';
import { planFor } from '../../core/playbooks';
import { normalize } from '../../sources';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { readConfig, readJson } from '../options';
import { parse } from '../parse';
import { planJson, renderPlan } from '../render';

export async function planCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    event: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (!values.event) throw new UsageError('plan needs --event FILE');
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const config = readConfig(values, io);
  const event = readJson(resolve(io.cwd, values.event), '--event');
  const normalized = normalize(event);
  if (!normalized.ok) {
    if (values.json)
      io.out(
        JSON.stringify(
          { signals: [], incident: null, actions: [], skipped: [{ reason: normalized.reason }] },
          null,
          2,
        ),
      );
    else io.out(`No signal: ${normalized.reason}`);
    return Promise.resolve(EXIT.ok);
  }
  const now = new Date();
  const output = normalized.signals.map((signal) => {
    const incident = openFrom(signal, now);
    const plan = planFor(signal, incident, config, { now, containmentsInLastHour: 0, history: [] });
    return { signal, incident, plan };
  });
  if (values.json) {
    // One event usually yields one signal; several (one per key) share the first incident's shape.
    const first = output[0];
    io.out(
      JSON.stringify(
        {
          signals: output.map((o) => o.signal),
          incident: first?.incident ?? null,
          ...planJson(
            output.flatMap((o) => o.plan.actions),
            output.flatMap((o) => o.plan.skipped),
          ),
        },
        null,
        2,
      ),
    );
  } else {
    for (const { signal, plan } of output) {
      io.out(`Signal: ${signal.title} [${signal.severity}] (${signal.source} ${signal.reason})`);
      io.out(renderPlan(plan, apiCallsOf));
    }
  }
  return Promise.resolve(EXIT.ok);
}
