/**
 * One Twilio account's ports (voice dialing, SMS geo permissions, the audit's inventory; the admin
 * changes, for approved runbooks only), their credentials read from the secret at each use (the
 * secret is cached by its reader): a rotated token or key is picked up without a new container.
 */
import type {
  TwilioAdminPort,
  TwilioAuditPort,
  TwilioMessagingPort,
  TwilioVoicePort,
} from '../../core/ports';
import { ProviderError } from '../../core/ports';
import { twilioApiCredentials } from '../../core/twilio-secret';
import { TwilioAccountAdmin } from './account-admin';
import { TwilioAccountInventoryReader } from './account-inventory';
import { TwilioMessagingGeo } from './messaging-geo';
import { type TwilioService, TwilioHttp } from './twilio-http';
import { TwilioVoiceDialing } from './voice-dialing';

type Secret = () => Promise<string>;
type BaseUrls = Readonly<Record<TwilioService, string>>;

/** A client with the secret's credentials as they are now; a secret without any is a clear error. */
function httpFrom(accountSid: string, secret: Secret, baseUrls: BaseUrls): () => Promise<TwilioHttp> {
  return async () => {
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
}

export function twilioFromSecret(
  accountSid: string,
  secret: Secret,
  baseUrls: BaseUrls,
): { twilioVoice: TwilioVoicePort; twilioMessaging: TwilioMessagingPort; twilioAudit: TwilioAuditPort } {
  const http = httpFrom(accountSid, secret, baseUrls);
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

/**
 * The changes only a person's approval starts (a Slack-approved runbook's step): suspend a subaccount,
 * delete a key, reset the auth token, put a number's URLs back. Read with the secret as it is at each
 * call, so a step after a token reset uses the new token.
 */
export function twilioAdminFromSecret(
  accountSid: string,
  secret: Secret,
  baseUrls: BaseUrls,
): TwilioAdminPort {
  const http = httpFrom(accountSid, secret, baseUrls);
  const admin = async () => new TwilioAccountAdmin(accountSid, await http());
  return {
    accountSid,
    subaccountStatus: async (sid) => (await admin()).subaccountStatus(sid),
    setSubaccountStatus: async (sid, status) => (await admin()).setSubaccountStatus(sid, status),
    deleteApiKey: async (sid) => (await admin()).deleteApiKey(sid),
    createSecondaryAuthToken: async () => (await admin()).createSecondaryAuthToken(),
    promoteSecondaryAuthToken: async () => (await admin()).promoteSecondaryAuthToken(),
    deleteSecondaryAuthToken: async () => (await admin()).deleteSecondaryAuthToken(),
    numberUrls: async (sid) => (await admin()).numberUrls(sid),
    setNumberUrls: async (sid, urls) => (await admin()).setNumberUrls(sid, urls),
  };
}
