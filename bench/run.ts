/**
 * `npm run bench`: the figures issue #2 sets targets for. Prints, never asserts (tests do not time
 * things). Ratios are only meaningful within one run: these machines are noisy.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '../lambdas/core/config';
import { respondToEvent } from '../lambdas/core/respond-to-event';
import { normalize } from '../lambdas/sources';
import { DynamoDbIncidentStore } from '../lambdas/providers/aws/dynamodb-store';
import { InMemoryIamAccount } from '../lambdas/providers/memory/iam-account';
import { MemoryIncidentStore } from '../lambdas/providers/memory/incident-store';
import { RecordingNotifier } from '../lambdas/providers/memory/notifier';
import { startLocalDynamoDb } from '../test/providers/aws/dynalite-server';
import { bundle } from './bundle';
import { coldImportMs } from './cold-import';
import { benchDetect } from './detect';
import { investigationBench } from './investigation';
import { RUNBOOKS } from '../lambdas/core/slack-ports';
import { kb, median, ms, percentile } from './stats';
import { timeToSesPause } from './ses-pause';
import { timeToContainment } from './time-to-containment';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const LAMBDAS = [
  { name: 'responder (lambdas/handlers/respond.ts)', entry: join(ROOT, 'lambdas', 'handlers', 'respond.ts') },
  {
    name: 'Twilio webhook (lambdas/handlers/twilio-webhook.ts)',
    entry: join(ROOT, 'lambdas', 'handlers', 'twilio-webhook.ts'),
  },
  {
    name: 'SendGrid Event Webhook (lambdas/handlers/sendgrid-webhook.ts)',
    entry: join(ROOT, 'lambdas', 'handlers', 'sendgrid-webhook.ts'),
  },
  {
    name: 'scheduled audit (lambdas/handlers/scheduled-audit.ts)',
    entry: join(ROOT, 'lambdas', 'handlers', 'scheduled-audit.ts'),
  },
  {
    name: 'Slack endpoint (lambdas/handlers/slack.ts)',
    entry: join(ROOT, 'lambdas', 'handlers', 'slack.ts'),
  },
  {
    name: 'Slack thread (lambdas/handlers/slack-thread.ts)',
    entry: join(ROOT, 'lambdas', 'handlers', 'slack-thread.ts'),
  },
  {
    name: 'runbook steps (lambdas/handlers/runbook-step.ts)',
    entry: join(ROOT, 'lambdas', 'handlers', 'runbook-step.ts'),
  },
];
const HANDLER_ENV = {
  ATO_TABLE_NAME: 'bench',
  ATO_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
  ATO_CONFIG: '{}',
  ATO_TWILIO_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench',
  ATO_SENDGRID_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-sendgrid',
  ATO_SLACK_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench-slack',
  ATO_SLACK_CHANNEL: 'C0000INCID',
  ATO_RUNBOOK_ARNS: JSON.stringify(
    Object.fromEntries(
      RUNBOOKS.map((name) => [name, `arn:aws:states:us-east-1:123456789012:stateMachine:bench-${name}`]),
    ),
  ),
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', path), 'utf8')) as Record<string, unknown>;

const verdict = (ok: boolean): string => (ok ? 'meets target' : 'MISSES target');

async function bundles(): Promise<void> {
  console.log('\n## Bundles (esbuild, minified, CJS, node22 — as the stack builds them)');
  for (const lambda of LAMBDAS) {
    for (const externalSdk of [true, false]) {
      const b = await bundle(lambda.entry, join(OUT, basename(lambda.entry, '.ts')), externalSdk);
      const times = coldImportMs(b.file, 7, HANDLER_ENV);
      const label = externalSdk
        ? 'AWS SDK from the nodejs22.x runtime (deployed)'
        : 'AWS SDK bundled (for comparison)';
      console.log(`${lambda.name}, ${label}:`);
      console.log(
        `  size ${kb(b.bytes)} (${kb(b.gzipBytes)} gzipped)${externalSdk ? ` — target < 300 KB: ${verdict(b.bytes < 300 * 1024)}` : ''}`,
      );
      console.log(
        `  cold import median ${ms(median(times))} (min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))}, 7 fresh processes)` +
          (externalSdk ? ` — target < 150 ms: ${verdict(median(times) < 150)}` : ''),
      );
    }
  }
}

async function callsBeforeContainment(): Promise<void> {
  console.log(
    '\n## IAM calls before the containing call (real normalize → plan → execute, in-memory account)',
  );
  const cases: [string, string, string][] = [
    ['AWS Health, user named', 'health/credentials-exposed.json', 'UpdateAccessKey'],
    [
      'AWS Health, no user name (older shape)',
      'health/credentials-exposed-older-shape.json',
      'UpdateAccessKey',
    ],
    ['GuardDuty finding', 'guardduty/iam-user-malicious-ip-caller.json', 'UpdateAccessKey'],
    [
      'CloudTrail: AWS attached its quarantine (names the user, no key)',
      'cloudtrail/aws-attaches-quarantine-v3.json',
      'PutUserPolicy',
    ],
  ];
  for (const [label, path, containing] of cases) {
    const clock = { now: () => new Date() };
    const iam = new InMemoryIamAccount(
      {
        users: [
          {
            name: 'alice',
            accessKeys: [
              { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Active' },
              { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active' },
            ],
          },
        ],
      },
      clock,
    );
    await respondToEvent(
      fixture(path),
      normalize,
      {
        iam,
        store: new MemoryIncidentStore(),
        notifier: new RecordingNotifier(),
        clock,
        config: loadConfig({ mode: 'enforce' }),
        actor: 'bench',
        protectedTagCheck: 'iam-policy',
      },
      { info: () => undefined, warn: () => undefined },
    );
    const index = iam.calls.findIndex((c) => c.operation === containing);
    const target = path.includes('older-shape') ? 2 : path.startsWith('cloudtrail') ? 2 : 1;
    console.log(
      `  ${label}: ${index + 1} (${iam.calls
        .slice(0, index + 1)
        .map((c) => c.operation)
        .join(' → ')}) — target ${target}: ${verdict(index + 1 <= target && index >= 0)}`,
    );
  }
}

async function timing(): Promise<void> {
  console.log('\n## Handler time from event to the containing call (IAM stubbed at 0 latency)');
  const event = fixture('health/credentials-exposed.json');
  const memory = await timeToContainment(event, () => Promise.resolve(new MemoryIncidentStore()), 300);
  const mem = memory.slice(20).map((s) => s.ms);
  console.log(
    `  in-memory store: median ${ms(median(mem))}, p95 ${ms(percentile(mem, 95))} over ${mem.length} warm runs; ` +
      `first (cold) run ${ms(memory[0]?.ms ?? 0)} — target < 5 ms: ${verdict(median(mem) < 5)}`,
  );

  const db = await startLocalDynamoDb();
  let requests = 0;
  const client = new DynamoDBClient({
    endpoint: await db.client.config.endpoint?.().then((e) => `${e.protocol}//${e.hostname}:${e.port}`),
    region: 'us-east-1',
    credentials: {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    },
  });
  client.middlewareStack.add(
    (next) => (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  try {
    const dynamo = await timeToContainment(
      event,
      async () => new DynamoDbIncidentStore(client, await db.createIncidentTable()),
      60,
      () => requests,
    );
    const warm = dynamo.slice(10);
    console.log(
      `  DynamoDB store (dynalite on 127.0.0.1): median ${ms(median(warm.map((s) => s.ms)))}, p95 ${ms(
        percentile(
          warm.map((s) => s.ms),
          95,
        ),
      )} over ${warm.length} runs; ` +
        `${median(warm.map((s) => s.storeRequestsBefore))} store requests before the containing call (each is one DynamoDB round trip in AWS)`,
    );
  } finally {
    client.destroy();
    await db.stop();
  }
}

async function sesPause(): Promise<void> {
  console.log('\n## SES alarm to the pause call (SES, SSM, IAM stubbed at 0 latency; in-memory store)');
  const samples = await timeToSesPause(fixture('cloudwatch/ses-bounce-rate-alarm.json'), 300);
  const warm = samples.slice(20).map((s) => s.ms);
  const first = samples[0];
  const before = Math.max(...samples.map((s) => s.callsBefore));
  console.log(
    `  calls before the pause: ${before} (run 1: ${first?.calls.join(' → ') ?? 'none'}) — target 0: ${verdict(before === 0)}`,
  );
  console.log(
    `  handler time to the pause: median ${ms(median(warm))}, p95 ${ms(percentile(warm, 95))} over ${warm.length} warm runs; first (cold) run ${ms(first?.ms ?? 0)}`,
  );
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  console.log(`ato-responder bench — node ${process.version}, ${new Date().toISOString()}`);
  await bundles();
  await callsBeforeContainment();
  await timing();
  await sesPause();
  await investigationBench();
  await benchDetect(ROOT);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
