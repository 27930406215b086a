/**
 * The playbook for SES alarms. ALARM: pause sending in the alarm's region (the account's, or the
 * configured configuration sets'), before AWS reviews or pauses the account — reversible, so
 * automatic unless config asks for approval or the alarm is an anomaly band — then raise the failover
 * flag when one is configured, and tell a person who must now find the sender.
 * OK: say so; sending stays paused until a person resumes it (`ato ses resume`). Pure.
 */
import type { Plan } from '../action';
import type { ResponderConfig } from '../config';
import type { Incident } from '../incident';
import { PlanBuilder } from '../plan';
import type { SesAlarmSignal } from '../signal';
import type { PlaybookContext } from './leaked-key';

export function planSesAlarm(
  signal: SesAlarmSignal,
  incident: Incident,
  config: ResponderConfig,
  ctx: PlaybookContext,
): Plan {
  const plan = new PlanBuilder(incident.id, ctx.history, signal.dedupKey);
  const resume = `ato ses resume --region ${signal.region}`;
  if (signal.state === 'OK') {
    plan.escalate(
      `${signal.title}. Sending stays paused until a person finds the cause and resumes it (${resume}).`,
    );
    plan.notify(config.mode);
    return plan.build();
  }
  const { pause, failoverFlag } = config.ses;
  // A band learned from past volume cannot tell a campaign from a spam run: a person decides.
  const why =
    signal.detection === 'anomaly'
      ? ' (an anomaly band: a person decides)'
      : pause.approval
        ? ' (config: ses.pause.approval)'
        : '';
  const approval = why ? 'required' : 'auto';
  if (ctx.ownAccountId && signal.accountId !== ctx.ownAccountId) {
    plan.escalate(
      `${signal.title}, but in account ${signal.accountId}, not this one (${ctx.ownAccountId}): nothing is paused from here.`,
    );
  } else if (!config.ses.regions.includes(signal.region)) {
    plan.escalate(
      `${signal.title}, but ${signal.region} is not in config ses.regions: the responder may not pause it; pause sending there by hand.`,
    );
  } else {
    plan.add(
      {
        kind: 'aws.ses.pause-sending',
        target: {
          region: signal.region,
          configurationSets: pause.configurationSets,
          ...(failoverFlag && approval === 'required'
            ? { failoverFlag: { parameterName: failoverFlag.parameterName, value: failoverFlag.value } }
            : {}),
        },
      },
      {
        phase: 'containment',
        mode: config.mode,
        approval,
        reversible: true,
        reason: `${signal.title}: pause before AWS reviews the account (5% bounces, 0.1% complaints) or pauses it${why}`,
      },
    );
    if (pause.configurationSets.length) {
      const alarmed = signal.configurationSet;
      plan.escalate(
        `Only configuration sets ${pause.configurationSets.join(', ')} are paused (config ses.pause.configurationSets): mail sent without a configuration set — what a leaked SMTP or API key usually sends — still goes out${alarmed && !pause.configurationSets.includes(alarmed) ? `, and so does ${alarmed}, whose alarm this is` : ''}.`,
      );
    }
    if (failoverFlag && approval === 'auto') {
      plan.add(
        {
          kind: 'aws.ssm.set-failover-flag',
          target: { parameterName: failoverFlag.parameterName, value: failoverFlag.value },
        },
        {
          phase: 'containment',
          mode: config.mode,
          approval,
          reversible: true,
          reason: `SES sending in ${signal.region} paused: applications reading ${failoverFlag.parameterName} send through the backup provider`,
        },
      );
    }
  }
  plan.add(
    { kind: 'aws.ses.find-senders', target: { region: signal.region } },
    {
      phase: 'investigation',
      mode: config.mode,
      approval: 'auto',
      reversible: false,
      reason: `who can send through SES: each suspect key is put up for deactivation, which a person approves`,
    },
  );
  plan.escalate(
    `Stop the sender (the suspects below; recent SES calls in CloudTrail: ato detect), close the incident (ato resolve), then ${resume}.`,
  );
  plan.raise(signal.severity);
  plan.notify(config.mode);
  return plan.build();
}
