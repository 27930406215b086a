/**
 * The Twilio steps of a plan. Restrict voice dialing: read every country's permissions, switch off
 * every number class of every country outside the allowed ones that has any on, and record exactly
 * those countries as they were, so undo turns back on only what this changed.
 */
import type { RestrictTwilioDialing } from './action';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import type { DialingCountry } from './ports';

export async function restrictDialing(
  target: RestrictTwilioDialing['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const voice = deps.twilioVoice;
  if (!voice || voice.accountSid !== target.accountSid)
    return { status: 'skipped', error: `no Twilio access to account ${target.accountSid} here` };
  const reserved = await run.reserve();
  if (reserved) return reserved;
  const allowed = new Set(target.allowedCountries);
  const open = (c: DialingCountry) => c.lowRisk || c.highRiskSpecial || c.highRiskTollFraud;
  const changed = (await voice.dialingCountries()).filter((c) => !allowed.has(c.isoCode) && open(c));
  const closed = changed.map((c) => ({
    ...c,
    lowRisk: false,
    highRiskSpecial: false,
    highRiskTollFraud: false,
  }));
  if (closed.length) await voice.updateDialingCountries(closed);
  return {
    status: 'done',
    before: { type: 'twilio-dialing', accountSid: target.accountSid, countries: changed },
    after: { type: 'twilio-dialing', accountSid: target.accountSid, countries: closed },
    undo: closed.length
      ? `ato undo re-opens the ${closed.length} countries closed here, exactly as they were`
      : 'nothing to undo: no country outside the allowed ones could be dialled',
  };
}
