/**
 * The CDK app: one AtoResponderStack, and one EventForwarderStack per other region in
 * `forwardFromRegions` or `ses.regions`, checked by cdk-nag (AwsSolutions) on every synth. The config
 * comes from the `ato-responder` context key (cdk.json or `-c`); a bad one fails here, naming the
 * field.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readResponderConfig } from '../lib/config-context';
import { AtoResponderStack } from '../lib/ato-responder-stack';
import { EventForwarderStack, forwardedRegions } from '../lib/event-forwarder-stack';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

// With no credentials both are undefined and the stack is environment-agnostic; a concrete region
// other than us-east-1 earns a warning from the stack (see IAM_EVENTS_REGION).
const config = readResponderConfig(app);
const account = process.env.CDK_DEFAULT_ACCOUNT;
const responderRegion = process.env.CDK_DEFAULT_REGION ?? 'us-east-1';
new AtoResponderStack(app, 'AtoResponder', {
  env: { account, region: process.env.CDK_DEFAULT_REGION },
  description: 'ato-responder: contains leaked AWS access keys, records and notifies',
  config,
  // Its SES alarms, if its region is watched, go where no forwarder goes (see below).
  responderRegion,
});

// Events AWS delivers only in their own region (and the SES alarms of a watched region) reach the
// responder through one small stack each.
for (const { region, detections, sesAlarms } of forwardedRegions(config, responderRegion)) {
  new EventForwarderStack(app, `AtoResponderForwarder-${region}`, {
    env: { account, region },
    description: `ato-responder: forwards ${region} events the responder acts on to ${responderRegion}`,
    responderRegion,
    readOnlyEvents: config.detection.readOnlyEvents,
    detections,
    ...(sesAlarms ? { ses: config.ses } : {}),
  });
}

app.synth();
