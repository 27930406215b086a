/**
 * RegionDirectory over Account Management `ListRegions` (Account Management API Reference,
 * ListRegions): the regions with opt status `ENABLED` (opted in) or `ENABLED_BY_DEFAULT`, every
 * page. A disabled region cannot be called, by the intruder either.
 */
import type { AccountClient } from '@aws-sdk/client-account';
import { paginateListRegions } from '@aws-sdk/client-account';
import type { RegionDirectory } from '../../core/investigation/ports';
import { awsCall } from './errors';
import { collect } from './iam-calls';

export class AwsRegionDirectory implements RegionDirectory {
  constructor(private readonly account: AccountClient) {}

  async enabledRegions(): Promise<string[]> {
    const regions = await awsCall('ListRegions', 'account', () =>
      collect(
        paginateListRegions(
          { client: this.account },
          { RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] },
        ),
        (page) => page.Regions,
      ),
    );
    return regions
      .map((r) => r.RegionName)
      .filter((name): name is string => name !== undefined && name !== '')
      .sort();
  }
}
