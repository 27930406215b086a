/** AwsRegionDirectory: Account Management ListRegions (Account Management API Reference), every page. */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { AwsRegionDirectory } from '../../../lambdas/providers/aws/regions';

const account = mockClient(AccountClient);

beforeEach(() => {
  account.reset();
});

describe('AwsRegionDirectory', () => {
  it('lists the regions opted in or enabled by default, across every page', async () => {
    // Prepare
    account
      .on(ListRegionsCommand)
      .resolvesOnce({
        Regions: [
          { RegionName: 'us-east-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
          { RegionName: 'eu-west-1', RegionOptStatus: 'ENABLED_BY_DEFAULT' },
        ],
        NextToken: 'next',
      })
      .resolvesOnce({ Regions: [{ RegionName: 'ap-east-1', RegionOptStatus: 'ENABLED' }] });

    // Act
    const regions = await new AwsRegionDirectory(new AccountClient({ region: 'us-east-1' })).enabledRegions();

    // Assess
    expect(regions).toEqual(['ap-east-1', 'eu-west-1', 'us-east-1']);
    // (the SDK's paginator reuses one input object, so only the last call's token can be read)
    expect(account).toHaveReceivedCommandTimes(ListRegionsCommand, 2);
    expect(account).toHaveReceivedNthSpecificCommandWith(2, ListRegionsCommand, {
      RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'],
      NextToken: 'next',
    });
  });

  it('reports a refusal as a ProviderError naming ListRegions', async () => {
    // Prepare
    account.on(ListRegionsCommand).rejects(
      Object.assign(new Error('not authorized to perform: account:ListRegions'), {
        name: 'AccessDeniedException',
      }),
    );

    // Act
    const error = await new AwsRegionDirectory(new AccountClient({ region: 'us-east-1' }))
      .enabledRegions()
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).message).toBe(
      'ListRegions on account failed: AccessDeniedException: not authorized to perform: account:ListRegions',
    );
  });
});
