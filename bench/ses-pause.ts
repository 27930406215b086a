/**
 * Handler time from an SES alarm's state change to the pause call, with SES, SSM and IAM stubbed at 0
 * latency behind the real providers (the SDK's middleware stack still runs), and which AWS calls came
 * before the pause (target: none — the pause is the first call).
 */
import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutAccountSendingAttributesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { loadConfig } from '../lambdas/core/config';
import type { RespondDeps } from '../lambdas/core/respond';
import { respondToEvent } from '../lambdas/core/respond-to-event';
import { AwsIam } from '../lambdas/providers/aws/iam';
import { AwsSes } from '../lambdas/providers/aws/ses';
import { AwsSesSenders } from '../lambdas/providers/aws/ses-senders';
import { SsmParameters } from '../lambdas/providers/aws/ssm-parameters';
import { MemoryIncidentStore } from '../lambdas/providers/memory/incident-store';
import { RecordingNotifier } from '../lambdas/providers/memory/notifier';
import { normalize } from '../lambdas/sources';

const silent = { info: () => undefined, warn: () => undefined };

export interface PauseSample {
  ms: number;
  /** AWS calls (any service) made before the pause. */
  callsBefore: number;
  /** Every AWS call of the run, in order. */
  calls: string[];
}

export async function timeToSesPause(event: Record<string, unknown>, runs: number): Promise<PauseSample[]> {
  const ses = mockClient(SESv2Client);
  const ssm = mockClient(SSMClient);
  const iam = mockClient(IAMClient);
  const samples: PauseSample[] = [];
  const config = loadConfig({
    mode: 'enforce',
    budget: { automaticContainmentsPerHour: 1000 },
    ses: { regions: ['us-east-1'], failoverFlag: { parameterName: '/ato-responder/email/provider' } },
  });
  try {
    for (let i = 0; i < runs; i++) {
      const calls: string[] = [];
      let reachedAt = 0;
      let callsBefore = 0;
      for (const mock of [ses, ssm, iam]) mock.reset();
      iam.on(GetAccountAuthorizationDetailsCommand).callsFake(() => {
        calls.push('iam:GetAccountAuthorizationDetails');
        return {
          UserDetailList: [],
          RoleDetailList: [],
          GroupDetailList: [],
          Policies: [],
          IsTruncated: false,
        };
      });
      ssm.on(GetParameterCommand).callsFake(() => {
        calls.push('ssm:GetParameter');
        return { Parameter: { Name: '/ato-responder/email/provider', Value: 'primary', Type: 'String' } };
      });
      ssm.on(PutParameterCommand).callsFake(() => (calls.push('ssm:PutParameter'), { Version: 2 }));
      ses.on(PutAccountSendingAttributesCommand).callsFake(() => {
        if (!reachedAt) {
          reachedAt = performance.now();
          callsBefore = calls.length;
        }
        calls.push('ses:PutAccountSendingAttributes');
        return {};
      });
      const iamClient = new IAMClient({ region: 'us-east-1' });
      const deps: RespondDeps = {
        iam: new AwsIam(iamClient),
        ses: new AwsSes((region) => new SESv2Client({ region })),
        parameters: new SsmParameters(new SSMClient({ region: 'us-east-1' })),
        senders: new AwsSesSenders(iamClient),
        store: new MemoryIncidentStore(),
        notifier: new RecordingNotifier(),
        clock: { now: () => new Date() },
        config,
        actor: 'bench',
        protectedTagCheck: 'iam-policy',
      };
      const start = performance.now();
      await respondToEvent({ ...event, id: `bench-${i}` }, normalize, deps, silent);
      samples.push({ ms: reachedAt - start, callsBefore, calls });
    }
  } finally {
    for (const mock of [ses, ssm, iam]) mock.restore();
  }
  return samples;
}
