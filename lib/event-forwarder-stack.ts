/**
 * One per region other than the responder's that is listed in `forwardFromRegions` or `ses.regions`:
 * it forwards to the default event bus of the responder's region (same account, cross-region: a rule
 * target with a role allowed to PutEvents) the events the responder acts on that AWS delivers only in
 * the region where they happen.
 *
 * - A region in `forwardFromRegions`: GuardDuty findings, and CloudTrail calls to SES, CloudTrail,
 *   GuardDuty, regional STS endpoints and console sign-ins.
 * - A region in `ses.regions`: its SES alarms, created here, and their state changes.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnRule, EventPattern } from 'aws-cdk-lib/aws-events';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import type { ResponderConfig } from '../lambdas/core/config';
import { cloudTrailDetections, guardDutyAccessKeyFindings } from './responder-event-rules';
import { SesAlarms, sesAlarmStateChanges } from './ses-alarms';

/** What the forwarder of one region forwards. */
export interface ForwardedRegion {
  readonly region: string;
  /** GuardDuty findings and CloudTrail detections: the region is in `forwardFromRegions`. */
  readonly detections: boolean;
  /** SES alarms: the region is in `ses.regions`. */
  readonly sesAlarms: boolean;
}

/** The forwarders the app needs, in config order: none for the responder's own region. */
export function forwardedRegions(config: ResponderConfig, responderRegion: string): ForwardedRegion[] {
  const regions = [...new Set([...config.forwardFromRegions, ...config.ses.regions])];
  return regions
    .filter((region) => region !== responderRegion)
    .map((region) => ({
      region,
      detections: config.forwardFromRegions.includes(region),
      sesAlarms: config.ses.regions.includes(region),
    }));
}

export interface EventForwarderStackProps extends StackProps {
  /** The region of AtoResponderStack (us-east-1). */
  readonly responderRegion: string;
  /** Also forward read-only calls (config detection.readOnlyEvents). */
  readonly readOnlyEvents: boolean;
  /** Forward GuardDuty findings and CloudTrail detections (default true: the region is in `forwardFromRegions`). */
  readonly detections?: boolean;
  /** Given when the region is in `ses.regions`: its SES alarms are created here and forwarded. */
  readonly ses?: ResponderConfig['ses'];
}

export class EventForwarderStack extends Stack {
  readonly rules: Rule[] = [];
  readonly sesAlarms?: SesAlarms;

  constructor(scope: Construct, id: string, props: EventForwarderStackProps) {
    super(scope, id, props);
    const responderBus = EventBus.fromEventBusArn(
      this,
      'ResponderBus',
      this.formatArn({
        service: 'events',
        region: props.responderRegion,
        resource: 'event-bus',
        resourceName: 'default',
      }),
    );
    const target = new EventBusTarget(responderBus);
    const forward = (ruleId: string, description: string, eventPattern: EventPattern): Rule => {
      const rule = new Rule(this, ruleId, { description, eventPattern, targets: [target] });
      this.rules.push(rule);
      return rule;
    };
    if (props.detections ?? true) {
      forward(
        'GuardDutyAccessKeyFindings',
        'Forward GuardDuty access-key findings to the responder',
        guardDutyAccessKeyFindings,
      );
      const detections = forward(
        'CloudTrailDetections',
        'Forward the CloudTrail calls the detection rules read to the responder',
        cloudTrailDetections,
      );
      if (props.readOnlyEvents) {
        (detections.node.defaultChild as CfnRule).state = 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
      }
    }
    if (props.ses) {
      this.sesAlarms = new SesAlarms(this, 'SesAlarms', { ses: props.ses });
      forward(
        'SesAlarmStateChanges',
        "Forward the state changes of this region's SES alarms to the responder",
        sesAlarmStateChanges,
      );
    }
  }
}
