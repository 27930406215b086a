/**
 * What the rules of every family share: matching a call by service and name, reading its parameters,
 * and wording a failed attempt. Kept apart so each family file holds only its rules.
 */
import type { Severity } from '../../core/signal';
import type { CloudTrailCall } from '../cloudtrail-call';
import { stringAt } from '../eventbridge-envelope';
import type { DetectionRule, RuleContext, RuleFinding } from './rule';

export function isCall(call: CloudTrailCall, eventSource: string, names: readonly string[]): boolean {
  return call.eventSource === eventSource && names.includes(call.eventName);
}

/** A string request parameter, `""` counting as absent. */
export function param(call: CloudTrailCall, ...path: string[]): string | undefined {
  return stringAt(call.requestParameters, ...path);
}

/**
 * The verb of a summary: "created" for a call that succeeded, "tried to create" for one AWS refused.
 * Every API-call rule fires on failed calls too (at low severity, see `detectCall`): a leaked key
 * probing what it may do is the first thing worth knowing, and nothing has changed yet.
 */
export function did(call: CloudTrailCall, past: string, base: string): string {
  return call.errorCode === undefined ? past : `tried to ${base}`;
}

/** The value of `key` in `evidence` only when it is known, so evidence never holds empty strings. */
export function known(evidence: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(evidence).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

export interface EventRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  technique: string;
  rationale: string;
  eventSource: string;
  eventNames: readonly string[];
  /** The finding for a call of one of `eventNames`, or undefined when this call is a look-alike. */
  find: (call: CloudTrailCall, ctx: RuleContext) => RuleFinding | undefined;
}

/** A rule that looks only at calls of `eventNames` on `eventSource`. */
export function eventRule(spec: EventRuleSpec): DetectionRule {
  const { eventSource, eventNames, find, ...rule } = spec;
  return {
    ...rule,
    eventNames,
    match: (call, ctx) => (isCall(call, eventSource, eventNames) ? find(call, ctx) : undefined),
  };
}
