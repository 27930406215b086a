/**
 * The Twilio steps only a person's approval starts: suspend a subaccount, delete an API key, reset the
 * auth token (the responder's own secret follows it), point a number's webhook URLs back home. Each
 * acts on the account the approver's credentials reach, and records what it changed.
 */
import type {
  DeleteTwilioApiKey,
  RestoreTwilioNumberUrls,
  RotateTwilioAuthToken,
  SuspendTwilioSubaccount,
} from './action';
import type { ExecuteDeps } from './execute';
import type { Outcome, Run } from './iam-steps';
import { escalate } from './iam-steps';
import { ProviderError, type TwilioAdminPort } from './ports';
import { isTwilioSecret, withRotatedAuthToken } from './twilio-secret';

/**
 * After a promotion, signatures made with the old token are still accepted this long: callbacks
 * Twilio signed just before it are in flight. Short, because the old token is the leaked one.
 */
export const OLD_TOKEN_GRACE_SECONDS = 300;
/** When Twilio's answer to the promotion is lost, both tokens are accepted this long. */
export const UNKNOWN_PROMOTION_GRACE_SECONDS = 86_400;

function adminOf(deps: ExecuteDeps, accountSid: string): TwilioAdminPort | undefined {
  const admin = deps.twilioAdmin;
  return admin?.accountSid === accountSid ? admin : undefined;
}

const noAccess = (accountSid: string): Outcome => ({
  status: 'skipped',
  error: `no Twilio access to account ${accountSid} here`,
});

export async function suspendSubaccount(
  target: SuspendTwilioSubaccount['target'],
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps, target.accountSid);
  if (!admin) return noAccess(target.accountSid);
  const { accountSid, subaccountSid } = target;
  const status = await admin.subaccountStatus(subaccountSid);
  if (status !== 'suspended') await admin.setSubaccountStatus(subaccountSid, 'suspended');
  return {
    status: 'done',
    before: { type: 'twilio-subaccount', accountSid, subaccountSid, status },
    after: { type: 'twilio-subaccount', accountSid, subaccountSid, status: 'suspended' },
    undo:
      status === 'active'
        ? `ato undo sets ${subaccountSid} active again`
        : `nothing: it was ${status} before`,
  };
}

export async function deleteApiKey(
  target: DeleteTwilioApiKey['target'],
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps, target.accountSid);
  if (!admin) return noAccess(target.accountSid);
  await admin.deleteApiKey(target.keySid);
  return {
    status: 'done',
    before: { type: 'twilio-api-key', accountSid: target.accountSid, keySid: target.keySid, deleted: false },
    after: { type: 'twilio-api-key', accountSid: target.accountSid, keySid: target.keySid, deleted: true },
    undo: 'irreversible: a deleted key is gone; make a new one if it was needed',
  };
}

/**
 * Secondary → secret → promote. The secret is written before the promotion, so that at no moment
 * the responder holds only a dead token: it then accepts both tokens (the old one for a short grace
 * after the promotion). Twilio refusing the promotion puts the secret back, and only once it is back
 * is the unused secondary deleted. A promotion whose outcome is unknown (a timeout, a 5xx) undoes
 * nothing: the secret keeps the new token (valid as secondary or as primary) and accepts the old one
 * for a day, and a person checks the Console.
 */
