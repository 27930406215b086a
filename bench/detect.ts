/**
 * `ato detect` throughput on a generated trail (default 1 GB of CloudTrail log files as delivered
 * to S3; ATO_BENCH_TRAIL_MB to change) against JSON.parse alone of the same files, in one run; and
 * peak memory after a quarter of the trail vs after all of it (flat means streaming works).
 */
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../lambdas/core/config';
import { readTrail } from '../lambdas/cli/detect/trail-reader';
import { MemoryActivityBaseline, detectCloudTrailRecord, ruleContext } from '../lambdas/sources/detection';

const FILE_MB = 64;

function sampleRecords(root: string): Record<string, unknown>[] {
  const dir = join(root, 'test', 'fixtures', 'cloudtrail');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map(
      (name) =>
        (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { detail: Record<string, unknown> }).detail,
    );
}

/**
 * The bulk of a real trail: read-only and service calls no rule looks at (shaped after CloudTrail
 * record contents for management events; placeholders only).
 */
function routineRecords(): Record<string, unknown>[] {
  const role = {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEID:web-app',
    arn: 'arn:aws:sts::123456789012:assumed-role/web-app/i-0123456789abcdef0',
    accountId: '123456789012',
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEID',
        arn: 'arn:aws:iam::123456789012:role/web-app',
        accountId: '123456789012',
        userName: 'web-app',
      },
      attributes: { creationDate: '2026-11-22T01:00:00Z', mfaAuthenticated: 'false' },
    },
  };
  const base = {
    eventVersion: '1.09',
    userIdentity: role,
    eventTime: '2026-11-22T02:00:00Z',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.20',
    userAgent: 'aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0',
    responseElements: null,
    requestID: '11111111-2222-4333-8444-555555555555',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
  };
  return [
    {
      ...base,
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      requestParameters: { instancesSet: {}, filterSet: {} },
    },
    {
      ...base,
      eventSource: 'kms.amazonaws.com',
      eventName: 'Decrypt',
      requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
    },
    {
      ...base,
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameter',
      requestParameters: { name: '/web-app/db-url', withDecryption: true },
    },
    {
      ...base,
      userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      readOnly: false,
      requestParameters: {
        roleArn: 'arn:aws:iam::123456789012:role/web-app',
        roleSessionName: 'i-0123456789abcdef0',
      },
    },
  ];
}

/** Files of ~64 MB of `{"Records":[…]}`: routine calls, and one record in 33 from the fixtures (calls the rules look at). */
function generateTrail(root: string, totalMb: number): { dir: string; files: string[]; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ato-bench-trail-'));
  const samples = sampleRecords(root);
  const routine = routineRecords();
  const files: string[] = [];
  let bytes = 0;
  let n = 0;
  for (let f = 0; bytes < totalMb * 1024 * 1024; f++) {
    const path = join(dir, `123456789012_CloudTrail_us-east-1_${String(f).padStart(4, '0')}.json`);
    const fd = openSync(path, 'w');
    let size = writeSync(fd, '{"Records":[');
    for (let first = true; size < FILE_MB * 1024 * 1024; first = false) {
      const template = n % 33 === 0 ? samples[(n / 33) % samples.length] : routine[n % routine.length];
      const record = { ...(template as Record<string, unknown>), eventID: `bench-${n++}` };
      size += writeSync(fd, `${first ? '' : ','}${JSON.stringify(record)}`);
    }
    size += writeSync(fd, ']}');
    closeSync(fd);
    files.push(path);
    bytes += size;
  }
  return { dir, files, bytes };
}

export async function benchDetect(root: string): Promise<void> {
  const totalMb = Number(process.env.ATO_BENCH_TRAIL_MB ?? 1024);
  console.log(`\n## ato detect over a generated trail (${totalMb} MB in ${FILE_MB} MB CloudTrail log files)`);
  const trail = generateTrail(root, totalMb);
  try {
    const ctx = ruleContext(loadConfig({}).detection, new MemoryActivityBaseline());
    const quarter = Math.max(1, Math.floor(trail.files.length / 4));
    let peakQuarter = 0;
    let peak = 0;
    let records = 0;
    let detections = 0;
    let start = performance.now();
    for (const [i, file] of trail.files.entries()) {
      for await (const item of readTrail(file)) {
        if ('error' in item) continue;
        records++;
        detections += detectCloudTrailRecord(item.record, ctx).length;
        if (records % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      }
      if (i + 1 === quarter) peakQuarter = peak;
    }
    const detectSeconds = (performance.now() - start) / 1000;
    // JSON.parse second: its 64 MB strings would otherwise inflate the peak measured above.
    start = performance.now();
    let parsed = 0;
    for (const file of trail.files)
      parsed += (JSON.parse(readFileSync(file, 'utf8')) as { Records: unknown[] }).Records.length;
    const parseSeconds = (performance.now() - start) / 1000;

    const mb = trail.bytes / 1024 / 1024;
    console.log(
      `  JSON.parse alone: ${parseSeconds.toFixed(1)} s (${(mb / parseSeconds).toFixed(0)} MB/s, ${parsed} records)`,
    );
    console.log(
      `  ato detect: ${detectSeconds.toFixed(1)} s (${(mb / detectSeconds).toFixed(0)} MB/s, ${records} records, ${detections} detections)`,
    );
    const ratio = parseSeconds / detectSeconds;
    console.log(
      `  throughput vs JSON.parse: ${ratio.toFixed(2)}× — target ≥ 0.5×: ${ratio >= 0.5 ? 'meets target' : 'MISSES target'}`,
    );
    console.log(
      `  peak RSS after a quarter: ${(peakQuarter / 1024 / 1024).toFixed(0)} MB; after all: ${(peak / 1024 / 1024).toFixed(0)} MB (flat = streaming)`,
    );
  } finally {
    rmSync(trail.dir, { recursive: true, force: true });
  }
}
