/**
 * Builds AtoResponderStack the way bin/app.ts does (config from the `ato-responder` context,
 * cdk.json's feature flags) on a fresh App, so each test synthesizes what `cdk synth` deploys.
 * Asset bundling and the built-in CloudFormation validation are off unless a test asks for them:
 * each costs a second or two per synth.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { readResponderConfig } from '../../lib/config-context';
import { AtoResponderStack } from '../../lib/ato-responder-stack';
import { projectPath } from '../../lib/project-root';

export const ACCOUNT = '123456789012';

export interface BuildOptions {
  /** Default us-east-1; `null` for an environment-agnostic stack (no account, no region). */
  readonly region?: string | null;
  readonly bundling?: boolean;
  readonly validation?: boolean;
}

/** cdk.json's context minus the example config: the feature flags. */
function featureFlags(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return Object.fromEntries(Object.entries(cdkJson.context).filter(([key]) => key !== 'ato-responder'));
}

export function buildStack(config: unknown = {}, options: BuildOptions = {}): AtoResponderStack {
  const region = options.region === undefined ? 'us-east-1' : options.region;
  const app = new App({
    builtinCloudFormationValidation: options.validation ?? false,
    context: {
      ...featureFlags(),
      'ato-responder': config,
      // An empty list means "bundle no stack": NodejsFunction then skips esbuild.
      ...(options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  return new AtoResponderStack(app, 'AtoResponder', {
    env: region === null ? undefined : { account: ACCOUNT, region },
    config: readResponderConfig(app),
  });
}

export function synthesize(config: unknown = {}, options: BuildOptions = {}): Template {
  return Template.fromStack(buildStack(config, options));
}

/** The template's resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, unknown>;
}

/** The one resource of a type; fails the test if there is not exactly one. */
export function onlyResourceOf(template: Template, type: string): CfnResource {
  const resources = Object.values(resourcesOf(template, type));
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0] as CfnResource;
}

/** The resource a construct (a Function, a Role, a LogGroup…) synthesized to in its stack's template. */
export function resourceOf(template: Template, construct: IConstruct): CfnResource {
  const logicalId = Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
  const resources = template.toJSON() as { Resources: Record<string, CfnResource> };
  const resource = resources.Resources[logicalId];
  if (resource === undefined) throw new Error(`no resource ${logicalId} for ${construct.node.path}`);
  return resource;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every identity policy attached to a role. */
export function statementsOf(template: Template, role: IConstruct): Statement[] {
  const roleId = Stack.of(role).getLogicalId(role.node.defaultChild as CfnElement);
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** The actions a list of statements allows, in statement order. */
export const allowedActionsOf = (statements: readonly Statement[]): string[] =>
  statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action));
