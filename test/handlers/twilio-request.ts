/**
 * A Twilio webhook request as a Lambda function URL delivers it (payload 2.0,
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads), signed as Twilio
 * signs (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { twilioSignature } from '../../lambdas/sources/twilio-signature';
import { lambdaContext } from './lambda-context';

export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ato-responder-twilio-AbCdEf';
export const TOKEN = 'test-auth-token-0123456789abcdef';
export const DOMAIN = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';
export const URL = `https://${DOMAIN}/`;
export const BODY = readFileSync(
  join(__dirname, '..', 'fixtures', 'twilio', 'usage-trigger-callback.txt'),
  'utf8',
);
export const context = lambdaContext('ato-responder-twilio', 15_000);

/** A function URL request carrying `body`, signed with `token` over `signedUrl`. */
export function request(
  options: {
    body?: string;
    token?: string;
    signedUrl?: string;
    signature?: string | null;
    base64?: boolean;
    method?: string;
  } = {},
) {
  const body = options.body ?? BODY;
  const signature =
    options.signature === undefined
      ? twilioSignature(options.signedUrl ?? URL, [...new URLSearchParams(body)], options.token ?? TOKEN)
      : options.signature;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      host: DOMAIN,
      'user-agent': 'TwilioProxy/1.1',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abcdefghijklmnopqrstuvwxyz012345',
      domainName: DOMAIN,
      domainPrefix: 'abcdefghijklmnopqrstuvwxyz012345',
      http: {
        method: options.method ?? 'POST',
        path: '/',
        protocol: 'HTTP/1.1',
        sourceIp: '198.51.100.7',
        userAgent: 'TwilioProxy/1.1',
      },
      requestId: 'd7e2b9a1-5a3c-4c4e-9a59-000000000001',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:03:04:06 +0000',
      timeEpoch: 1795316646000,
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}
