/**
 * The shape of a CloudTrail detection rule, after cdk-nag: one pure rule, a call in, a verdict out;
 * one file per rule family; every rule tested with a firing case and a look-alike that must not fire.
 */
import type { Severity } from '../../core/signal';
import type { CloudTrailCall } from '../cloudtrail-call';

/** What a rule may know besides the call: configuration, a country lookup, and what was seen before. */
export interface RuleContext {
  /** Terraform/CI principals (names or ARNs) whose IAM writes are expected (config: detection.automationPrincipals). */
  automationPrincipals: readonly string[];
  /** ISO alpha-2 countries console sign-ins are expected from; empty: the rule is off. */
  allowedConsoleCountries: readonly string[];
  /** Accounts a role may trust besides this one. */
  trustedAccounts: readonly string[];
  /**
   * Where declared automation runs from (config detection.automationOrigins). When set, an automation
   * principal's call from anywhere else fires — with or without a baseline, nothing learnt.
   */
  automationOrigins?: { cidrs: readonly string[]; userAgents: readonly string[] };
  /** IPv4 address → ISO alpha-2 country, when known. */
  countryOf(ip: string): string | undefined;
  /**
   * What principals and keys did before, for the "first time" rules. Absent where no history is kept:
   * rules that need it then do not fire.
   */
  baseline?: ActivityBaseline;
  /**
   * The responder's own role (ARN, from the stack): its calls — the SES pause, a deactivation — are
   * the response, never a detection. Matched on the session issuer, which a caller cannot forge.
   */
  selfRoleArn?: string;
}

/** A memory of (subject, fact) pairs: "key AKIA… called GetSessionToken", "alice used SES". */
export interface ActivityBaseline {
  /**
   * Whether it sees enough of a principal's calls to learn where its automation runs from. The Lambda's
   * baseline sees only the detected calls (IAM writes, mostly flagged, so never learnt): there an
   * automation principal's origins are judged against `automationOrigins` alone.
   */
  readonly learnsOrigins: boolean;
  /** Has `fact` been noted for `subject` before? */
  seen(subject: string, fact: string): boolean;
  note(subject: string, fact: string): void;
}

/** What a rule says when it fires: plain words for a person at 3 a.m. */
export interface RuleFinding {
  summary: string;
  /** Overrides the rule's severity for this call (e.g. admin policy on a user vs on a role). */
  severity?: Severity;
  /** Extra evidence: the target user, the policy ARN… */
  evidence?: Record<string, string>;
}

export interface DetectionRule {
  /** `family.name`, e.g. `persistence.create-user`. */
  id: string;
  title: string;
  severity: Severity;
  /** MITRE ATT&CK technique id and name, and the Stratus Red Team technique when one exists. */
  technique: string;
  /** Why an intruder does this and an owner rarely does. */
  rationale: string;
  /** The only event names it can fire on, when it says: the rule set is indexed by them. */
  eventNames?: readonly string[];
  /** Pure apart from `ctx.baseline`; never throws. */
  match(call: CloudTrailCall, ctx: RuleContext): RuleFinding | undefined;
}
