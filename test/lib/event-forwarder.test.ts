import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EventForwarderStack } from '../../lib/event-forwarder-stack';
import { cloudTrailDetections } from '../../lib/responder-event-rules';
import { readResponderConfig } from '../../lib/config-context';

function forwarder(readOnlyEvents = false): EventForwarderStack {
  const app = new App({ builtinCloudFormationValidation: false });
  return new EventForwarderStack(app, 'Forwarder', {
    env: { account: '123456789012', region: 'eu-west-1' },
    responderRegion: 'us-east-1',
    readOnlyEvents,
  });
}

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

  it('passes cdk-nag AwsSolutions with nothing to acknowledge', () => {
    const stack = forwarder();
    expect(new AwsSolutionsChecks(stack).validateScope(stack).violations).toEqual([]);
  });

  it('names a bad region in the config', () => {
    const app = new App({ context: { 'ato-responder': { forwardFromRegions: ['Ireland'] } } });
    expect(() => readResponderConfig(app)).toThrow(
      'forwardFromRegions.0: must be an AWS region such as "eu-west-1"',
    );
  });
});
