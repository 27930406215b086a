/**
 * One Twilio account's ports (voice dialing, SMS geo permissions, the audit's inventory), their credentials read from the
 * secret at each use (the secret is cached by its reader): a rotated token or key is picked up
 * without a new container.
 */
import type { TwilioAuditPort, TwilioMessagingPort, TwilioVoicePort } from '../../core/ports';
import { ProviderError } from '../../core/ports';
import { twilioApiCredentials } from '../../core/twilio-secret';
import { TwilioAccountInventoryReader } from './account-inventory';
import { TwilioMessagingGeo } from './messaging-geo';
import { type TwilioService, TwilioHttp } from './twilio-http';
import { TwilioVoiceDialing } from './voice-dialing';

export function twilioFromSecret(
  accountSid: string,
  secret: () => Promise<string>,
  baseUrls: Readonly<Record<TwilioService, string>>,
): { twilioVoice: TwilioVoicePort; twilioMessaging: TwilioMessagingPort; twilioAudit: TwilioAuditPort } {
  const http = async (): Promise<TwilioHttp> => {
    const credentials = twilioApiCredentials(await secret(), accountSid);
    if (!credentials)
      throw new ProviderError(
        'twilio:credentials',
        accountSid,
        'NoCredentials',
        'the Twilio secret holds no API key or auth token',
        false,
      );
    return new TwilioHttp(credentials, baseUrls);
  };
  const voice = async () => new TwilioVoiceDialing(accountSid, await http());
  const messaging = async () => new TwilioMessagingGeo(accountSid, await http());
  return {
    twilioVoice: {
      accountSid,
      dialingCountries: async () => (await voice()).dialingCountries(),
      updateDialingCountries: async (countries) => (await voice()).updateDialingCountries(countries),
    },
    twilioAudit: {
      accountSid,
      inventory: async () => new TwilioAccountInventoryReader(accountSid, await http()).inventory(),
    },
    twilioMessaging: {
      accountSid,
      geoPermissions: async () => (await messaging()).geoPermissions(),
      updateGeoPermissions: async (countries) => (await messaging()).updateGeoPermissions(countries),
    },
  };
}
