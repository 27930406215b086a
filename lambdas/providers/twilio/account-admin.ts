/**
 * TwilioAdminPort over the 2010 API (twilio_api_v2010 OpenAPI):
 * - GET /2010-04-01/Accounts/{Sid}.json → `status`;
 * - POST /2010-04-01/Accounts/{Sid}.json `Status=suspended|active` (a subaccount, with the parent's
 *   credentials);
 * - DELETE /2010-04-01/Accounts/{AC}/Keys/{SK}.json (204).
 */
import { ProviderError, type TwilioAdminPort } from '../../core/ports';
import type { TwilioHttp } from './twilio-http';

export class TwilioAccountAdmin implements TwilioAdminPort {
  constructor(
    readonly accountSid: string,
    private readonly http: TwilioHttp,
  ) {}

  async subaccountStatus(subaccountSid: string): Promise<string> {
    const answer = (await this.http.getJson('api', `/2010-04-01/Accounts/${subaccountSid}.json`)) as
      { status?: unknown } | undefined;
    return typeof answer?.status === 'string' ? answer.status : 'unknown';
  }

  async setSubaccountStatus(subaccountSid: string, status: 'active' | 'suspended'): Promise<void> {
    await this.http.postForm('api', `/2010-04-01/Accounts/${subaccountSid}.json`, [['Status', status]]);
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
    await this.http.delete('api', `/2010-04-01/Accounts/${this.accountSid}/Keys/${keySid}.json`);
  }
}
