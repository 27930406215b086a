/**
 * The `/ato` slash command's grammar: what a responder types in Slack, read into a command or the
 * help text. A reason is required for everything that changes something; every argument is checked
 * here, before any work. Pure.
 *
 *   /ato contain-key AKIA… reason…      /ato investigate AKIA…
 *   /ato twilio-lockdown US,CA reason…  /ato ses-pause REGION reason…   /ato ses-resume REGION reason…
 *   /ato status INCIDENT                /ato undo INCIDENT reason…
 */
import { oneLine } from './plain-text';
import { ACCESS_KEY_ID } from './signal';

export type AtoCommand =
  | { name: 'contain-key'; accessKeyId: string; reason: string }
  | { name: 'investigate'; accessKeyId: string }
  | { name: 'twilio-lockdown'; countries: string[]; reason: string }
  | { name: 'ses-pause'; region: string; reason: string }
  | { name: 'ses-resume'; region: string; reason: string }
  | { name: 'status'; incidentId: string }
  | { name: 'undo'; incidentId: string; reason: string };

export type ParsedCommand = { ok: true; command: AtoCommand } | { ok: false; message: string };

export const HELP = [
  'Usage (a reason is required for anything that changes something):',
  '`/ato contain-key AKIA… reason`: deactivate a leaked key (the leaked-key playbook)',
  '`/ato investigate AKIA…`: what the key and its sessions did (read-only)',
  '`/ato twilio-lockdown US,CA reason`: close Twilio voice and SMS outside those countries',
  '`/ato ses-pause REGION reason` / `/ato ses-resume REGION reason`: SES sending in a region',
  '`/ato status INCIDENT`: where an incident stands',
  '`/ato undo INCIDENT reason`: put back what the responder changed',
].join('\n');

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const INCIDENT = /^ato-\d{8}-[0-9a-z]{7}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** A reason a person can read later: a few words, not a keystroke. */
const MIN_REASON = 3;

export function parseAtoCommand(text: string): ParsedCommand {
  const words = oneLine(text, 3000).split(' ').filter(Boolean);
  const [name, first, ...rest] = words;
  const reason = rest.join(' ');
  const fail = (why: string): ParsedCommand => ({ ok: false, message: `${why}\n${HELP}` });
  const needReason = (): ParsedCommand | undefined =>
    reason.length < MIN_REASON ? fail(`\`${name ?? ''}\` needs a reason, after its argument.`) : undefined;
  switch (name) {
    case 'contain-key':
    case 'investigate': {
      if (!first || !ACCESS_KEY_ID.test(first)) return fail(`\`${name}\` needs an access key id (AKIA…).`);
      if (name === 'investigate') return { ok: true, command: { name, accessKeyId: first } };
      return needReason() ?? { ok: true, command: { name, accessKeyId: first, reason } };
    }
    case 'twilio-lockdown': {
      const countries = (first ?? '').split(',').filter(Boolean);
      if (!countries.length || !countries.every((c) => COUNTRY.test(c)))
        return fail('`twilio-lockdown` needs the countries to keep, as ISO codes: US,CA.');
      return needReason() ?? { ok: true, command: { name, countries, reason } };
    }
    case 'ses-pause':
    case 'ses-resume':
      if (!first || !REGION.test(first)) return fail(`\`${name}\` needs an AWS region such as eu-west-1.`);
      return (
        needReason() ?? {
          ok: true,
          command: name === 'ses-pause' ? { name, region: first, reason } : { name, region: first, reason },
        }
      );
    case 'status':
    case 'undo': {
      if (!first || !INCIDENT.test(first))
        return fail(`\`${name}\` needs an incident id (ato-YYYYMMDD-xxxxxxx).`);
      if (name === 'status') return { ok: true, command: { name, incidentId: first } };
      return needReason() ?? { ok: true, command: { name, incidentId: first, reason } };
    }
    default:
      if (!name || name === 'help') return { ok: false, message: HELP };
      // Echoed back only when it cannot carry markup.
      return {
        ok: false,
        message: `Unknown command${/^[a-z-]{1,30}$/.test(name) ? ` \`${name}\`` : ''}.\n${HELP}`,
      };
  }
}
