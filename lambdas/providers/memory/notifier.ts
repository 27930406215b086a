import type { Notifier } from '../../core/ports';

/** Keeps what would have been published, for the drill and tests. */
export class RecordingNotifier implements Notifier {
  readonly messages: { subject: string; message: string; incidentId?: string }[] = [];

  publish(subject: string, message: string, incidentId?: string): Promise<{ messageId?: string }> {
    this.messages.push({ subject, message, ...(incidentId ? { incidentId } : {}) });
    return Promise.resolve({ messageId: `msg-${this.messages.length}` });
  }
}
