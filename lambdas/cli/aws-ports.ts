/**
 * The ports a person's credentials drive from the laptop: IAM, SES (any region) and the SSM
 * parameters of the CLI's region — run with AWS_REGION set to the responder's region, where its
 * table and failover flag live.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { createClient, createIamClient } from '../providers/aws/clients';
import { createSesClient, createSsmClient } from '../providers/aws/ses-clients';
import { CloudWatchAlarms } from '../providers/aws/cloudwatch-alarms';
import { AwsIam } from '../providers/aws/iam';
import { AwsIamRemovals } from '../providers/aws/iam-removals';
import { AwsIamRestore } from '../providers/aws/iam-restore';
import { AwsSes } from '../providers/aws/ses';
import { SsmParameters } from '../providers/aws/ssm-parameters';

export function changePorts(): { iam: AwsIam; ses: AwsSes; parameters: SsmParameters } {
  return {
    iam: new AwsIam(createIamClient()),
    ses: new AwsSes(createSesClient),
    parameters: new SsmParameters(createSsmClient()),
  };
}

/** The removals an investigation proposed, carried out by `ato approve` with the person's credentials. */
export function iamRemovals(): AwsIamRemovals {
  return new AwsIamRemovals(createIamClient());
}

/** What `ato undo` puts back after such a removal (a policy, a trust policy). */
export function iamRestore(): AwsIamRestore {
  return new AwsIamRestore(createIamClient());
}

export function alarmStates(): CloudWatchAlarms {
  return new CloudWatchAlarms((region) => createClient(CloudWatchClient, region));
}
