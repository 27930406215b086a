/** A Twilio account's voice dialing permissions in memory, for the drill and tests: every call is kept. */
import type { DialingCountry, TwilioVoicePort } from '../../core/ports';

export class InMemoryTwilioVoice implements TwilioVoicePort {
  readonly calls: { operation: string; countries?: string[] }[] = [];
  private readonly countries: Map<string, DialingCountry>;

  constructor(
    readonly accountSid: string,
    countries: DialingCountry[],
  ) {
    this.countries = new Map(countries.map((c) => [c.isoCode, { ...c }]));
  }

  dialingCountries(): Promise<DialingCountry[]> {
    this.calls.push({ operation: 'ListDialingPermissionsCountries' });
    return Promise.resolve([...this.countries.values()].map((c) => ({ ...c })));
  }

  updateDialingCountries(countries: DialingCountry[]): Promise<void> {
    this.calls.push({ operation: 'BulkCountryUpdates', countries: countries.map((c) => c.isoCode) });
    for (const c of countries) this.countries.set(c.isoCode, { ...c });
    return Promise.resolve();
  }

  country(isoCode: string): DialingCountry | undefined {
    return this.countries.get(isoCode);
  }
}