export async function rotateAuthToken(
  target: RotateTwilioAuthToken['target'],
  run: Run,
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps, target.accountSid);
  if (!admin) return noAccess(target.accountSid);
  const secret = deps.twilioSecret;
  if (!secret)
    return {
      status: 'skipped',
      error:
        "the responder's Twilio secret cannot be written from here (set ATO_TWILIO_SECRET_ID): rotating without it would leave the responder with a dead token",
    };
  const before = await secret.read();
  const graceUntil = (seconds = OLD_TOKEN_GRACE_SECONDS): Date =>
    new Date(deps.clock.now().getTime() + seconds * 1000);
  if (!isTwilioSecret(before))
    return {
      status: 'refused',
      error: "the responder's Twilio secret is not the JSON object it should be: nothing was rotated",
    };
  const token = await admin.createSecondaryAuthToken();
  const rotated = (until: Date): string => withRotatedAuthToken(before, token, until) ?? before;
  /** Back to the old token; the secondary is deleted only once the secret no longer names it. */
  const rollBack = async (error: unknown): Promise<never> => {
    try {
      await secret.write(before);
    } catch {
      escalate(
        run,
        `The Twilio auth-token reset of ${target.accountSid} failed half-way: the responder's secret may name the unpromoted secondary token, left in place so it stays valid; promote or delete it in the Console (Auth Tokens) and fix the secret.`,
      );
      throw error;
    }
    await admin.deleteSecondaryAuthToken().catch(() => undefined);
    throw error;
  };
  try {
    await secret.write(rotated(graceUntil()));
  } catch (error) {
    return rollBack(error);
  }
  try {
    await admin.promoteSecondaryAuthToken();
  } catch (error) {
    if (error instanceof ProviderError && !error.retryable) return rollBack(error);
    const until = graceUntil(UNKNOWN_PROMOTION_GRACE_SECONDS);
    await secret.write(rotated(until)).catch(() => undefined);
    const message = `the promotion's outcome is unknown (${error instanceof Error ? error.message : String(error)}): the responder holds the new token and accepts the old one until ${until.toISOString()}; check Auth Tokens in the Console and promote the secondary there if it is still secondary`;
    escalate(run, `Twilio auth-token reset of ${target.accountSid}: ${message}.`);
    return { status: 'failed', error: message };
  }
  const rotatedAt = deps.clock.now();
  // The grace is counted from the promotion, not from the write before it.
  const grace = graceUntil();
  let error: string | undefined;
  try {
    await secret.write(withRotatedAuthToken(before, token, grace) ?? before);
  } catch (caught) {
    error = `the token was rotated, but the grace for the old one could not be shortened (${caught instanceof Error ? caught.message : String(caught)})`;
  }
  return {
    status: 'done',
    before: { type: 'twilio-auth-token', accountSid: target.accountSid },
    after: {
      type: 'twilio-auth-token',
      accountSid: target.accountSid,
      rotatedAt: rotatedAt.toISOString(),
      previousAcceptedUntil: grace.toISOString(),
    },
    ...(error ? { error } : {}),
    undo: `irreversible: the old token is the leaked one. Anything else using it (servers, the Twilio CLI) needs the new token from the Console or from the responder's secret; the responder accepts callbacks signed with the old one until ${grace.toISOString()}`,
  };
}

/** Point the number's URLs to the values the approval names, recording the ones it changed as they were. */
export async function restoreNumberUrls(
  target: RestoreTwilioNumberUrls['target'],
  deps: ExecuteDeps,
): Promise<Outcome> {
  const admin = adminOf(deps, target.accountSid);
  if (!admin) return noAccess(target.accountSid);
  const { accountSid, numberSid } = target;
  const now = await admin.numberUrls(numberSid);
  const current = (field: string): string => now.find((u) => u.field === field)?.url ?? '';
  const changes = target.urls.filter((u) => current(u.field) !== u.url);
  if (changes.length) await admin.setNumberUrls(numberSid, changes);
  return {
    status: 'done',
    before: {
      type: 'twilio-number-urls',
      accountSid,
      numberSid,
      urls: changes.map((u) => ({ field: u.field, url: current(u.field) })),
    },
    after: { type: 'twilio-number-urls', accountSid, numberSid, urls: changes },
    undo: changes.length
      ? `ato undo puts the ${changes.length} URL(s) of ${target.phoneNumber} back as they were (the ones found pointing away)`
      : 'nothing: the URLs already were these',
  };
}
