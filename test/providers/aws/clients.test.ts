/**
 * The endpoint from AWS_ENDPOINT_URL is resolved lazily, per request (`client.config.endpoint` stays
 * undefined in this SDK version), so these tests read the request a command would actually send:
 * a build-step middleware records it and stops the call before signing or network.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetAccessKeyLastUsedCommand } from '@aws-sdk/client-iam';
import { ListTopicsCommand } from '@aws-sdk/client-sns';
import {
  IAM_DEFAULT_REGION,
  createDynamoDbClient,
  createIamClient,
  createSnsClient,
} from '../../../lambdas/providers/aws/clients';

interface SentRequest {
  protocol: string;
  hostname: string;
  port?: number;
}

const STOP = 'stopped before sending';

/** The one capability of a client's middleware stack these tests use. */
interface BuildStepStack {
  add(
    middleware: () => (args: { request: unknown }) => Promise<never>,
    options: { step: 'build'; name: string },
  ): void;
}

/** Send one command (built by `send`) and return where it would have gone. */
async function destinationOf(stack: BuildStepStack, send: () => Promise<unknown>): Promise<SentRequest> {
  let sent: SentRequest | undefined;
  stack.add(
    () => (args) => {
      sent = args.request as SentRequest;
      return Promise.reject(new Error(STOP));
    },
    { step: 'build', name: 'captureDestination' },
  );
  await expect(send()).rejects.toThrow(STOP);
  if (sent === undefined) throw new Error('no request was built');
  return { protocol: sent.protocol, hostname: sent.hostname, port: sent.port };
}

/** Each factory with one harmless read of its service. */
const services = [
  {
    service: 'IAM',
    client: () => {
      const iam = createIamClient();
      const send = () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }));
      return { stack: iam.middlewareStack, send };
    },
  },
  {
    service: 'SNS',
    client: () => {
      const sns = createSnsClient();
      return { stack: sns.middlewareStack, send: () => sns.send(new ListTopicsCommand({})) };
    },
  },
  {
    service: 'DynamoDB',
    client: () => {
      const dynamodb = createDynamoDbClient();
      return { stack: dynamodb.middlewareStack, send: () => dynamodb.send(new ListTablesCommand({})) };
    },
  },
];

const ENV_KEYS = ['AWS_ENDPOINT_URL', 'AWS_REGION'] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

afterEach(() => {
  for (const key of ENV_KEYS) {
    const value = savedEnv[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('AWS client factory', () => {
  it.each(services)('sends $service requests to AWS_ENDPOINT_URL when it is set', async ({ client }) => {
    // Prepare
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';

    const { stack, send } = client();

    // Act
    const destination = await destinationOf(stack, send);

    // Assess
    expect(destination).toEqual({ protocol: 'http:', hostname: 'localhost', port: 4566 });
  });

  it('sends IAM requests to the global IAM endpoint when no endpoint is configured', async () => {
    // Prepare
    const [iam] = services;
    if (iam === undefined) throw new Error('IAM is the first service');
    const { stack, send } = iam.client();

    // Act
    const destination = await destinationOf(stack, send);

    // Assess
    expect(destination).toMatchObject({ protocol: 'https:', hostname: 'iam.amazonaws.com' });
  });

  it('gives IAM us-east-1 when no region is set, since IAM is global', async () => {
    // Prepare
    delete process.env.AWS_REGION;

    // Act
    const region = await createIamClient().config.region();

    // Assess
    expect(region).toBe(IAM_DEFAULT_REGION);
  });

  it('uses AWS_REGION for every client, and an explicit region over it', async () => {
    // Prepare
    process.env.AWS_REGION = 'eu-west-1';

    // Act
    const regions = await Promise.all([
      createIamClient().config.region(),
      createSnsClient().config.region(),
      createDynamoDbClient().config.region(),
      createSnsClient({ region: 'ap-southeast-2' }).config.region(),
    ]);

    // Assess
    expect(regions).toEqual(['eu-west-1', 'eu-west-1', 'eu-west-1', 'ap-southeast-2']);
  });

  it.each([
    { service: 'IAM', client: createIamClient },
    { service: 'SNS', client: createSnsClient },
    { service: 'DynamoDB', client: createDynamoDbClient },
  ])('retries $service throttling adaptively, up to 5 attempts', async ({ client }) => {
    // Act
    const { config } = client();

    // Assess: `retryMode` stays a plain string in the resolved config; the strategy built from it tells
    await expect(config.retryStrategy()).resolves.toMatchObject({ mode: 'adaptive' });
    await expect(config.maxAttempts()).resolves.toBe(5);
  });
});
