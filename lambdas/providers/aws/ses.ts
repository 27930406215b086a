/**
 * SesPort over the SES API v2, one client per region (SES sending is regional):
 * - GetAccount → `SendingEnabled`, the account's switch in the region;
 * - PutAccountSendingAttributes {SendingEnabled};
 * - GetConfigurationSet → `SendingOptions.SendingEnabled` (absent: enabled);
 * - PutConfigurationSetSendingOptions {ConfigurationSetName, SendingEnabled}.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutAccountSendingAttributes.html
 * An account AWS itself paused cannot be re-enabled this way: SES refuses, and the error says so.
 */
import {
  GetAccountCommand,
  GetConfigurationSetCommand,
  PutAccountSendingAttributesCommand,
  PutConfigurationSetSendingOptionsCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import type { SesPort } from '../../core/ports';
import { awsCall } from './errors';

export class AwsSes implements SesPort {
  private readonly clients = new Map<string, SESv2Client>();

  constructor(private readonly clientFor: (region: string) => SESv2Client) {}

  async sendingEnabled(region: string, configurationSet?: string): Promise<boolean> {
    const client = this.client(region);
    if (configurationSet === undefined) {
      const account = await awsCall('ses:GetAccount', `account in ${region}`, () =>
        client.send(new GetAccountCommand({})),
      );
      return account.SendingEnabled ?? true;
    }
    const set = await awsCall('ses:GetConfigurationSet', where(region, configurationSet), () =>
      client.send(new GetConfigurationSetCommand({ ConfigurationSetName: configurationSet })),
    );
    return set.SendingOptions?.SendingEnabled ?? true;
  }

  async setSendingEnabled(region: string, enabled: boolean, configurationSet?: string): Promise<void> {
    const client = this.client(region);
    if (configurationSet === undefined) {
      await awsCall('ses:PutAccountSendingAttributes', `account in ${region}`, () =>
        client.send(new PutAccountSendingAttributesCommand({ SendingEnabled: enabled })),
      );
      return;
    }
    await awsCall('ses:PutConfigurationSetSendingOptions', where(region, configurationSet), () =>
      client.send(
        new PutConfigurationSetSendingOptionsCommand({
          ConfigurationSetName: configurationSet,
          SendingEnabled: enabled,
        }),
      ),
    );
  }

  private client(region: string): SESv2Client {
    let client = this.clients.get(region);
    if (!client) {
      client = this.clientFor(region);
      this.clients.set(region, client);
    }
    return client;
  }
}

const where = (region: string, configurationSet: string): string =>
  `configuration set ${configurationSet} in ${region}`;
