import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { ConfigInput } from '../../lambdas/core/config';
import { EventForwarderStack, forwardedRegions } from '../../lib/event-forwarder-stack';
import { cloudTrailDetections } from '../../lib/responder-event-rules';
import { readResponderConfig } from '../../lib/config-context';
import { config } from '../core/builders';

function forwarder(
  readOnlyEvents = false,
  what: { detections?: boolean; ses?: NonNullable<ConfigInput['ses']> } = {},
): EventForwarderStack {
  const app = new App({ builtinCloudFormationValidation: false });
  return new EventForwarderStack(app, 'Forwarder', {
    env: { account: '123456789012', region: 'eu-west-1' },
    responderRegion: 'us-east-1',
    readOnlyEvents,
    ...(what.detections === undefined ? {} : { detections: what.detections }),
    ...(what.ses ? { ses: config({ ses: what.ses }).ses } : {}),
  });
}

const sesAlarmNamesOf = (template: Template): string[] =>
  Object.values(
    template.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: { AlarmName: string } }>,
  )
    .map((alarm) => alarm.Properties.AlarmName)
    .sort();

type RuleProps = {
  EventPattern: { source: string[] };
  State: string;
  Targets: { Arn: string; RoleArn: unknown }[];
};

describe('the event forwarder', () => {
  it('forwards GuardDuty findings and the detection calls of its region to the default bus of us-east-1', () => {
    // Act
    const template = Template.fromStack(forwarder());
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: RuleProps }[];

    // Assess
    expect(rules.map((r) => r.Properties.EventPattern.source)).toEqual([
      ['aws.guardduty'],
      cloudTrailDetections.source,
    ]);
    for (const rule of rules) {
      expect(JSON.stringify(rule.Properties.Targets.map((t) => t.Arn))).toContain(
        ':events:us-east-1:123456789012:event-bus/default',
      );
      expect(rule.Properties.Targets[0]?.RoleArn).toBeDefined();
    }
  });

  it('creates no alarm when its region is not an SES-watched one', () => {
    // Act
    const template = Template.fromStack(forwarder());

    // Assess
    expect(sesAlarmNamesOf(template)).toEqual([]);
  });

  it("creates its region's SES alarms and forwards only their state changes when its region is only SES-watched", () => {
    // Act
    const template = Template.fromStack(
      forwarder(false, { detections: false, ses: { regions: ['eu-west-1'], sendsPerFiveMinutes: 500 } }),
    );
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as {
      Properties: RuleProps & { EventPattern: unknown };
    }[];

    // Assess
    expect(rules.map((r) => r.Properties.EventPattern)).toEqual([
      {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: [{ prefix: 'ato-responder-ses-' }], state: { value: ['ALARM', 'OK'] } },
      },
    ]);
    expect(JSON.stringify(rules[0]?.Properties.Targets[0]?.Arn)).toContain(
      ':events:us-east-1:123456789012:event-bus/default',
    );
    expect(sesAlarmNamesOf(template)).toEqual([
      'ato-responder-ses-bounce-rate',
      'ato-responder-ses-complaint-rate',
      'ato-responder-ses-send-anomaly',
      'ato-responder-ses-send-volume',
    ]);
  });

  it('forwards the detections and the SES alarms when its region is in both lists', () => {
    // Act
    const template = Template.fromStack(forwarder(false, { ses: { regions: ['eu-west-1'] } }));
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: RuleProps }[];

    // Assess
    expect(rules.map((r) => r.Properties.EventPattern.source)).toEqual([
      ['aws.guardduty'],
      cloudTrailDetections.source,
      ['aws.cloudwatch'],
    ]);
    expect(sesAlarmNamesOf(template)).toHaveLength(3);
  });

  it('lets its role put events on that bus only', () => {
    const stack = forwarder();
    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
      Properties: { PolicyDocument: { Statement: { Action: string; Effect: string; Resource: unknown }[] } };
    }[];
    const bus = stack.resolve(
      stack.formatArn({
        service: 'events',
        region: 'us-east-1',
        resource: 'event-bus',
        resourceName: 'default',
      }),
    ) as unknown;
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(new Set(statements.map((st) => JSON.stringify(st)))).toEqual(
      new Set([JSON.stringify({ Action: 'events:PutEvents', Effect: 'Allow', Resource: bus })]),
    );
  });

  it('forwards read-only calls in the state CloudTrail needs, when configured', () => {
    const template = Template.fromStack(forwarder(true));
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as { Properties: RuleProps }[];
    expect(rules.map((r) => r.Properties.State)).toEqual([
      'ENABLED',
      'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    ]);
  });

  it.each([
    ['forwarding the detections', {}],
    ['forwarding the SES alarms only', { detections: false, ses: { regions: ['eu-west-1'] } }],
    [
      'forwarding both, with every SES alarm',
      { ses: { regions: ['eu-west-1'], sendsPerFiveMinutes: 500, alarmConfigurationSets: ['marketing'] } },
    ],
  ])('passes cdk-nag AwsSolutions with nothing to acknowledge, %s', (_case, what) => {
    const stack = forwarder(false, what);
    expect(new AwsSolutionsChecks(stack).validateScope(stack).violations).toEqual([]);
  });

  it('names a bad region in the config', () => {
    const app = new App({ context: { 'ato-responder': { forwardFromRegions: ['Ireland'] } } });
    expect(() => readResponderConfig(app)).toThrow(
      'forwardFromRegions.0: must be an AWS region such as "eu-west-1"',
    );
  });
});

describe('the forwarded regions', () => {
  it("are every region of forwardFromRegions and ses.regions but the responder's, each saying what it forwards", () => {
    // Prepare
    const watched = config({
      forwardFromRegions: ['eu-west-1', 'us-east-1', 'us-west-2'],
      ses: { regions: ['us-east-1', 'eu-west-1', 'eu-central-1'] },
    });

    // Act
    const regions = forwardedRegions(watched, 'us-east-1');

    // Assess
    expect(regions).toEqual([
      { region: 'eu-west-1', detections: true, sesAlarms: true },
      { region: 'us-west-2', detections: true, sesAlarms: false },
      { region: 'eu-central-1', detections: false, sesAlarms: true },
    ]);
  });

  it("are none when neither list names a region other than the responder's", () => {
    // Act
    const regions = forwardedRegions(config({ ses: { regions: ['us-east-1'] } }), 'us-east-1');

    // Assess
    expect(regions).toEqual([]);
  });
});
