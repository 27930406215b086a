/**
 * The config sections of the accounts the responder reaches beyond AWS — Twilio, SendGrid, Slack —
 * and the scheduled audit that reads them: one schema each, joined into configSchema (config.ts).
 */
import * as z from 'zod';

/**
 * Twilio: the usage-trigger webhook (a function URL, authenticated by Twilio's signature with the
 * auth token kept in Secrets Manager). Off: nothing Twilio is deployed.
 */
export const twilioConfig = z
  .object({
    enabled: z.boolean().default(false),
    /** The Twilio account (AC + 32 hex) the webhook's credentials act on; not a secret. */
    accountSid: z
      .string()
      .regex(/^AC[0-9a-f]{32}$/, {
        message: 'must be a Twilio Account SID (AC followed by 32 hex digits)',
      })
      .optional(),
    /**
     * ISO 3166 alpha-2 countries the business calls: on a usage alarm every other country's voice
     * dialing is switched off (reversible). Empty: nothing is switched off, a person is asked to.
     */
    allowedCountries: z
      .array(z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 alpha-2 code such as "US"' }))
      .default([]),
    /** API key SIDs (SK…) the business uses; any other key is reported by the audit. */
    knownApiKeys: z
      .array(z.string().regex(/^SK[0-9a-f]{32}$/, { message: 'must be an API key SID (SK + 32 hex digits)' }))
      .default([]),
    /** Hosts the phone numbers' webhook URLs may point at; any other host is reported by the audit. */
    webhookHosts: z.array(z.string().regex(/^[a-z0-9.-]+$/i, { message: 'must be a host name' })).default([]),
    /**
     * Where a number's webhook is pointed when it was sent to a foreign host and no earlier URL on
     * `webhookHosts` is known (an endpoint of yours answering with a rejection, say). Unset: such a
     * field is left to a person.
     */
    parkingUrl: z.url({ protocol: /^https$/, message: 'must be an https URL' }).optional(),
    /** The webhook URL as configured in Twilio, when a custom domain fronts the function URL. */
    webhookUrl: z
      .url({ protocol: /^https$/, message: 'must be an https URL (the one configured in Twilio)' })
      .refine((url) => !/[?#]/.test(url), {
        message: 'must have no query or fragment (Twilio signs the query it sends)',
      })
      .optional(),
  })
  .strict()
  .default({ enabled: false, allowedCountries: [], knownApiKeys: [], webhookHosts: [] });

/** SendGrid: what the audit takes as the business's own. */
export const sendgridConfig = z
  .object({
    /**
     * Deploy the scheduled audit (the API key in a Secrets Manager secret): what is new since the
     * last run opens an incident. Off: `ato sendgrid audit` from a laptop only.
     */
    enabled: z.boolean().default(false),
    /** API key ids the business uses; any other is reported. */
    knownApiKeys: z.array(z.string().min(1)).default([]),
    /** Teammate usernames the business knows; any other (and every pending invite) is reported. */
    knownTeammates: z.array(z.string().min(1)).default([]),
    /**
     * The addresses (IPv4, CIDR or SendGrid wildcards such as `192.0.2.*`) allowed to use the
     * account: with them, restricting IP access is proposed for approval. Empty: never proposed.
     */
    allowedIps: z
      .array(z.string().regex(/^[0-9.*/]+$/, { message: 'must be an IPv4 address, CIDR or wildcard' }))
      .default([]),
    /**
     * The responder's own egress addresses (its NAT gateway's): a restriction that would not
     * cover them is refused, so the responder never locks itself out.
     */
    responderEgressIps: z.array(z.ipv4({ message: 'must be an IPv4 address' })).default([]),
    /** The signed Event Webhook (its own function URL): bounce and spam-report spikes open an incident. */
    eventWebhook: z
      .object({
        enabled: z.boolean().default(false),
        /** The verification key SendGrid shows for the signed webhook (base64 DER); not a secret. */
        publicKey: z.string().min(1).optional(),
        /** Share of a batch's attempted deliveries (delivered + bounced) that bounced (0.05 = 5%): a spike. */
        bounceRate: z.number().gt(0).lt(1).default(0.05),
        /** Share of a batch's delivered messages reported as spam: a spike. */
        spamRate: z.number().gt(0).lt(1).default(0.001),
        /** Batches with fewer attempted deliveries are never a spike (too few to tell). */
        minEvents: z.number().int().min(1).default(100),
      })
      .strict()
      .refine((hook) => !hook.enabled || hook.publicKey, {
        message: 'needs publicKey (Settings → Mail Settings → Event Webhook → signature verification)',
      })
      .default({ enabled: false, bounceRate: 0.05, spamRate: 0.001, minEvents: 100 }),
  })
  .strict()
  .default({
    enabled: false,
    knownApiKeys: [],
    knownTeammates: [],
    allowedIps: [],
    responderEgressIps: [],
    eventWebhook: { enabled: false, bounceRate: 0.05, spamRate: 0.001, minEvents: 100 },
  });

/**
 * The scheduled audit (deployed when sendgrid.enabled or twilio.enabled): every `everyMinutes`,
 * what is new in the SendGrid and Twilio accounts since the last run opens an incident.
 */
export const scheduledAuditConfig = z
  .object({ everyMinutes: z.number().int().min(5).max(1440).default(60) })
  .strict()
  .default({ everyMinutes: 60 });

/**
 * Slack: approvals and the `/ato` command. Authorization fails closed: with no approvers nobody
 * may approve anything from Slack (the CLI still can).
 */
export const slackConfig = z
  .object({
    enabled: z.boolean().default(false),
    /** The Slack app (A…) and workspace (T…) whose requests are accepted; any other is refused. */
    appId: z
      .string()
      .regex(/^A[A-Z0-9]{4,30}$/, { message: 'must be a Slack app id (A…)' })
      .optional(),
    teamId: z
      .string()
      .regex(/^T[A-Z0-9]{4,30}$/, { message: 'must be a Slack workspace id (T…)' })
      .optional(),
    /** The channel (C…) where each incident gets its one thread; the bot must be a member. */
    channel: z
      .string()
      .regex(/^[CG][A-Z0-9]{4,30}$/, { message: 'must be a Slack channel id (C…)' })
      .optional(),
    /** Slack user ids (U… or W…) allowed to approve. Empty: nobody. */
    approvers: z
      .array(z.string().regex(/^[UW][A-Z0-9]{4,30}$/, { message: 'must be a Slack user id (U… or W…)' }))
      .default([]),
    /** Distinct approvers an irreversible action needs (deleting keys, users, teammates; a token reset). */
    irreversibleApprovals: z.number().int().min(1).max(5).default(2),
    /** Minutes an approval asked in Slack stays open. */
    approvalMinutes: z.number().int().min(5).max(1440).default(60),
  })
  .strict()
  .refine((slack) => !slack.enabled || (slack.appId && slack.teamId && slack.channel), {
    message: 'needs appId, teamId and channel (the Slack app, its workspace and the incident channel)',
  })
  .default({ enabled: false, approvers: [], irreversibleApprovals: 2, approvalMinutes: 60 });
