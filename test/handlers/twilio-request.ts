/**
 * A Twilio webhook request as a Lambda function URL delivers it (payload 2.0,
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads), signed as Twilio
 * signs (https://www.twilio.com/docs/usage/webhooks/webhooks-security).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { twilioSignature } from '../../lambdas/sources/twilio-signature';
import { DOMAIN, functionUrlEvent } from './function-url-event';
import { lambdaContext } from './lambda-context';

export { DOMAIN };

export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ato-responder-twilio-AbCdEf';
export const TOKEN = 'test-auth-token-0123456789abcdef';
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
  return functionUrlEvent({
    body,
    userAgent: 'TwilioProxy/1.1',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    ...(options.method ? { method: options.method } : {}),
    ...(options.base64 ? { base64: true } : {}),
  });
}
