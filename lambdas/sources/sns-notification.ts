/**
 * The incident topic's notifications as SNS delivers them to a Lambda subscriber: the incident each
 * names in its `incidentId` message attribute. A record without one is skipped with the reason.
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
 */
import { arrayAt, stringAt } from './eventbridge-envelope';

const INCIDENT_ID = /^[\x21-\x7e]{1,100}$/;

export function notifiedIncidentsOf(event: unknown): { incidentIds: string[]; skipped: string[] } {
  const incidentIds: string[] = [];
  const skipped: string[] = [];
  for (const [i, record] of (arrayAt(event, 'Records') ?? []).entries()) {
    const id = stringAt(record, 'Sns', 'MessageAttributes', 'incidentId', 'Value');
    if (id && INCIDENT_ID.test(id)) {
      if (!incidentIds.includes(id)) incidentIds.push(id);
    } else
      skipped.push(
        `record ${i}: no incidentId message attribute (${stringAt(record, 'Sns', 'MessageId') ?? '?'})`,
      );
  }
  return { incidentIds, skipped };
}
