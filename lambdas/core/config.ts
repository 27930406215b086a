/**
 * The responder's configuration: one typed, validated object. `cdk synth` validates it from the
 * `ato-responder` context key in cdk.json; the Lambda reads the same object from ATO_CONFIG; the CLI
 * from a file. A bad value fails with a message naming the field.
 */
import * as z from 'zod';
import { scheduledAuditConfig, sendgridConfig, slackConfig, twilioConfig } from './config-accounts';

const mode = z.enum(['enforce', 'dry-run']);

const principalName = z
  .string()
  .min(1)
  .regex(/^(arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@\-/]+|[\w+=,.@-]+)$/, {
    message: 'must be an IAM user or role name, or its ARN (arn:aws:iam::123456789012:user/name)',
  });

const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: 'must be an AWS region such as "eu-west-1"' });

/** SES configuration-set names: letters, digits, `_` and `-`, at most 64. */
const configurationSetName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
  message: 'must be an SES configuration set name (letters, digits, _ and -, at most 64)',
});

export const configSchema = z
  .object({
    /** Global switch. dry-run records every action as "would do" and changes nothing. */
    mode: mode.default('dry-run'),
    /** IAM users/roles (names or ARNs) the responder never touches; the tag ato:protected=true does the same. */
    protectedPrincipals: z.array(principalName).default([]),
    budget: z
      .object({
        /** Automatic containments per rolling hour; beyond it, actions wait for a person. */
        automaticContainmentsPerHour: z.number().int().min(0).max(1000).default(5),
      })
      .strict()
      .default({ automaticContainmentsPerHour: 5 }),
    /** A new signal for a subject joins its open incident if that was updated within this window. */
    correlationWindowMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30)
      .default(24 * 60),
    playbooks: z
      .object({
        leakedKey: z
          .object({
            /** Overrides the global mode for this playbook. */
            mode: mode.optional(),
            /** Deny sessions issued before containment (they outlive the key). */
            revokeSessions: z.boolean().default(true),
            /** Revoking a role's sessions stops every workload of the role: by default a person decides. */
            revokeRoleSessions: z.enum(['auto', 'approval']).default('approval'),
            /**
             * Signals below this severity (e.g. a Low GuardDuty anomaly) contain only with approval:
             * an automatic deactivation on weak evidence can take production down.
             */
            autoContainMinSeverity: z.enum(['low', 'medium', 'high', 'critical']).default('medium'),
            /** Inline deny-all on the principal until a person clears it. */
            quarantine: z.enum(['off', 'auto', 'approval']).default('approval'),
          })
          .strict()
          .default({
            revokeSessions: true,
            revokeRoleSessions: 'approval',
            autoContainMinSeverity: 'medium',
            quarantine: 'approval',
          }),
      })
      .strict()
      .default({
        leakedKey: {
          revokeSessions: true,
          revokeRoleSessions: 'approval',
          autoContainMinSeverity: 'medium',
          quarantine: 'approval',
        },
      }),
    detection: z
      .object({
        /**
         * Terraform/CI principals (names or ARNs) whose IAM writes are expected: rules do not fire on
         * them — unless their key is used from a source IP or user agent they have not used before.
         */
        automationPrincipals: z.array(principalName).default([]),
        /**
         * Where that automation runs: IPv4 CIDR blocks of the CI runners and the user-agent products
         * it sends (e.g. "Terraform", "aws-cli"). Set, an automation principal's call from anywhere
         * else fires; unset, origins are learnt from the baseline in `ato detect`, and the Lambda (which
         * sees too few of a principal's calls to learn them) excludes the automation principal entirely.
         */
        automationOrigins: z
          .object({
            cidrs: z
              .array(
                z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, {
                  message: 'must be an IPv4 CIDR block such as "198.51.100.0/24"',
                }),
              )
              .default([]),
            userAgents: z.array(z.string().min(1)).default([]),
          })
          .strict()
          .default({ cidrs: [], userAgents: [] }),
        /** ISO 3166 alpha-2 countries console sign-ins are expected from; empty turns the rule off. */
        allowedConsoleCountries: z
          .array(z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 alpha-2 code such as "US"' }))
          .default([]),
        /** Accounts outside this one (and its organization) that roles may trust. */
        trustedAccounts: z
          .array(z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id' }))
          .default([]),
        /**
         * Deliver read-only calls (Get/List/Describe) too: the CloudTrail rule state
         * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. Needed by the enumeration rules; costs more.
         */
        readOnlyEvents: z.boolean().default(false),
        /**
         * Distributed credential stuffing: failed console sign-ins against at least `minUsers`
         * distinct users from at least `minIps` addresses within `windowMinutes` — one incident.
         */
        credentialStuffing: z
          .object({
            minUsers: z.number().int().min(2).default(10),
            minIps: z.number().int().min(1).default(5),
            windowMinutes: z.number().int().min(1).max(1440).default(30),
          })
          .strict()
          .default({ minUsers: 10, minIps: 5, windowMinutes: 30 }),
      })
      .strict()
      .default({
        automationPrincipals: [],
        automationOrigins: { cidrs: [], userAgents: [] },
        allowedConsoleCountries: [],
        trustedAccounts: [],
        readOnlyEvents: false,
        credentialStuffing: { minUsers: 10, minIps: 5, windowMinutes: 30 },
      }),
    /**
     * Regions whose GuardDuty findings and regional CloudTrail events (SES, CloudTrail, GuardDuty,
     * regional STS, console sign-in) are forwarded to the responder's bus: one small stack each.
     */
    forwardFromRegions: z.array(awsRegion).default([]),
    /**
     * SES reputation: alarms per region that fire before AWS acts (AWS reviews an account at 5% bounces
     * or 0.1% complaints and pauses it at 10% / 0.5%), and the pause the responder makes when they do.
     */
    ses: z
      .object({
        /** Regions whose SES sending is watched; empty: SES is not watched. */
        regions: z.array(awsRegion).default([]),
        /** Bounce rate (a fraction: 0.025 = 2.5%) at which the alarm fires; below AWS's 5% review. */
        bounceRateAlarm: z.number().gt(0).lt(0.05).default(0.025),
        /** Complaint rate (0.0005 = 0.05%) at which the alarm fires; below AWS's 0.1% review. */
        complaintRateAlarm: z.number().gt(0).lt(0.001).default(0.0005),
        /** Emails sent in 5 minutes above which the burst alarm fires; unset: no volume ceiling. */
        sendsPerFiveMinutes: z.number().int().positive().optional(),
        /**
         * A CloudWatch anomaly-detection alarm on the number of emails sent: the burst is the earliest
         * sign, reputation lags it. The band is `standardDeviations` wide. The model does not know a
         * legitimate campaign from a spam run, so the pause it asks for always waits for a person.
         */
        sendAnomaly: z
          .object({
            enabled: z.boolean().default(true),
            standardDeviations: z.number().min(1).max(10).default(4),
          })
          .strict()
          .default({ enabled: true, standardDeviations: 4 }),
        /**
         * Configuration sets that also get their own bounce and complaint alarms (their reputation
         * metrics must be enabled: ReputationMetricsEnabled).
         */
        alarmConfigurationSets: z.array(configurationSetName).default([]),
        pause: z
          .object({
            /** Ask a person before pausing (default: pause at once; it is reversible). */
            approval: z.boolean().default(false),
            /** Pause only these configuration sets; empty: the account's sending in the region. */
            configurationSets: z.array(configurationSetName).default([]),
          })
          .strict()
          .default({ approval: false, configurationSets: [] }),
        /**
         * The failover flag: on a pause the responder sets this SSM parameter (in its own region) to
         * `value`, so applications that read it send through a second provider; resume puts back what
         * it held before (or deletes it if it did not exist). Unset: no flag.
         */
        failoverFlag: z
          .object({
            parameterName: z.string().regex(/^\/[A-Za-z0-9_.\-/]{1,1000}$/, {
              message: 'must be an SSM parameter path such as "/ato-responder/email/provider"',
            }),
            value: z.string().min(1).max(4096).default('backup'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({
        regions: [],
        bounceRateAlarm: 0.025,
        complaintRateAlarm: 0.0005,
        sendAnomaly: { enabled: true, standardDeviations: 4 },
        alarmConfigurationSets: [],
        pause: { approval: false, configurationSets: [] },
      }),
    twilio: twilioConfig,
    slack: slackConfig,
    scheduledAudit: scheduledAuditConfig,
    sendgrid: sendgridConfig,
    investigation: z
      .object({
        /**
         * Minutes between a key's deactivation and its investigation (0–15, SQS's longest delay).
         * CloudTrail's event history shows a call minutes after it happened: started at once, the
         * investigation would miss the intruder's last calls.
         */
        delayMinutes: z.number().int().min(0).max(15).default(15),
      })
      .strict()
      .default({ delayMinutes: 15 }),
    notifications: z
      .object({
        /** Email addresses subscribed to the incident topic at deploy time. */
        emails: z.array(z.email()).default([]),
      })
      .strict()
      .default({ emails: [] }),
  })
  .strict();

export type ResponderConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

export type ConfigResult = { ok: true; config: ResponderConfig } | { ok: false; errors: string[] };

/** Validate raw config; every problem is reported as `field.path: message`. */
export function parseConfig(raw: unknown): ConfigResult {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const path = issue.path.length ? issue.path.join('.') : '(root)';
      return `${path}: ${issue.message}`;
    }),
  };
}

export class ConfigError extends Error {
  constructor(readonly errors: string[]) {
    super(`invalid ato-responder config:\n  ${errors.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(raw: unknown): ResponderConfig {
  const result = parseConfig(raw);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}

/** The effective mode of the leaked-key playbook. */
export function leakedKeyMode(config: ResponderConfig): z.infer<typeof mode> {
  return config.playbooks.leakedKey.mode ?? config.mode;
}
