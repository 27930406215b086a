/**
 * One per region listed in `forwardFromRegions`: the events the responder acts on that AWS delivers
 * only in the region where they happen — GuardDuty findings, and CloudTrail calls to SES, CloudTrail,
 * GuardDuty, regional STS endpoints and console sign-ins — forwarded to the default event bus of the
 * responder's region (same account, cross-region: a rule target with a role allowed to PutEvents).
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnRule, EventPattern } from 'aws-cdk-lib/aws-events';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { EventBus as EventBusTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import { cloudTrailDetections, guardDutyAccessKeyFindings } from './responder-event-rules';

export interface EventForwarderStackProps extends StackProps {
  /** The region of AtoResponderStack (us-east-1). */
  readonly responderRegion: string;
  /** Also forward read-only calls (config detection.readOnlyEvents). */
  readonly readOnlyEvents: boolean;
}

export class EventForwarderStack extends Stack {
  readonly rules: Rule[];

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
    const forward = (ruleId: string, description: string, eventPattern: EventPattern): Rule =>
      new Rule(this, ruleId, { description, eventPattern, targets: [target] });
    const findings = forward(
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
    this.rules = [findings, detections];
  }
}
