/**
 * TwilioAdminPort over the 2010 API (twilio_api_v2010 OpenAPI):
 * - GET /2010-04-01/Accounts/{Sid}.json → `status`;
 * - POST /2010-04-01/Accounts/{Sid}.json `Status=suspended|active` (a subaccount, with the parent's
 *   credentials);
 * - DELETE /2010-04-01/Accounts/{AC}/Keys/{SK}.json (204);
 * - accounts.twilio.com POST /v1/AuthTokens/Secondary (201, `secondary_auth_token`), POST
 *   /v1/AuthTokens/Promote, DELETE /v1/AuthTokens/Secondary (204), acting on the credentials' account;
 * - GET and POST /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers/{PN}.json (the URL fields, number-urls.ts).
 */
import { type NumberUrl, ProviderError, type TwilioAdminPort } from '../../core/ports';
import { numberUrlParams, numberUrlsOf } from './number-urls';
import type { TwilioHttp } from './twilio-http';

export class TwilioAccountAdmin implements TwilioAdminPort {
  constructor(
    readonly accountSid: string,
    private readonly http: TwilioHttp,
  ) {}

  async subaccountStatus(subaccountSid: string): Promise<string> {
    const answer = (await this.http.getJson(
      'api',
      `/2010-04-01/Accounts/${sid(subaccountSid, 'AC')}.json`,
    )) as { status?: unknown } | undefined;
    return typeof answer?.status === 'string' ? answer.status : 'unknown';
  }

  async setSubaccountStatus(subaccountSid: string, status: 'active' | 'suspended'): Promise<void> {
    await this.http.postForm('api', `/2010-04-01/Accounts/${sid(subaccountSid, 'AC')}.json`, [
      ['Status', status],
    ]);
  }

  async deleteApiKey(keySid: string): Promise<void> {
    if (keySid === this.http.keySid)
      throw new ProviderError(
        'twilio:DELETE Keys',
        keySid,
        'OwnKey',
        'refusing to delete the API key these calls are made with',
        false,
      );
    await this.http.delete('api', `/2010-04-01/Accounts/${this.accountSid}/Keys/${sid(keySid, 'SK')}.json`);
  }

  async createSecondaryAuthToken(): Promise<string> {
    const answer = (await this.http.postForm('accounts', '/v1/AuthTokens/Secondary', [])) as
      { secondary_auth_token?: unknown } | undefined;
    const token = answer?.secondary_auth_token;
    if (typeof token !== 'string' || !token)
      throw new ProviderError(
        'twilio:POST /v1/AuthTokens/Secondary',
        this.accountSid,
        'NoToken',
        'Twilio answered without a secondary_auth_token',
        false,
      );
    return token;
  }

  async promoteSecondaryAuthToken(): Promise<void> {
    await this.http.postForm('accounts', '/v1/AuthTokens/Promote', []);
  }

  async deleteSecondaryAuthToken(): Promise<void> {
    await this.http.delete('accounts', '/v1/AuthTokens/Secondary');
  }

  async numberUrls(numberSid: string): Promise<NumberUrl[]> {
    const answer = await this.http.getJson('api', this.numberPath(numberSid));
    return numberUrlsOf(
      typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {},
    );
  }

  async setNumberUrls(numberSid: string, urls: readonly NumberUrl[]): Promise<void> {
    await this.http.postForm('api', this.numberPath(numberSid), numberUrlParams(urls));
  }

  private numberPath(numberSid: string): string {
    return `/2010-04-01/Accounts/${this.accountSid}/IncomingPhoneNumbers/${sid(numberSid, 'PN')}.json`;
  }
}

/** A SID of the given prefix, as it goes into a path; anything else is refused before any request. */
function sid(value: string, prefix: 'AC' | 'SK' | 'PN'): string {
  if (!new RegExp(`^${prefix}[0-9a-f]{32}$`).test(value))
    throw new ProviderError(
      `twilio:${prefix} SID`,
      value.slice(0, 40),
      'InvalidSid',
      `not a ${prefix} SID`,
      false,
    );
  return value;
}
