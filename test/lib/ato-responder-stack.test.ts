import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { buildStack, onlyResourceOf } from './stack-builder';

const regionWarning = Match.stringLikeRegexp('delivered in us-east-1 only');

describe('the stack', () => {
  it('warns that IAM, Health and Trusted Advisor events will not arrive when deployed outside us-east-1', () => {
    // Prepare
    const stack = buildStack({}, { region: 'eu-west-1' });

    // Act
    const warnings = Annotations.fromStack(stack);

    // Assess
    warnings.hasWarning(
      '/AtoResponder',
      Match.stringLikeRegexp('^Deployed to eu-west-1: .*delivered in us-east-1 only'),
    );
  });

  it.each([
    ['in us-east-1', 'us-east-1'],
    ['when no region is known yet (environment-agnostic)', null],
  ])('does not warn about the region %s', (_case, region) => {
    // Prepare
    const stack = buildStack({}, { region });

    // Act
    const warnings = Annotations.fromStack(stack);

    // Assess
    warnings.hasNoWarning('/AtoResponder', regionWarning);
  });

  it('bundles the real handler and passes CloudFormation validation (the one test that pays for both)', () => {
    // Prepare: test/setup-env.ts turns the built-in validation off for speed; this test wants it, and
    // cdk.json's validateAgainstDefaultRules makes any finding fail the synth.
    const saved = process.env.CDK_VALIDATION;
    delete process.env.CDK_VALIDATION;
    try {
      const stack = buildStack({ mode: 'enforce' }, { bundling: true, validation: true });

      // Act
      const template = Template.fromStack(stack);

      // Assess
      const fn = onlyResourceOf(template, 'AWS::Lambda::Function');
      expect(fn.Metadata?.['aws:asset:is-bundled']).toBe(true);
    } finally {
      process.env.CDK_VALIDATION = saved;
    }
  });
});
