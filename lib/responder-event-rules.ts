/**
 * The ways AWS tells us an access key leaked or is being abused, each an EventBridge rule that
 * invokes the responder. An event EventBridge cannot deliver lands in the dead-letter queue.
 *
 * Health (AWS_RISK_*), Trusted Advisor and CloudTrail IAM events are delivered in us-east-1 only;
 * AtoResponderStack warns when deployed elsewhere. GuardDuty findings arrive in the region where the
 * activity happened. With SES watched, the state changes of the SES alarms (lib/ses-alarms.ts) arrive
 * here too: from this region's alarms, and forwarded from every other watched region.
 */
import { Duration } from 'aws-cdk-lib';
import type { CfnRule } from 'aws-cdk-lib/aws-events';
import { type EventPattern, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DETECTION_RULES } from '../lambdas/sources/detection/detect';
import { sesAlarmStateChanges } from './ses-alarms';

/**
 * EventBridge retries only when it cannot hand the event to Lambda at all (throttled or failed
 * Invoke); once Lambda accepts it, Lambda's own retries apply. Generous, but bounded by the age.
 */
export const DELIVERY_RETRY_ATTEMPTS = 20;
/** As for Lambda's retries: a leaked key is still worth containing hours later, then a person looks. */
export const DELIVERY_MAX_EVENT_AGE = Duration.hours(6);

/** https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html (risk events). */
const healthRiskEvents: EventPattern = {
  source: ['aws.health'],
  detailType: ['AWS Health Event'],
  detail: {
    service: ['RISK'],
    eventTypeCategory: ['issue'],
    eventTypeCode: [
      'AWS_RISK_CREDENTIALS_EXPOSED',
      'AWS_RISK_CREDENTIALS_EXPOSURE_SUSPECTED',
      'AWS_RISK_CREDENTIALS_COMPROMISED',
      'AWS_RISK_CREDENTIALS_COMPROMISE_SUSPECTED',
      'AWS_RISK_IAM_QUARANTINE',
    ],
  },
};

/**
 * IAM findings "always have a Resource Type of AccessKey" (GuardDuty IAM finding types). The
 * Extended Threat Detection finding AttackSequence:IAM/CompromisedCredentials is not one of them:
 * its resource is the attack sequence itself (the credentials are in service.detection.sequence),
 * so it is matched by type in a second branch.
 */
export const guardDutyAccessKeyFindings: EventPattern = {
  source: ['aws.guardduty'],
  detailType: ['GuardDuty Finding'],
  detail: {
    $or: [{ resource: { resourceType: ['AccessKey'] } }, { type: [{ prefix: 'AttackSequence:IAM/' }] }],
  },
};

/** Trusted Advisor's "Exposed Access Keys" check: keys AWS found in public code repositories. */
const trustedAdvisorExposedKeys: EventPattern = {
  source: ['aws.trustedadvisor'],
  detailType: ['Trusted Advisor Check Item Refresh Notification'],
  detail: { 'check-name': ['Exposed Access Keys'], status: ['ERROR', 'WARN'] },
};

/**
 * The CloudTrail calls the detection rules (lambdas/sources/detection, docs/detection-rules.md) can
 * fire on — read from the rules themselves, so the stack and the rules cannot drift apart — and
 * AWS's own quarantine (AttachUserPolicy / PutUserPolicy). Read-only calls (Get/List…) are in the
 * pattern too but reach EventBridge only in the rule state
 * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, which costs more: config detection.readOnlyEvents.
 */
export const DETECTED_CALLS: readonly string[] = [
  ...new Set([
    'AttachUserPolicy',
    'PutUserPolicy',
    ...DETECTION_RULES.flatMap((rule) => rule.eventNames ?? []),
  ]),
].sort();

const DETECTED_SOURCES = [
  'aws.iam',
  'aws.sts',
  'aws.cloudtrail',
  'aws.guardduty',
  'aws.organizations',
  'aws.account',
  'aws.ses',
  'aws.signin',
];

export const cloudTrailDetections: EventPattern = {
  source: DETECTED_SOURCES,
  detailType: ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
  detail: { eventName: [...DETECTED_CALLS] },
};

export interface ResponderEventRulesProps {
  readonly responder: IFunction;
  readonly deadLetterQueue: IQueue;
  /** Also deliver read-only management events (config detection.readOnlyEvents). */
  readonly readOnlyEvents: boolean;
  /** Also deliver the SES alarms' state changes (config ses.regions is not empty). */
  readonly sesAlarms: boolean;
}

export class ResponderEventRules extends Construct {
  readonly rules: Rule[];

  constructor(scope: Construct, id: string, props: ResponderEventRulesProps) {
    super(scope, id);
    const target = new LambdaFunction(props.responder, {
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: DELIVERY_RETRY_ATTEMPTS,
      maxEventAge: DELIVERY_MAX_EVENT_AGE,
    });
    const rule = (ruleId: string, description: string, eventPattern: EventPattern): Rule =>
      new Rule(this, ruleId, { description, eventPattern, targets: [target] });

    this.rules = [
      rule('HealthRiskEvents', 'AWS Health: credentials exposed or compromised', healthRiskEvents),
      rule(
        'GuardDutyAccessKeyFindings',
        'GuardDuty: findings about an access key',
        guardDutyAccessKeyFindings,
      ),
      rule('TrustedAdvisorExposedKeys', 'Trusted Advisor: Exposed Access Keys', trustedAdvisorExposedKeys),
    ];
    const detections = rule(
      'CloudTrailDetections',
      'CloudTrail: calls the account-takeover detection rules look at',
      cloudTrailDetections,
    );
    if (props.readOnlyEvents) {
      // No L2 property for it yet: read-only management events are delivered only in this state.
      (detections.node.defaultChild as CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
    }
    this.rules.push(detections);
    if (props.sesAlarms) {
      this.rules.push(
        rule(
          'SesAlarmStateChanges',
          'SES: alarms on bounce/complaint rate and sending volume',
          sesAlarmStateChanges,
        ),
      );
    }
  }
}
