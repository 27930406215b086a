/** `ato approve|deny APPROVAL_ID`: a person decides an action the responder would not take alone. */
import { decide } from '../../core/approve';
import { createSnsClient } from '../../providers/aws/clients';
import { alarmStates, changePorts, iamRemovals } from '../aws-ports';
import { sendGridFromEnv } from '../sendgrid-ports';
import { twilioFromEnv } from '../twilio-ports';
import { WritableSecret, createSecretsManagerClient } from '../../providers/aws/secret-value';
import { SnsNotifier } from '../../providers/aws/sns';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { STORE_OPTIONS, actorOf, openStore, readConfig } from '../options';
import { parse } from '../parse';
import { renderRecords } from '../render';

function decisionCommand(decision: 'approved' | 'denied') {
  return async (args: string[], io: CliIo): Promise<number> => {
    const { values, positionals } = parse(args, {
      ...STORE_OPTIONS,
      by: { type: 'string' },
      topic: { type: 'string' },
    });
    const [approvalId, extra] = positionals;
    if (!approvalId || extra)
      throw new UsageError(`${decision === 'approved' ? 'approve' : 'deny'} needs exactly one APPROVAL_ID`);
    const { store, snapshots } = openStore(values, io);
    const secretId = io.env.ATO_TWILIO_SECRET_ID;
    const topic = values.topic ?? io.env.ATO_TOPIC_ARN;
    const outcome = await decide(approvalId, decision, actorOf(io, values.by), {
      ...changePorts(),
      // An approved SES resume reads the region's alarms first, as ato ses resume does.
      alarms: alarmStates(),
      iamRemovals: iamRemovals(),
      ...twilioFromEnv(io.env),
      ...sendGridFromEnv(io.env),
      // The deployed webhook's secret (the stack's TwilioSecretArn output): a token reset updates it.
      ...(secretId ? { twilioSecret: new WritableSecret(createSecretsManagerClient(), secretId) } : {}),
      ...(snapshots ? { snapshots } : {}),
      store,
      ...(topic ? { notifier: new SnsNotifier(createSnsClient(), topic) } : {}),
      clock: { now: () => new Date() },
      config: readConfig(values, io),
      actor: actorOf(io, values.by),
      protectedTagCheck: 'preflight',
    });
    if (!outcome.ok) {
      io.err(`ato: ${outcome.reason}`);
      return EXIT.failure;
    }
    io.out(`${approvalId} ${decision} — incident ${outcome.incident.id}`);
    if (outcome.records.length) io.out(renderRecords(outcome.records));
    const failed = outcome.records.find((r) => r.status === 'failed' || r.status === 'refused');
    if (failed) {
      const retry = outcome.retryApprovalId ? ` (to try again: ato approve ${outcome.retryApprovalId})` : '';
      io.err(`ato: ${failed.error ?? `${failed.kind} ${failed.status}`}${retry}`);
      return EXIT.failure;
    }
    return EXIT.ok;
  };
}

export const approveCommand = decisionCommand('approved');
export const denyCommand = decisionCommand('denied');
