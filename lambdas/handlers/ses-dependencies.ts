/**
 * The SES responder's providers: loaded on the first SES action only (see lazySesPorts in
 * dependencies.ts), so the responders that do not watch SES never load their SDK packages — and
 * every other cold start stays as fast as before.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { AwsSes } from '../providers/aws/ses';
import { createSesClient, createSsmClient } from '../providers/aws/ses-clients';
import { AwsSesSenders } from '../providers/aws/ses-senders';
import { SsmParameters } from '../providers/aws/ssm-parameters';

export function sesProviders(iamClient: IAMClient): {
  ses: AwsSes;
  parameters: SsmParameters;
  senders: AwsSesSenders;
} {
  return {
    ses: new AwsSes(createSesClient),
    parameters: new SsmParameters(createSsmClient()),
    senders: new AwsSesSenders(iamClient),
  };
}
