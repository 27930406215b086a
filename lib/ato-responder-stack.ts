/**
 * The responder as deployed, in the order of the architecture diagram:
 *
 *   EventBridge rules ──► LeakedKeyResponder ──► IncidentTable (record) ──stream──► KeyInvestigator
 *        │ (undeliverable)      │ (failed)   └──► IncidentTopic (notify) ◄──────────────┤ (report)
 *        ▼                      ▼                        ▲ ResponderAlarms             ▼ (failed)
 *   undelivered events     failed invocations ───────────┴──────────────────── failed investigations
 *
 * With SES watched, SesAlarms live in each watched region: here when this region is one of them,
 * elsewhere in an EventForwarderStack; their state changes reach the responder through the rules.
 * With Twilio or SendGrid configured, their webhooks and the ScheduledAudit record into the same
 * table and notify through the same topic.
 */
import { Annotations, Stack, type StackProps, Token } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import { DeadLetterQueue } from './dead-letter-queue';
import { IncidentTable } from './incident-table';
import { IncidentTopic } from './incident-topic';
import { KeyInvestigator } from './key-investigator';
import { LeakedKeyResponder } from './leaked-key-responder';
import { ResponderAlarms } from './responder-alarms';
import { ResponderEventRules } from './responder-event-rules';
import { ScheduledAudit } from './scheduled-audit';
import { SendGridWebhook } from './sendgrid-webhook';
import { SlackRunbooks } from './slack-runbooks';
import { TwilioWebhook } from './twilio-webhook';
import { SesAlarms } from './ses-alarms';

export interface AtoResponderStackProps extends StackProps {
  readonly config: ResponderConfig;
  /** See LeakedKeyResponderProps.reservedConcurrency. */
  readonly reservedConcurrency?: number;
  /**
   * The region bin/app.ts treats as the responder's (no forwarder is made for it), for an
   * environment-agnostic stack that cannot read its own: SES alarms are created here when it is one
   * of `ses.regions`. A concrete stack region wins. Default IAM_EVENTS_REGION, as in bin/app.ts.
   */
  readonly responderRegion?: string;
}

/** Where AWS delivers Health (global), Trusted Advisor and CloudTrail IAM events. */
export const IAM_EVENTS_REGION = 'us-east-1';

export class AtoResponderStack extends Stack {
  readonly incidents: IncidentTable;
  readonly notifications: IncidentTopic;
  readonly undeliveredEvents: DeadLetterQueue;
  readonly failedInvocations: DeadLetterQueue;
  readonly responder: LeakedKeyResponder;
  readonly failedInvestigations: DeadLetterQueue;
  readonly investigator: KeyInvestigator;
  /** With config twilio.enabled: the usage-trigger webhook. */
  readonly twilioWebhook?: TwilioWebhook;
  /** With config sendgrid.enabled or twilio.enabled: the accounts audited on a schedule. */
  readonly scheduledAudit?: ScheduledAudit;
  /** With config slack.enabled: the Slack endpoint, the runbooks and the incident threads. */
  readonly slackRunbooks?: SlackRunbooks;
  /** With config sendgrid.eventWebhook.enabled: SendGrid's signed Event Webhook. */
  readonly sendGridWebhook?: SendGridWebhook;
  /** This region's SES alarms, when it is one of `ses.regions`. */
  readonly sesAlarms?: SesAlarms;

