/**
 * The investigation queue (SQS, with a per-message delay): a deactivation goes in as JSON and comes out
 * for the investigator, which checks the message again — a queue accepts anything from anyone allowed
 * to send to it. SQS message attributes: SQS API reference, SendMessage.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { InvestigationQueue, KeyDeactivation } from '../../core/investigation/ports';
import { ACCESS_KEY_ID } from '../../core/signal';
import { awsCall } from './errors';

export class SqsInvestigationQueue implements InvestigationQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(deactivation: KeyDeactivation, delaySeconds: number): Promise<void> {
    await awsCall('SendMessage', `${this.queueUrl} ${deactivation.accessKeyId}`, () =>
      this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(deactivation),
          DelaySeconds: delaySeconds,
        }),
      ),
    );
  }
}

export type ParsedQueuedDeactivation = { ok: true; value: KeyDeactivation } | { ok: false; reason: string };

const FIELDS = ['eventId', 'incidentId', 'accessKeyId', 'actionId', 'deactivatedAt'] as const;

/** An SQS message body → the deactivation it carries, or why it carries none. Never throws. */
export function parseQueuedDeactivation(body: unknown): ParsedQueuedDeactivation {
  if (typeof body !== 'string') return { ok: false, reason: 'message without a body' };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'message body is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'message body is not a JSON object' };
  const fields = value as Record<string, unknown>;
  const missing = FIELDS.filter((name) => typeof fields[name] !== 'string' || fields[name] === '');
  if (missing.length) return { ok: false, reason: `message body lacks ${missing.join(', ')}` };
  const deactivation = Object.fromEntries(
    FIELDS.map((name) => [name, fields[name]]),
  ) as unknown as KeyDeactivation;
  if (!ACCESS_KEY_ID.test(deactivation.accessKeyId))
    return { ok: false, reason: 'accessKeyId is not an access key id' };
  if (Number.isNaN(Date.parse(deactivation.deactivatedAt)))
    return { ok: false, reason: 'deactivatedAt is not a time' };
  return { ok: true, value: deactivation };
}
