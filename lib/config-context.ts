/**
 * The responder's configuration as `cdk synth` sees it: the `ato-responder` context key, from
 * cdk.json (an object) or from `-c ato-responder='{"mode":"enforce"}'` (a JSON string). A bad value
 * fails synth with a ConfigError naming the field, before any resource exists.
 */
import type { Construct } from 'constructs';
import { ConfigError, parseConfig, type ResponderConfig } from '../lambdas/core/config';

export const CONFIG_CONTEXT_KEY = 'ato-responder';

export function readResponderConfig(scope: Construct): ResponderConfig {
  const raw: unknown = scope.node.tryGetContext(CONFIG_CONTEXT_KEY);
  const result = parseConfig(typeof raw === 'string' ? parseJson(raw) : raw);
  if (!result.ok) throw new ConfigError(result.errors);
  return result.config;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`(root): context ${CONFIG_CONTEXT_KEY} is not valid JSON: ${reason}`]);
  }
}
