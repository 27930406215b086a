/**
 * TwilioVoicePort over Voice v1 DialingPermissions (twilio_voice_v1 OpenAPI):
 * - GET /v1/DialingPermissions/Countries: every country, every page (`content`, `meta.next_page_url`),
 *   with `low_risk_numbers_enabled`, `high_risk_special_numbers_enabled`,
 *   `high_risk_tollfraud_numbers_enabled`;
 * - POST /v1/DialingPermissions/BulkCountryUpdates, form field `UpdateRequest`: a JSON array of
 *   `{iso_code, low_risk_numbers_enabled, high_risk_special_numbers_enabled,
 *   high_risk_tollfraud_numbers_enabled}` (values "true"/"false"), at most UPDATE_BATCH per request.
 */
import type { DialingCountry, TwilioVoicePort } from '../../core/ports';
import type { TwilioHttp } from './twilio-http';

const COUNTRIES_PATH = '/v1/DialingPermissions/Countries?PageSize=250';
/** Countries per BulkCountryUpdates request: small enough for any request limit, few requests. */
export const UPDATE_BATCH = 100;

export class TwilioVoiceDialing implements TwilioVoicePort {
  constructor(
    readonly accountSid: string,
    private readonly http: TwilioHttp,
  ) {}

  async dialingCountries(): Promise<DialingCountry[]> {
    const countries: DialingCountry[] = [];
    for await (const item of this.http.pages('voice', COUNTRIES_PATH, 'content')) {
      const c = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      if (typeof c.iso_code !== 'string') continue;
      countries.push({
        isoCode: c.iso_code,
        lowRisk: c.low_risk_numbers_enabled === true,
        highRiskSpecial: c.high_risk_special_numbers_enabled === true,
        highRiskTollFraud: c.high_risk_tollfraud_numbers_enabled === true,
      });
    }
    return countries;
  }

  async updateDialingCountries(countries: DialingCountry[]): Promise<void> {
    for (let i = 0; i < countries.length; i += UPDATE_BATCH) {
      const batch = countries.slice(i, i + UPDATE_BATCH).map((c) => ({
        iso_code: c.isoCode,
        low_risk_numbers_enabled: String(c.lowRisk),
        high_risk_special_numbers_enabled: String(c.highRiskSpecial),
        high_risk_tollfraud_numbers_enabled: String(c.highRiskTollFraud),
      }));
      await this.http.postForm('voice', '/v1/DialingPermissions/BulkCountryUpdates', [
        ['UpdateRequest', JSON.stringify(batch)],
      ]);
    }
  }
}
