/**
 * Notifier over one SNS topic. Whatever the core writes, the publish must not be rejected for its
 * shape: an incident report that fails validation is an incident nobody hears about.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notifier } from '../../core/ports';
import { awsCall } from './errors';

/**
 * Publish: "Subjects must be … no line breaks or control characters, and less than 100 characters
 * long". Email subscribers see it as the mail's subject; ASCII keeps every mail client honest.
 */
export const SNS_SUBJECT_MAX_CHARS = 99;
/** Publish: "at most 256 KiB in size (262,144 bytes, not 262,144 characters)". */
export const SNS_MESSAGE_MAX_BYTES = 262_144;

const SUBJECT_ELLIPSIS = '...';
export const TRUNCATION_MARKER =
  '\n\n[truncated by ato-responder: the full report exceeded SNS message size]';

/** Printable ASCII only, on one line, trimmed, at most 99 characters; undefined when nothing is left. */
export function sanitizeSubject(subject: string): string | undefined {
  const ascii = subject
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents dropped: "Übernahme" reads as "Ubernahme", not "?bernahme"
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/gu, '?') // per code point: an emoji is one '?', not two
    .trim();
  if (ascii === '') return undefined;
  if (ascii.length <= SNS_SUBJECT_MAX_CHARS) return ascii;
  return ascii.slice(0, SNS_SUBJECT_MAX_CHARS - SUBJECT_ELLIPSIS.length).trimEnd() + SUBJECT_ELLIPSIS;
}

/** At most 256 KiB of UTF-8, cut on a character boundary, with a marker saying it was cut. */
export function fitMessage(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= SNS_MESSAGE_MAX_BYTES) return message;
  let end = SNS_MESSAGE_MAX_BYTES - Buffer.byteLength(TRUNCATION_MARKER, 'utf8');
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split in half.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + TRUNCATION_MARKER;
}

/** The message attribute naming the incident (the Slack thread's subscriber reads it). */
export const INCIDENT_ATTRIBUTE = 'incidentId';

export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(subject: string, message: string, incidentId?: string): Promise<{ messageId?: string }> {
    const safeSubject = sanitizeSubject(subject);
    const out = await awsCall('Publish', this.topicArn, () =>
      this.sns.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Message: fitMessage(message),
          ...(safeSubject === undefined ? {} : { Subject: safeSubject }),
          ...(incidentId
            ? { MessageAttributes: { [INCIDENT_ATTRIBUTE]: { DataType: 'String', StringValue: incidentId } } }
            : {}),
        }),
      ),
    );
    return out.MessageId === undefined ? {} : { messageId: out.MessageId };
  }
}
