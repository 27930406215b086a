/**
 * Twilio from a laptop: the account and credentials from the environment, named as Twilio's own CLI
 * and helper libraries name them — TWILIO_ACCOUNT_SID, and TWILIO_API_KEY + TWILIO_API_SECRET or else
 * TWILIO_AUTH_TOKEN — and the TWILIO_*_BASE_URL overrides.
 */
import { TwilioAccountAdmin } from '../providers/twilio/account-admin';
import { TwilioAccountInventoryReader } from '../providers/twilio/account-inventory';
import { TwilioMessagingGeo } from '../providers/twilio/messaging-geo';
import { TwilioHttp, twilioBaseUrls } from '../providers/twilio/twilio-http';
import { TwilioUsageTriggers } from '../providers/twilio/usage-triggers';
import { TwilioVoiceDialing } from '../providers/twilio/voice-dialing';
import { UsageError } from './io';

export interface CliTwilio {
  twilioVoice: TwilioVoiceDialing;
  twilioMessaging: TwilioMessagingGeo;
  twilioAudit: TwilioAccountInventoryReader;
  twilioTriggers: TwilioUsageTriggers;
  twilioAdmin: TwilioAccountAdmin;
}

/** Undefined when the environment names no Twilio account (commands that need one say so). */
export function twilioFromEnv(env: NodeJS.ProcessEnv): CliTwilio | undefined {
  const accountSid = env.TWILIO_ACCOUNT_SID;
  if (!accountSid) return undefined;
  if (!/^AC[0-9a-f]{32}$/.test(accountSid))
    throw new UsageError('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits');
  const credentials =
    env.TWILIO_API_KEY && env.TWILIO_API_SECRET
      ? { username: env.TWILIO_API_KEY, password: env.TWILIO_API_SECRET }
      : env.TWILIO_AUTH_TOKEN
        ? { username: accountSid, password: env.TWILIO_AUTH_TOKEN }
        : undefined;
  if (!credentials)
    throw new UsageError('set TWILIO_API_KEY and TWILIO_API_SECRET (or TWILIO_AUTH_TOKEN) for Twilio');
  const http = new TwilioHttp(credentials, twilioBaseUrls(env));
  return {
    twilioVoice: new TwilioVoiceDialing(accountSid, http),
    twilioMessaging: new TwilioMessagingGeo(accountSid, http),
    twilioAudit: new TwilioAccountInventoryReader(accountSid, http),
    twilioTriggers: new TwilioUsageTriggers(accountSid, http),
    twilioAdmin: new TwilioAccountAdmin(accountSid, http),
  };
}
