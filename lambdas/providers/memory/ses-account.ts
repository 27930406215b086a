/** SES sending switches in memory, for the drill and tests: every call is kept, in order. */
import type { SesPort } from '../../core/ports';

export class InMemorySesAccount implements SesPort {
  readonly calls: { operation: string; region: string; configurationSet?: string; enabled?: boolean }[] = [];
  /** `<region>` or `<region>/<configuration set>` → enabled; absent means enabled. */
  private readonly sending = new Map<string, boolean>();

  sendingEnabled(region: string, configurationSet?: string): Promise<boolean> {
    this.calls.push({
      operation: configurationSet ? 'GetConfigurationSet' : 'GetAccount',
      region,
      ...(configurationSet ? { configurationSet } : {}),
    });
    return Promise.resolve(this.sending.get(scope(region, configurationSet)) ?? true);
  }

  setSendingEnabled(region: string, enabled: boolean, configurationSet?: string): Promise<void> {
    this.calls.push({
      operation: configurationSet ? 'PutConfigurationSetSendingOptions' : 'PutAccountSendingAttributes',
      region,
      ...(configurationSet ? { configurationSet } : {}),
      enabled,
    });
    this.sending.set(scope(region, configurationSet), enabled);
    return Promise.resolve();
  }
}

const scope = (region: string, configurationSet?: string): string =>
  configurationSet ? `${region}/${configurationSet}` : region;
