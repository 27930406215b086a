/**
 * Who can send through SES, in memory, for the drill and tests: the users of an in-memory account
 * whose inline policies allow sending (the same grantsSesSending the AWS provider applies), with their
 * keys' last use as the scenario recorded it.
 */
import {
  type SenderKey,
  type SesSender,
  type SesSenderDirectory,
  grantsSesSending,
} from '../../core/ses-senders';
import type { MemoryUser } from './iam-account';

export class InMemorySesSenders implements SesSenderDirectory {
  /** How many times the directory was read. */
  reads = 0;

  constructor(private readonly list: SesSender[]) {}

  static fromUsers(
    users: MemoryUser[],
    lastUsed: Record<string, SenderKey['lastUsed']> = {},
  ): InMemorySesSenders {
    const senders = users.flatMap((user): SesSender[] => {
      const grantedBy = Object.entries(user.inlinePolicies ?? {})
        .filter(([, document]) => grantsSesSending(document))
        .map(([name]) => name);
      if (!grantedBy.length) return [];
      const accessKeys = user.accessKeys.map((key) => {
        const use = lastUsed[key.accessKeyId];
        return { ...key, ...(use ? { lastUsed: use } : {}) };
      });
      return [{ principal: { type: 'user', name: user.name }, grantedBy, accessKeys }];
    });
    return new InMemorySesSenders(senders);
  }

  senders(): Promise<SesSender[]> {
    this.reads += 1;
    return Promise.resolve(structuredClone(this.list));
  }
}
