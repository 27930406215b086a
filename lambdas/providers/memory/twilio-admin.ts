/**
 * A Twilio account's subaccounts, API keys, auth tokens and phone-number URLs in memory, for the drill
 * and tests: every change kept in `calls`, tokens never (only that one was made or promoted).
 */
import { type NumberUrl, ProviderError, type SecretPort, type TwilioAdminPort } from '../../core/ports';

export class InMemoryTwilioAdmin implements TwilioAdminPort {
  readonly calls: string[] = [];
  readonly statuses: Map<string, string>;
  readonly keys: Set<string>;
  readonly numbers: Map<string, NumberUrl[]>;
  primaryToken: string;
  secondaryToken: string | undefined;
  /** Set to make the next promotion fail, as Twilio does when the secondary is gone. */
  failPromotion: Error | undefined;
  private made = 0;

  constructor(
    readonly accountSid: string,
    state: {
      subaccounts?: Record<string, string>;
      keys?: string[];
      numbers?: Record<string, NumberUrl[]>;
      authToken?: string;
    } = {},
  ) {
    this.statuses = new Map(Object.entries(state.subaccounts ?? {}));
    this.keys = new Set(state.keys ?? []);
    this.numbers = new Map(Object.entries(state.numbers ?? {}).map(([sid, urls]) => [sid, [...urls]]));
    this.primaryToken = state.authToken ?? 'token-0';
  }

  subaccountStatus(sid: string): Promise<string> {
    return Promise.resolve(this.statuses.get(sid) ?? 'unknown');
  }

  setSubaccountStatus(sid: string, status: 'active' | 'suspended'): Promise<void> {
    this.calls.push(`status ${sid} ${status}`);
    this.statuses.set(sid, status);
    return Promise.resolve();
  }

  deleteApiKey(sid: string): Promise<void> {
    this.calls.push(`delete ${sid}`);
    this.keys.delete(sid);
    return Promise.resolve();
  }

  createSecondaryAuthToken(): Promise<string> {
    this.made += 1;
    this.secondaryToken = `token-${this.made}`;
    this.calls.push('create secondary token');
    return Promise.resolve(this.secondaryToken);
  }

  promoteSecondaryAuthToken(): Promise<void> {
    this.calls.push('promote secondary token');
    if (this.failPromotion) return Promise.reject(this.failPromotion);
    if (!this.secondaryToken) return Promise.reject(new Error('no secondary token to promote'));
    this.primaryToken = this.secondaryToken;
    this.secondaryToken = undefined;
    return Promise.resolve();
  }

  deleteSecondaryAuthToken(): Promise<void> {
    this.calls.push('delete secondary token');
    this.secondaryToken = undefined;
    return Promise.resolve();
  }

  numberUrls(numberSid: string): Promise<NumberUrl[]> {
    return Promise.resolve((this.numbers.get(numberSid) ?? []).map((u) => ({ ...u })));
  }

  setNumberUrls(numberSid: string, urls: readonly NumberUrl[]): Promise<void> {
    this.calls.push(`urls ${numberSid} ${urls.map((u) => `${u.field}=${u.url}`).join(' ')}`);
    const kept = (this.numbers.get(numberSid) ?? []).filter((u) => !urls.some((n) => n.field === u.field));
    this.numbers.set(numberSid, [...kept, ...urls.map((u) => ({ ...u }))]);
    return Promise.resolve();
  }
}

/** A secret in memory: every value written is kept, newest last. */
export class InMemorySecret implements SecretPort {
  readonly written: string[] = [];
  /** The write attempts (1 = the first) that fail. */
  failingWrites = new Set<number>();
  private attempts = 0;

  constructor(public value: string) {}

  read(): Promise<string> {
    return Promise.resolve(this.value);
  }

  write(value: string): Promise<void> {
    this.attempts += 1;
    if (this.failingWrites.has(this.attempts))
      return Promise.reject(
        new ProviderError(
          'secretsmanager:PutSecretValue',
          'twilio',
          'AccessDeniedException',
          'denied',
          false,
        ),
      );
    this.written.push(value);
    this.value = value;
    return Promise.resolve();
  }
}
