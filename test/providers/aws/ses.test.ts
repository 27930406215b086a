/**
 * AwsSes against the SES API v2 wire shapes:
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html,
 * API_PutAccountSendingAttributes.html, API_GetConfigurationSet.html,
 * API_PutConfigurationSetSendingOptions.html.
 */
import {
  GetAccountCommand,
  GetConfigurationSetCommand,
  NotFoundException,
  PutAccountSendingAttributesCommand,
  PutConfigurationSetSendingOptionsCommand,
  SESv2Client,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { AwsSes } from '../../../lambdas/providers/aws/ses';

const sesMock = mockClient(SESv2Client);

function sesWithRegions() {
  const regions: string[] = [];
  const ses = new AwsSes((region) => {
    regions.push(region);
    return new SESv2Client({ region });
  });
  return { ses, regions };
}

async function rejection(pending: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

beforeEach(() => sesMock.reset());

describe('AwsSes', () => {
  it("switches the account's sending off with PutAccountSendingAttributes, one client per region", async () => {
    // Prepare
    sesMock.on(PutAccountSendingAttributesCommand).resolves({});
    const { ses, regions } = sesWithRegions();

    // Act
    await ses.setSendingEnabled('us-east-1', false);
    await ses.setSendingEnabled('us-east-1', true);
    await ses.setSendingEnabled('eu-west-1', false);

    // Assess
    expect(sesMock.commandCalls(PutAccountSendingAttributesCommand).map((c) => c.args[0].input)).toEqual([
      { SendingEnabled: false },
      { SendingEnabled: true },
      { SendingEnabled: false },
    ]);
    expect(regions).toEqual(['us-east-1', 'eu-west-1']);
  });

  it("switches one configuration set's sending with PutConfigurationSetSendingOptions", async () => {
    // Prepare
    sesMock.on(PutConfigurationSetSendingOptionsCommand).resolves({});
    const { ses } = sesWithRegions();

    // Act
    await ses.setSendingEnabled('us-east-1', false, 'marketing');

    // Assess
    expect(sesMock).toHaveReceivedCommandWith(PutConfigurationSetSendingOptionsCommand, {
      ConfigurationSetName: 'marketing',
      SendingEnabled: false,
    });
    expect(sesMock).not.toHaveReceivedCommand(PutAccountSendingAttributesCommand);
  });

  it('reads the account switch from GetAccount and a set’s from SendingOptions (absent: enabled)', async () => {
    // Prepare
    sesMock.on(GetAccountCommand).resolves({ SendingEnabled: false, EnforcementStatus: 'HEALTHY' });
    sesMock
      .on(GetConfigurationSetCommand, { ConfigurationSetName: 'marketing' })
      .resolves({ ConfigurationSetName: 'marketing', SendingOptions: { SendingEnabled: false } })
      .on(GetConfigurationSetCommand, { ConfigurationSetName: 'receipts' })
      .resolves({ ConfigurationSetName: 'receipts' });
    const { ses } = sesWithRegions();

    // Act
    const states = [
      await ses.sendingEnabled('us-east-1'),
      await ses.sendingEnabled('us-east-1', 'marketing'),
      await ses.sendingEnabled('us-east-1', 'receipts'),
    ];

    // Assess
    expect(states).toEqual([false, false, true]);
  });

  it('names the call and the configuration set when SES refuses, and marks throttling retryable', async () => {
    // Prepare
    sesMock
      .on(PutConfigurationSetSendingOptionsCommand)
      .rejects(
        new NotFoundException({ message: 'Configuration set <marketing> does not exist.', $metadata: {} }),
      )
      .on(PutAccountSendingAttributesCommand)
      .rejects(new TooManyRequestsException({ message: 'Too many requests.', $metadata: {} }));
    const { ses } = sesWithRegions();

    // Act
    const missing = await rejection(ses.setSendingEnabled('us-east-1', false, 'marketing'));
    const throttled = await rejection(ses.setSendingEnabled('us-east-1', false));

    // Assess
    expect([missing.message, missing.retryable]).toEqual([
      'ses:PutConfigurationSetSendingOptions on configuration set marketing in us-east-1 failed: NotFoundException: Configuration set <marketing> does not exist.',
      false,
    ]);
    expect([throttled.call, throttled.code, throttled.retryable]).toEqual([
      'ses:PutAccountSendingAttributes',
      'TooManyRequestsException',
      true,
    ]);
  });
});
