/**
 * The SES and SSM clients, apart from clients.ts so that loading the responder does not load their
 * SDK packages: only a responder watching SES needs them (handlers/ses-dependencies.ts).
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { type ClientOptions, createClient } from './clients';

/** SES is regional: one client per watched region (AwsSes keeps them). */
export function createSesClient(region: string): SESv2Client {
  return createClient(SESv2Client, region);
}

export function createSsmClient(options: ClientOptions = {}): SSMClient {
  return createClient(SSMClient, options.region);
}
