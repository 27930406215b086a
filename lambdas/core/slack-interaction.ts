/**
 * What the Slack endpoint does with an authenticated request, inside Slack's 3 seconds: a click is
 * judged and counted (`clickFromSlack`); the final one is written with the store's conditional
 * decision (one winner: pending and not expired), and only the winner answers the runbook's task
 * token; long work runs in the state machine. A slash command is read (`parseAtoCommand`) and becomes
 * a runbook waiting for approval, an investigation, or an answer. Every answer is for the person who
 * clicked or typed only (ephemeral); "already decided" and "expired" are answers, never errors.
 */
import type { ResponderConfig } from './config';
import { stableHash } from './ids';
import type { Clock, IncidentStore } from './ports';
import { clickFromSlack } from './slack-decide';
import { parseAtoCommand } from './slack-commands';
import { decidedMessage, incidentMessage } from './slack-message';
import type { RunbookPort, SlackResponse } from './slack-ports';
import { type RequestDeps, openRequestIncident, requestRunbook } from './slack-runbook-request';
import { approvalsOf } from './slack-thread';
import { subjectKey } from './signal';

export interface InteractionDeps extends RequestDeps {
  store: RequestDeps['store'] &
    Pick<IncidentStore, 'getApproval' | 'recordVote' | 'decideApproval' | 'listActionRecords'>;
  clock: Clock;
  config: ResponderConfig;
  runbooks: RunbookPort;
}

export interface Click {
  actionId: string;
  /** The button's value: an approval id. */
  value: string;
  userId: string;
}

const say = (text: string, blocks?: SlackResponse['blocks']): SlackResponse => ({
  responseType: 'ephemeral',
  text,
  ...(blocks ? { blocks } : {}),
});

export async function onClick(click: Click, deps: InteractionDeps): Promise<SlackResponse> {
  const decision =
    click.actionId === 'ato.approve' ? 'approved' : click.actionId === 'ato.deny' ? 'denied' : undefined;
  if (!decision) return say('This button is not one of the responder’s.');
  const approvalId = click.value;
  const before = await deps.store.getApproval(approvalId);
  if (before && before.status === 'pending' && !before.runbook)
    return say(`No runbook waits for this approval yet: \`ato approve ${approvalId}\` decides it.`);
  const outcome = await clickFromSlack({ approvalId, userId: click.userId, decision, read: before }, deps);
  if (outcome.outcome !== 'decide') return say(outcome.message);
  const { approval, by } = outcome;
  const now = deps.clock.now();
  if (!(await deps.store.decideApproval(approvalId, outcome.decision, by, now))) {
    const latest = (await deps.store.getApproval(approvalId)) ?? approval;
    const word = latest.status === 'pending' ? 'expired' : 'already-decided';
    return say('This approval was already decided, or expired.', decidedMessage(latest, word));
  }
  const token = approval.runbook?.taskToken ?? '';
  const answered =
    outcome.decision === 'approved'
      ? await deps.runbooks.approve(token, { decision: 'approved', by, at: now.toISOString() })
      : await deps.runbooks.deny(token, by);
  if (!answered)
    return say(
      'Recorded, but the runbook had already ended (it expired or was stopped): nothing will run.',
      decidedMessage({ ...approval, status: outcome.decision, decidedBy: by }, outcome.decision, by),
    );
  return say(
    outcome.decision === 'approved'
      ? 'Approved: the runbook carries it out now.'
      : 'Denied: nothing will be done.',
    decidedMessage({ ...approval, status: outcome.decision, decidedBy: by }, outcome.decision, by),
  );
}

export async function onCommand(text: string, userId: string, deps: InteractionDeps): Promise<SlackResponse> {
  const parsed = parseAtoCommand(text);
  if (!parsed.ok) return say(parsed.message);
  const { command } = parsed;
  switch (command.name) {
    case 'status': {
      const incident = await deps.store.getIncident(command.incidentId);
      if (!incident) return say(`No incident ${command.incidentId}.`);
      const records = await deps.store.listActionRecords(incident.id);
      const message = incidentMessage(incident, records, await approvalsOf(records, deps.store), {
        now: deps.clock.now(),
      });
      return say(message.text, message.blocks);
    }
    case 'investigate': {
      const now = deps.clock.now();
      const at = now.toISOString();
      const subject = { type: 'aws-access-key' as const, id: command.accessKeyId };
      const key = subjectKey(subject);
      const incident =
        (await deps.store.findOpenIncident(key)) ??
        (await openRequestIncident(
          {
            subject,
            accountId: deps.accountId,
            region: deps.region,
            severity: 'medium',
            title: `Access key ${command.accessKeyId} investigated at the request of slack:${userId}`,
          },
          `slack:${userId}:${at}`,
          now,
          deps,
        ));
      const name = `investigate-${stableHash(`${command.accessKeyId}:${userId}:${at}`)}`;
      await deps.runbooks.start('investigate-key', name, {
        eventId: `slack:${userId}:${at}`,
        incidentId: incident.id,
        accessKeyId: command.accessKeyId,
        actionId: `${incident.id}/slack-investigate`,
        deactivatedAt: at,
      });
      return say(
        `Investigating ${command.accessKeyId} in incident ${incident.id} (read-only): the report comes to the incident's thread.`,
      );
    }
    case 'contain-key':
    case 'twilio-lockdown':
    case 'ses-pause':
    case 'ses-resume':
    case 'undo': {
      const request = await requestRunbook(command, userId, deps);
      if (!request.ok) return say(request.message);
      const { approval } = request;
      await deps.runbooks.start(request.runbook, approval.approvalId, { approvalId: approval.approvalId });
      return say(
        `Asked: ${request.summary}. An approver other than you decides it in the incident's thread before ${approval.expiresAt ?? 'it expires'}.`,
      );
    }
  }
}
