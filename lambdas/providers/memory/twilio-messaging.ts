/**
 * A Twilio account's SMS geo permissions in memory, for the drill and tests: every call is kept;
 * countries listed as Console-only answer 30649 and stay as they are, as Twilio's do.
 */
import type { MessagingCountry, MessagingUpdateResult, TwilioMessagingPort } from '../../core/ports';

export class InMemoryTwilioMessaging implements TwilioMessagingPort {
  readonly calls: { operation: string; countries?: string[] }[] = [];
  private readonly countries: Map<string, boolean>;

  constructor(
    readonly accountSid: string,
    countries: MessagingCountry[],
    private readonly consoleOnly: readonly string[] = [],
  ) {
    this.countries = new Map(countries.map((c) => [c.countryCode, c.enabled]));
  }

  geoPermissions(): Promise<MessagingCountry[]> {
    this.calls.push({ operation: 'GetGeoPermissions' });
    return Promise.resolve([...this.countries].map(([countryCode, enabled]) => ({ countryCode, enabled })));
  }

  updateGeoPermissions(countries: MessagingCountry[]): Promise<MessagingUpdateResult[]> {
    this.calls.push({ operation: 'UpdateGeoPermissions', countries: countries.map((c) => c.countryCode) });
    return Promise.resolve(
      countries.map((c) => {
        if (this.consoleOnly.includes(c.countryCode))
          return {
            countryCode: c.countryCode,
            enabled: this.countries.get(c.countryCode) ?? !c.enabled,
            errorCode: 30649,
            errorMessage: 'High risk country permission cannot be updated',
          };
        this.countries.set(c.countryCode, c.enabled);
        return { ...c, errorCode: 0 };
      }),
    );
  }

  enabled(countryCode: string): boolean | undefined {
    return this.countries.get(countryCode);
  }
}
