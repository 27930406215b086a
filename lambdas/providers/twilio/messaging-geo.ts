/**
 * TwilioMessagingPort over Accounts v1 Messaging GeoPermissions (twilio_accounts_v1 OpenAPI — SMS geo
 * permissions live there, not in Messaging v1):
 * - GET /v1/Messaging/GeoPermissions → `permissions: [{country_code, type, enabled, prefix, message}]`;
 * - PATCH /v1/Messaging/GeoPermissions, form field `Permissions` repeated, each a JSON object
 *   `{country_code, type: "country", enabled}`; the answer names each country with `error_code`
 *   (0, or e.g. 30649 for a country only the Console can change) and `error_messages`.
 */
import type { MessagingCountry, MessagingUpdateResult, TwilioMessagingPort } from '../../core/ports';
import type { TwilioHttp } from './twilio-http';

const PATH = '/v1/Messaging/GeoPermissions';
/** Countries per PATCH. */
export const GEO_BATCH = 100;

export class TwilioMessagingGeo implements TwilioMessagingPort {
  constructor(
    readonly accountSid: string,
    private readonly http: TwilioHttp,
  ) {}

  async geoPermissions(): Promise<MessagingCountry[]> {
    return permissionsOf(await this.http.getJson('accounts', PATH)).map((p) => ({
      countryCode: p.country_code,
      enabled: p.enabled === true,
    }));
  }

  async updateGeoPermissions(countries: MessagingCountry[]): Promise<MessagingUpdateResult[]> {
    const results: MessagingUpdateResult[] = [];
    for (let i = 0; i < countries.length; i += GEO_BATCH) {
      const batch = countries.slice(i, i + GEO_BATCH);
      const answer = await this.http.patchForm(
        'accounts',
        PATH,
        batch.map((c) => [
          'Permissions',
          JSON.stringify({ country_code: c.countryCode, type: 'country', enabled: c.enabled }),
        ]),
      );
      const answered = new Map(permissionsOf(answer).map((p) => [p.country_code, p]));
      for (const asked of batch) {
        const p = answered.get(asked.countryCode);
        // A country missing from the answer was not confirmed changed: counted as refused (-1).
        const errorCode = p === undefined ? -1 : typeof p.error_code === 'number' ? p.error_code : 0;
        const messages = Array.isArray(p?.error_messages)
          ? p.error_messages.filter((m) => typeof m === 'string')
          : [];
        results.push({
          countryCode: asked.countryCode,
          enabled: errorCode === 0 ? asked.enabled : !asked.enabled,
          errorCode,
          ...(messages.length
            ? { errorMessage: messages.join('; ') }
            : p === undefined
              ? { errorMessage: 'not in Twilio’s answer' }
              : {}),
        });
      }
    }
    return results;
  }
}

interface Permission {
  country_code: string;
  enabled?: unknown;
  error_code?: unknown;
  error_messages?: unknown[];
}

function permissionsOf(answer: unknown): Permission[] {
  const list = (answer as { permissions?: unknown } | undefined)?.permissions;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is Permission =>
      typeof p === 'object' && p !== null && typeof (p as Permission).country_code === 'string',
  );
}
