/**
 * A Lambda function URL request event (payload format 2.0, as AWS documents it:
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads) for the webhook
 * handler tests: the caller's headers and body, base64-encoded when asked (as function URLs deliver
 * binary and some text bodies).
 */
export const DOMAIN = 'abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws';

export function functionUrlEvent(options: {
  body: string | Buffer;
  headers: Record<string, string>;
  userAgent: string;
  method?: string;
  base64?: boolean;
}) {
  const bytes = Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { host: DOMAIN, 'user-agent': options.userAgent, ...options.headers },
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
        userAgent: options.userAgent,
      },
      requestId: 'd7e2b9a1-5a3c-4c4e-9a59-000000000001',
      routeKey: '$default',
      stage: '$default',
      time: '22/Nov/2026:03:04:06 +0000',
      timeEpoch: 1795316646000,
    },
    body: options.base64 ? bytes.toString('base64') : bytes.toString('utf8'),
    isBase64Encoded: options.base64 ?? false,
  };
}
