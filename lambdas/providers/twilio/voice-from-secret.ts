/**
 * The Twilio account's voice port, its credentials read from the secret at each use (the secret is
 * cached by its reader): a rotated token or key is picked up without a new container.
 */
import type { DialingCountry, TwilioVoicePort } from '../../core/ports';
import { ProviderError } from '../../core/ports';
import { twilioApiCredentials } from '../../core/twilio-secret';
import { type TwilioService, TwilioHttp } from './twilio-http';
import { TwilioVoiceDialing } from './voice-dialing';

export function twilioVoiceFromSecret(
  accountSid: string,
  secret: () => Promise<string>,
  baseUrls: Readonly<Record<TwilioService, string>>,
): TwilioVoicePort {
  const voice = async (): Promise<TwilioVoiceDialing> => {
    const credentials = twilioApiCredentials(await secret(), accountSid);
    if (!credentials)
      throw new ProviderError(
        'twilio:credentials',
        accountSid,
        'NoCredentials',
        'the Twilio secret holds no API key or auth token',
        false,
      );
    return new TwilioVoiceDialing(accountSid, new TwilioHttp(credentials, baseUrls));
  };
  return {
    accountSid,
    dialingCountries: async () => (await voice()).dialingCountries(),
    updateDialingCountries: async (countries: DialingCountry[]) =>
      (await voice()).updateDialingCountries(countries),
  };
}
