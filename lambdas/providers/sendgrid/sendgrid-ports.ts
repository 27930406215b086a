/**
 * The SendGrid ports from an API key: the key itself (the CLI's SENDGRID_API_KEY), or a secret read
 * at each use (the Lambda's, cached by its reader: a replaced key is picked up without a new container).
 */
import { ProviderError, type SendGridAuditPort } from '../../core/ports';
import { sendGridApiKey } from '../../core/sendgrid-secret';
import { SendGridAccountAdmin } from './account-admin';
import { SendGridAccountInventory } from './account-inventory';
import { SendGridHttp } from './sendgrid-http';

export function sendGridFromKey(
  apiKey: string,
  baseUrl: string,
): { sendGridAudit: SendGridAccountInventory; sendGridAdmin: SendGridAccountAdmin } {
  const http = new SendGridHttp(apiKey, baseUrl);
  return { sendGridAudit: new SendGridAccountInventory(http), sendGridAdmin: new SendGridAccountAdmin(http) };
}

/** Read-only: the scheduled audit's port. Removals run with an approver's key (below, or `ato approve`'s). */
export function sendGridAuditFromSecret(secret: () => Promise<string>, baseUrl: string): SendGridAuditPort {
  return {
    inventory: async () => {
      const apiKey = sendGridApiKey(await secret());
      if (!apiKey)
        throw new ProviderError(
          'sendgrid:credentials',
          'sendgrid',
          'NoCredentials',
          'the SendGrid secret holds no API key (SG.…): put it there, as {"apiKey": "SG.…"}',
          false,
        );
      return new SendGridAccountInventory(new SendGridHttp(apiKey, baseUrl)).inventory();
    },
  };
}

/**
 * The removals a person approved in Slack, with the approver key of its own secret (never the audit's
 * read-only key): none while that secret holds no key, so the steps say SendGrid is not reachable.
 */
export function sendGridAdminFromSecret(
  secret: string,
  baseUrl: string,
): Partial<ReturnType<typeof sendGridFromKey>> {
  const apiKey = sendGridApiKey(secret);
  return apiKey ? sendGridFromKey(apiKey, baseUrl) : {};
}
