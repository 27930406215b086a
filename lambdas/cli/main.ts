/** `ato`: the responder from a laptop, and the offline drill. */
import { ConfigError } from '../core/config';
import { ProviderError } from '../core/ports';
import { approveCommand, denyCommand } from './commands/approve';
import { containKeyCommand } from './commands/contain-key';
import { drillCommand } from './commands/drill';
import { detectCommand } from './commands/detect';
import { investigateCommand } from './commands/investigate';
import { incidentsCommand, reportCommand } from './commands/report';
import { planCommand } from './commands/plan';
import { resolveCommand } from './commands/resolve';
import { sendgridCommand } from './commands/sendgrid';
import { sesCommand } from './commands/ses';
import { twilioCommand } from './commands/twilio';
import { undoCommand } from './commands/undo';
import type { CliIo } from './io';
import { EXIT, UsageError } from './io';

export const USAGE = `usage: ato <command> [options]

  drill [--json]                                   replay a recorded leaked-key attack offline (no AWS)
  plan --event FILE [--json] [--config FILE]       the plan for one EventBridge event, no AWS calls
  contain-key AKIA… [--user NAME] [--execute] [--json]
                                                   contain a leaked key (dry-run unless --execute)
  undo INCIDENT_ID [--execute]                     put back what the responder changed
  approve APPROVAL_ID [--by NAME]                  run an action waiting for approval (Twilio: its variables,
                                                   and ATO_TWILIO_SECRET_ID for a token reset; SendGrid:
                                                   SENDGRID_API_KEY)
  deny APPROVAL_ID [--by NAME]                     refuse it
  resolve INCIDENT_ID --reason TEXT [--by NAME]    close an incident: the cause is found and dealt with
  ses resume --region R [--incident ID] [--execute] [--force --reason TEXT]
                                                   turn SES sending (and the failover flag) back on, once
                                                   the alarms are OK and the incident is resolved
  twilio audit [--json]                            what the Twilio account holds that may not be yours (read-only;
                                                   TWILIO_ACCOUNT_SID, TWILIO_API_KEY/SECRET or TWILIO_AUTH_TOKEN)
  twilio lockdown --allow US,CA [--execute]         close voice and SMS outside those countries, then audit
  twilio install-triggers --url URL [--daily-price N] [--categories a,b] [--execute]
                                                   the usage triggers that call the webhook, created once
  sendgrid audit [--json]                          what the SendGrid account holds that may not be yours (read-only;
                                                   SENDGRID_API_KEY)
  report INCIDENT_ID [--json]                      the incident report with every recorded action
  incidents [--json]                               recent incidents
  detect FILE… [--config FILE]                     the detection rules over CloudTrail files (S3 .json/.json.gz,
                                                   JSON lines); one JSON line per detection
  investigate AKIA… [--since DATE] [--regions r1,r2] [--json|--markdown]
                                                   what a key and its sessions did, live and read-only

  store:  --table NAME (or ATO_TABLE_NAME) for the deployed DynamoDB table, else --store DIR (default ./.ato)
  config: --config FILE, else the "ato-responder" context of ./cdk.json, else the defaults
  AWS:    the default credential chain; AWS_REGION and AWS_ENDPOINT_URL are honoured`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  drill: drillCommand,
  plan: planCommand,
  'contain-key': containKeyCommand,
  undo: undoCommand,
  approve: approveCommand,
  deny: denyCommand,
  report: reportCommand,
  resolve: resolveCommand,
  sendgrid: sendgridCommand,
  ses: sesCommand,
  twilio: twilioCommand,
  incidents: incidentsCommand,
  detect: detectCommand,
  investigate: investigateCommand,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) io.err(USAGE);
    else io.out(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ato: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError || error instanceof ProviderError) {
      io.err(`ato: ${error.message}`);
      return EXIT.failure;
    }
    io.err(`ato: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  }
}
