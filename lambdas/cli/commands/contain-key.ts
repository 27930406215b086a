/**
 * `ato contain-key AKIA… [--user NAME] [--execute]`: the leaked-key playbook from a laptop, with the
 * person's own credentials. Dry-run unless --execute. Tags are read before any change (the laptop's
 * credentials carry no Deny on protected principals) and the key's status is read before it is
 * changed, so `undo` restores exactly what was there.
 */
import { ACCESS_KEY_ID, keyTypeOf } from '../../core/signal';
import type { LeakedAccessKeySignal } from '../../core/signal';
import { respondToSignal } from '../../core/respond';
import { createIamClient, createSnsClient } from '../../providers/aws/clients';
import { AwsIam } from '../../providers/aws/iam';
import { SnsNotifier } from '../../providers/aws/sns';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, actorOf, openStore, readConfig } from '../options';
import { parse } from '../parse';
import { planJson, renderPlan, renderRecords } from '../render';
import { apiCallsOf } from '../../core/api-calls';

const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export async function containKeyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...STORE_OPTIONS,
    user: { type: 'string' },
    execute: { type: 'boolean', default: false },
    account: { type: 'string' },
    topic: { type: 'string' },
  });
  const [accessKeyId, extra] = positionals;
  if (!accessKeyId) throw new UsageError('contain-key needs an access key id');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  if (!ACCESS_KEY_ID.test(accessKeyId))
    throw new UsageError(`"${accessKeyId}" is not an access key id (AKIA… or ASIA…)`);
  if (values.user !== undefined && !USER_NAME.test(values.user))
    throw new UsageError(`"${values.user}" is not an IAM user name`);

  const base = readConfig(values, io);
  const config = {
    ...base,
    mode: values.execute ? ('enforce' as const) : ('dry-run' as const),
    playbooks: { leakedKey: { ...base.playbooks.leakedKey, mode: undefined } },
  };
  const { store, where } = openStore(values, io);
  const topic = values.topic ?? io.env.ATO_TOPIC_ARN;
  const now = new Date();
  const signal: LeakedAccessKeySignal = {
    kind: 'leaked-access-key',
    source: 'cli',
    dedupKey: `cli:${accessKeyId}:${now.toISOString()}`,
    subject: { type: 'aws-access-key', id: accessKeyId },
    accountId: values.account ?? io.env.AWS_ACCOUNT_ID ?? 'unknown',
    region: io.env.AWS_REGION ?? 'us-east-1',
    observedAt: now.toISOString(),
    severity: 'critical',
    title: `Access key ${accessKeyId} reported leaked by ${actorOf(io).slice(4)}`,
    accessKeyId,
    keyType: keyTypeOf(accessKeyId),
    principal: values.user ? { type: 'user', name: values.user } : { type: 'unknown' },
    reason: 'REPORTED_BY_A_PERSON',
    evidence: {},
  };
  const outcome = await respondToSignal(signal, {
    iam: new AwsIam(createIamClient()),
    store,
    ...(topic ? { notifier: new SnsNotifier(createSnsClient(), topic) } : {}),
    clock: { now: () => new Date() },
    config,
    actor: actorOf(io),
    protectedTagCheck: 'preflight',
  });
  if (outcome.status !== 'handled') throw new Error(`event ${outcome.dedupKey} was already handled`);
  const failedRecord = outcome.records.find((r) => r.status === 'failed' || r.status === 'refused');
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          signals: [signal],
          incident: outcome.incident,
          incidentId: outcome.incident.id,
          ...planJson(outcome.plan.actions, outcome.plan.skipped),
          outcomes: outcome.records.map((r) => ({
            actionId: r.actionId,
            kind: r.kind,
            status: r.status,
            ...(r.error ? { error: r.error } : {}),
          })),
        },
        null,
        2,
      ),
    );
  } else {
    io.out(renderPlan(outcome.plan, apiCallsOf));
    io.out(
      `\n${values.execute ? 'Done' : 'Dry-run (nothing changed; add --execute)'} — incident ${outcome.incident.id}, recorded in ${where}:`,
    );
    io.out(renderRecords(outcome.records));
    for (const e of outcome.incident.escalations) io.out(`needs a person: ${e}`);
  }
  if (failedRecord) {
    io.err(`ato: ${failedRecord.error ?? `${failedRecord.kind} failed`}`);
    return EXIT.failure;
  }
  return EXIT.ok;
}