  constructor(scope: Construct, id: string, props: AtoResponderStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.incidents = new IncidentTable(this, 'Incidents');
    this.notifications = new IncidentTopic(this, 'Notifications', { emails: config.notifications.emails });
    // Two queues because their messages differ: EventBridge parks the source event itself, Lambda
    // an invocation record wrapping it. Each is replayed its own way.
    this.undeliveredEvents = new DeadLetterQueue(this, 'UndeliveredEvents');
    this.failedInvocations = new DeadLetterQueue(this, 'FailedInvocations');

    this.responder = new LeakedKeyResponder(this, 'LeakedKeyResponder', {
      config,
      table: this.incidents.table,
      notifications: this.notifications,
      failureQueue: this.failedInvocations.queue,
      reservedConcurrency: props.reservedConcurrency,
    });
    new ResponderEventRules(this, 'EventRules', {
      responder: this.responder.function,
      deadLetterQueue: this.undeliveredEvents.queue,
      readOnlyEvents: config.detection.readOnlyEvents,
      sesAlarms: config.ses.regions.length > 0,
    });
    const region = Token.isUnresolved(this.region)
      ? (props.responderRegion ?? IAM_EVENTS_REGION)
      : this.region;
    if (config.ses.regions.includes(region)) {
      this.sesAlarms = new SesAlarms(this, 'SesAlarms', { ses: config.ses });
    }
    // After containment, never in its way: started by the table's stream, not by the responder.
    this.failedInvestigations = new DeadLetterQueue(this, 'FailedInvestigations');
    this.investigator = new KeyInvestigator(this, 'KeyInvestigator', {
      config,
      table: this.incidents.table,
      notifications: this.notifications,
      failureQueue: this.failedInvestigations.queue,
    });
    if (config.twilio.enabled) {
      this.twilioWebhook = new TwilioWebhook(this, 'TwilioWebhook', {
        config,
        table: this.incidents.table,
        notifications: this.notifications,
      });
    }
    if (config.sendgrid.enabled || config.twilio.enabled) {
      this.scheduledAudit = new ScheduledAudit(this, 'ScheduledAudit', {
        config,
        table: this.incidents.table,
        notifications: this.notifications,
        twilioSecret: this.twilioWebhook?.secret,
        // A scheduled run EventBridge could not deliver parks and alarms like an undelivered event.
        deadLetterQueue: this.undeliveredEvents.queue,
      });
    }
    if (config.sendgrid.eventWebhook.enabled) {
      this.sendGridWebhook = new SendGridWebhook(this, 'SendGridWebhook', {
        config,
        table: this.incidents.table,
        notifications: this.notifications,
        sendGridSecret: this.scheduledAudit?.sendGridSecret,
      });
    }
    if (config.slack.enabled) {
      this.slackRunbooks = new SlackRunbooks(this, 'Slack', {
        config,
        table: this.incidents.table,
        notifications: this.notifications,
        investigationQueue: this.investigator.queue,
        failureQueue: this.failedInvocations.queue,
        twilioSecret: this.twilioWebhook?.secret,
      });
    }
    new ResponderAlarms(this, 'Alarms', {
      responder: this.responder.function,
      deadLetterQueues: {
        Undelivered: this.undeliveredEvents.queue,
        Failed: this.failedInvocations.queue,
        Investigation: this.failedInvestigations.queue,
      },
      notifications: this.notifications,
      investigator: this.investigator.function,
      investigationScheduler: this.investigator.scheduler.function,
      others: {
        TwilioWebhook: this.twilioWebhook?.function,
        SendGridWebhook: this.sendGridWebhook?.function,
        ScheduledAudit: this.scheduledAudit?.function,
        SlackEndpoint: this.slackRunbooks?.endpoint,
        SlackThread: this.slackRunbooks?.threadFunction,
        RunbookSteps: this.slackRunbooks?.stepFunction,
      },
    });

    // IAM is a global service: its CloudTrail events, the AWS_RISK_* Health events and Trusted
    // Advisor events reach EventBridge in us-east-1 only. Deployed elsewhere, three of the four
    // rules never fire. An environment-agnostic stack (no region yet) cannot be checked here.
    if (!Token.isUnresolved(this.region) && this.region !== IAM_EVENTS_REGION) {
      Annotations.of(this).addWarningV2(
        'ato-responder:region',
        `Deployed to ${this.region}: AWS Health, Trusted Advisor and CloudTrail IAM events are delivered ` +
          `in ${IAM_EVENTS_REGION} only, so only GuardDuty findings from ${this.region} will reach the ` +
          `responder. Deploy it to ${IAM_EVENTS_REGION} (or forward those events there).`,
      );
    }
  }
}
