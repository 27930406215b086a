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
import type { Outcome } from './iam-steps';
import type { TwilioAdminPort } from './ports';
import { withRotatedAuthToken } from './twilio-secret';

/**
 * After a promotion, signatures made with the old token are still accepted this long: callbacks
 * Twilio signed just before it are in flight. Short, because the old token is the leaked one.
 */
export const OLD_TOKEN_GRACE_SECONDS = 300;

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
 * after the promotion). A failed promotion puts the secret back and deletes the unused secondary.
 */
export async function rotateAuthToken(
  target: RotateTwilioAuthToken['target'],
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
  const graceUntil = (): Date => new Date(deps.clock.now().getTime() + OLD_TOKEN_GRACE_SECONDS * 1000);
  if (withRotatedAuthToken(before, 'probe', graceUntil()) === undefined)
    return {
      status: 'refused',
      error: "the responder's Twilio secret is not the JSON object it should be: nothing was rotated",
    };
  const token = await admin.createSecondaryAuthToken();
  const rotated = (): string => withRotatedAuthToken(before, token, graceUntil()) ?? before;
  try {
    await secret.write(rotated());
    await admin.promoteSecondaryAuthToken();
  } catch (error) {
    await Promise.allSettled([secret.write(before), admin.deleteSecondaryAuthToken()]);
    throw error;
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
