/** Publish request and response as in https://docs.aws.amazon.com/sns/latest/api/API_Publish.html */
import {
  AuthorizationErrorException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
// Registered by jest's setup too; imported here so tsc sees the matchers' types.
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import {
  SNS_MESSAGE_MAX_BYTES,
  SnsNotifier,
  TRUNCATION_MARKER,
  fitMessage,
  sanitizeSubject,
} from '../../../lambdas/providers/aws/sns';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ato-responder-incidents';
const MESSAGE_ID = '567910cd-659e-55d4-8ccb-5aaf14679dc0';

const snsMock = mockClient(SNSClient);
const notifier = new SnsNotifier(new SNSClient({}), TOPIC_ARN);

async function rejection(pending: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: MESSAGE_ID });
});

describe('SnsNotifier', () => {
  it('publishes the subject and message to the configured topic and returns the message id', async () => {
    // Act
    const result = await notifier.publish(
      'Leaked key AKIAIOSFODNN7EXAMPLE contained',
      'Key deactivated at 10:00:01Z.',
    );

    // Assess
    expect(result).toEqual({ messageId: MESSAGE_ID });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      Subject: 'Leaked key AKIAIOSFODNN7EXAMPLE contained',
      Message: 'Key deactivated at 10:00:01Z.',
    });
  });

  it('sends a subject SNS accepts even when the title has line breaks and non-ASCII text', async () => {
    // Act
    await notifier.publish('Übernahme: user alice\r\nSES sending\t— 26% bounces 🚨', 'report');

    // Assess
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      Subject: 'Ubernahme: user alice SES sending ? 26% bounces ?',
    });
  });

  it('leaves the subject out when nothing printable is left of it', async () => {
    // Act
    await notifier.publish(' \n\t ', 'report');

    // Assess
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input).toEqual({ TopicArn: TOPIC_ARN, Message: 'report' });
  });

  it('turns SNS throttling into a retryable ProviderError naming Publish and the topic', async () => {
    // Prepare
    snsMock
      .on(PublishCommand)
      .rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }));

    // Act
    const error = await rejection(notifier.publish('subject', 'message'));

    // Assess
    expect(error).toMatchObject({
      call: 'Publish',
      resource: TOPIC_ARN,
      code: 'ThrottledException',
      retryable: true,
    });
    expect(error.message).toBe(`Publish on ${TOPIC_ARN} failed: ThrottledException: Rate exceeded`);
  });

  it('reports a refused publish as final', async () => {
    // Prepare
    snsMock.on(PublishCommand).rejects(
      new AuthorizationErrorException({
        message:
          'User: arn:aws:sts::123456789012:assumed-role/ato-responder/respond is not authorized to perform: SNS:Publish',
        $metadata: { httpStatusCode: 403 },
      }),
    );

    // Act
    const error = await rejection(notifier.publish('subject', 'message'));

    // Assess
    expect(error).toMatchObject({ call: 'Publish', code: 'AuthorizationErrorException', retryable: false });
  });
});

describe('sanitizeSubject', () => {
  it('cuts a long subject to 99 characters, ending with an ellipsis', () => {
    // Act
    const subject = sanitizeSubject(`Incident ${'x'.repeat(200)}`);

    // Assess
    expect(subject).toHaveLength(99);
    expect(subject).toBe(`Incident ${'x'.repeat(87)}...`);
  });

  it('keeps a subject of exactly 99 characters whole', () => {
    // Act
    const subject = sanitizeSubject('y'.repeat(99));

    // Assess
    expect(subject).toBe('y'.repeat(99));
  });
});

describe('fitMessage', () => {
  it('keeps a message of exactly 256 KiB unchanged', () => {
    // Prepare
    const message = 'a'.repeat(SNS_MESSAGE_MAX_BYTES);

    // Act
    const fitted = fitMessage(message);

    // Assess
    expect(fitted).toBe(message);
  });

  it('cuts an oversized message to 256 KiB of UTF-8, on a character boundary, with a marker', () => {
    // Prepare: "€" is 3 bytes, so 262,144 bytes cannot end on a whole character by chance
    const message = '€'.repeat(100_000);

    // Act
    const fitted = fitMessage(message);

    // Assess
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
    expect(fitted.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(fitted.slice(0, -TRUNCATION_MARKER.length)).toMatch(/^€+$/);
    expect(fitted).not.toContain('\uFFFD');
  });
});
