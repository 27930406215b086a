/**
 * An IncomingPhoneNumber's URL fields (twilio_api_v2010 OpenAPI, `api.v2010.account.incoming_phone_number`):
 * read as `voice_url`, `voice_fallback_url`, `sms_url`, `sms_fallback_url`, `status_callback`; written
 * (POST …/IncomingPhoneNumbers/{PN}.json) as `VoiceUrl`, `VoiceFallbackUrl`, `SmsUrl`, `SmsFallbackUrl`,
 * `StatusCallback` — the names the core uses.
 */
import type { FormParams, NumberUrl, NumberUrlField } from '../../core/ports';

const JSON_FIELDS: Readonly<Record<NumberUrlField, string>> = {
  VoiceUrl: 'voice_url',
  VoiceFallbackUrl: 'voice_fallback_url',
  SmsUrl: 'sms_url',
  SmsFallbackUrl: 'sms_fallback_url',
  StatusCallback: 'status_callback',
};

/** Every URL field of a number as Twilio returned it; `''` where it is empty or null. */
export function numberUrlsOf(number: Record<string, unknown>): NumberUrl[] {
  return (Object.keys(JSON_FIELDS) as NumberUrlField[]).map((field) => {
    const value = number[JSON_FIELDS[field]];
    return { field, url: typeof value === 'string' ? value : '' };
  });
}

export function numberUrlParams(urls: readonly NumberUrl[]): FormParams {
  return urls.map((u) => [u.field, u.url]);
}
