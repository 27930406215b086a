/**
 * Who can send through SES: policy documents shaped per the IAM policy grammar
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html), as objects, JSON
 * strings or URL-encoded as IAM returns them; last uses as GetAccessKeyLastUsed reports them.
 */
import fc from 'fast-check';
import type { SesSender } from '../../lambdas/core/ses-senders';
import { grantsSesSending, rankSuspects } from '../../lambdas/core/ses-senders';

const allowing = (action: unknown, effect: unknown = 'Allow') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Action: action, Resource: '*' }],
});

const allowingAllBut = (notAction: unknown) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', NotAction: notAction, Resource: '*' }],
});

describe('grantsSesSending', () => {
  it.each([
    { label: 'the exact action, as a string', document: allowing('ses:SendRawEmail'), grants: true },
    { label: 'the SES v2 bulk action, in an array', document: allowing(['ses:SendBulkEmail']), grants: true },
    { label: 'every action (*)', document: allowing('*'), grants: true },
    { label: 'every action of every service (*:*)', document: allowing('*:*'), grants: true },
    { label: 'every SES action (ses:*)', document: allowing(['ses:*']), grants: true },
    { label: 'a trailing wildcard (ses:Send*)', document: allowing('ses:Send*'), grants: true },
    { label: 'another case and an inner wildcard', document: allowing('SES:send*Email'), grants: true },
    { label: 'a one-character wildcard (?)', document: allowing('ses:SendRaw?mail'), grants: true },
    { label: '? matching more than one character', document: allowing('ses:Send??mail'), grants: false },
    {
      label: 'a pattern crafted to backtrack',
      document: allowing(`ses:${'*e'.repeat(40)}x`),
      grants: false,
    },
    { label: 'reading SES only', document: allowing(['ses:Get*', 'ses:List*']), grants: false },
    {
      label: 'another service’s send',
      document: allowing(['sns:Publish', 'sqs:SendMessage']),
      grants: false,
    },
    { label: 'a prefix without a wildcard', document: allowing('ses:Send'), grants: false },
    {
      label: 'one send action among others',
      document: allowing(['s3:GetObject', 'ses:SendTemplatedEmail']),
      grants: true,
    },
    { label: 'NotAction naming another service', document: allowingAllBut(['iam:*']), grants: true },
    { label: 'NotAction naming every SES action', document: allowingAllBut('ses:*'), grants: false },
    { label: 'NotAction naming every send action', document: allowingAllBut(['ses:Send*']), grants: false },
    {
      label: 'NotAction leaving the templated sends out',
      document: allowingAllBut(['ses:SendEmail', 'ses:SendRawEmail']),
      grants: true,
    },
    { label: 'a Deny statement only', document: allowing('ses:*', 'Deny'), grants: false },
    {
      label: 'a statement without Effect',
      document: { Version: '2012-10-17', Statement: [{ Action: 'ses:SendEmail', Resource: '*' }] },
      grants: false,
    },
    {
      label: 'one statement, not in an array',
      document: {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' },
      },
      grants: true,
    },
    {
      label: 'a Condition and a narrow Resource (not evaluated: over-inclusive)',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['ses:SendEmail', 'ses:SendRawEmail'],
            Resource: 'arn:aws:ses:us-east-1:123456789012:identity/example.com',
            Condition: { StringEquals: { 'ses:FromAddress': 'noreply@example.com' } },
          },
        ],
      },
      grants: true,
    },
    {
      label: 'an Allow and a Deny of the same action (Deny not evaluated: over-inclusive)',
      document: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ses:*', Resource: '*' },
          { Effect: 'Deny', Action: 'ses:Send*', Resource: '*' },
        ],
      },
      grants: true,
    },
    { label: 'a JSON string', document: JSON.stringify(allowing('ses:SendEmail')), grants: true },
    {
      label: 'a URL-encoded JSON string, as IAM returns it',
      document: encodeURIComponent(JSON.stringify(allowing('ses:SendEmail'))),
      grants: true,
    },
    {
      label: 'a URL-encoded string of another action',
      document: encodeURIComponent(JSON.stringify(allowing('s3:*'))),
      grants: false,
    },
    { label: 'text that is not JSON', document: 'ses:SendEmail', grants: false },
    {
      label: 'truncated JSON',
      document: '{"Statement": [{"Effect": "Allow", "Action": "ses:*"',
      grants: false,
    },
    { label: 'a broken URL escape', document: '%7B%22Statement%22%3A%E0%A4%A', grants: false },
    { label: 'a JSON array', document: JSON.stringify([allowing('ses:*')]), grants: false },
    { label: 'Statement as text', document: { Statement: 'Allow ses:*' }, grants: false },
    { label: 'Action as an object', document: allowing({ ses: 'SendEmail' }), grants: false },
    { label: 'no document', document: undefined, grants: false },
    { label: 'null', document: null, grants: false },
  ])('answers $grants for $label', ({ document, grants }) => {
    // Act
    const answer = grantsSesSending(document);

    // Assess
    expect(answer).toBe(grants);
  });

  it('never throws, whatever it is given', () => {
    // Assess
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.json()), (document) => {
        expect(typeof grantsSesSending(document)).toBe('boolean');
      }),
    );
  });
});

const NOW = new Date('2026-11-22T03:10:00Z');

const mailer: SesSender = {
  principal: { type: 'user', name: 'mailer', arn: 'arn:aws:iam::123456789012:user/mailer' },
  grantedBy: ['AmazonSESFullAccess'],
  accessKeys: [
    {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      status: 'Active',
      createDate: '2026-01-10T09:00:00.000Z',
      lastUsed: { at: '2026-11-22T03:01:00.000Z', service: 'ses', region: 'us-east-1' },
    },
    { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Inactive', createDate: '2025-06-01T09:00:00.000Z' },
  ],
};

const user = (name: string, lastUsed?: SesSender['accessKeys'][number]['lastUsed']): SesSender => ({
  principal: { type: 'user', name },
  grantedBy: ['ses-send'],
  accessKeys: [{ accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', ...(lastUsed ? { lastUsed } : {}) }],
});

const instanceRole: SesSender = {
  principal: { type: 'role', name: 'newsletter-ec2', arn: 'arn:aws:iam::123456789012:role/newsletter-ec2' },
  grantedBy: ['ses-raw-send', 'AmazonSESFullAccess'],
  accessKeys: [],
};

describe('rankSuspects', () => {
  it('puts the key that sent through SES in the region within the day first, and says why', () => {
    // Prepare
    const reports = user('reports', { at: '2026-11-21T09:00:00.000Z', service: 's3', region: 'us-east-1' });

    // Act
    const suspects = rankSuspects([reports, mailer], 'us-east-1', NOW);

    // Assess
    expect(suspects).toEqual([
      {
        sender: mailer,
        key: mailer.accessKeys[0],
        why: 'key AKIAIOSFODNN7EXAMPLE of user mailer last used ses in us-east-1 at 2026-11-22T03:01:00Z; allowed to send by AmazonSESFullAccess',
        likely: true,
      },
      {
        sender: reports,
        key: reports.accessKeys[0],
        why: 'key AKIAI44QH8DHBEXAMPLE of user reports last used s3 in us-east-1 at 2026-11-21T09:00:00Z; allowed to send by ses-send',
        likely: false,
      },
    ]);
  });

  it.each([
    {
      label: 'SES in the region an hour ago',
      lastUsed: { at: '2026-11-22T02:10:00Z', service: 'ses', region: 'us-east-1' },
      likely: true,
    },
    {
      label: 'SES by its endpoint name (email)',
      lastUsed: { at: '2026-11-22T02:10:00Z', service: 'email', region: 'us-east-1' },
      likely: true,
    },
    {
      label: 'SES with no region given',
      lastUsed: { at: '2026-11-22T02:10:00Z', service: 'ses' },
      likely: true,
    },
    {
      label: 'SES exactly 24 hours ago',
      lastUsed: { at: '2026-11-21T03:10:00Z', service: 'ses', region: 'us-east-1' },
      likely: true,
    },
    {
      label: 'SES 25 hours ago',
      lastUsed: { at: '2026-11-21T02:10:00Z', service: 'ses', region: 'us-east-1' },
      likely: false,
    },
    {
      label: 'SES in another region',
      lastUsed: { at: '2026-11-22T02:10:00Z', service: 'ses', region: 'eu-west-1' },
      likely: false,
    },
    {
      label: 'another service in the region',
      lastUsed: { at: '2026-11-22T02:10:00Z', service: 'iam', region: 'us-east-1' },
      likely: false,
    },
    { label: 'SES with no time given', lastUsed: { service: 'ses', region: 'us-east-1' }, likely: false },
    { label: 'no recorded use', lastUsed: undefined, likely: false },
  ])('calls a key likely only when it sent recently: $label → $likely', ({ lastUsed, likely }) => {
    // Act
    const [suspect] = rankSuspects([user('mailer', lastUsed)], 'us-east-1', NOW);

    // Assess
    expect(suspect?.likely).toBe(likely);
  });

  it('orders the rest by most recent use, then by name, never-used keys last', () => {
    // Prepare
    const senders = [
      user('zeta'),
      user('beta', { at: '2026-11-20T10:00:00Z', service: 'ses', region: 'us-east-1' }),
      user('alpha'),
      user('gamma', { at: '2026-11-21T10:00:00Z', service: 's3', region: 'us-east-1' }),
      user('delta', { at: '2026-11-22T03:00:00Z', service: 'ses', region: 'us-east-1' }),
    ];

    // Act
    const suspects = rankSuspects(senders, 'us-east-1', NOW);

    // Assess
    expect(suspects.map((s) => [s.sender.principal.name, s.likely])).toEqual([
      ['delta', true],
      ['gamma', false],
      ['beta', false],
      ['alpha', false],
      ['zeta', false],
    ]);
  });

  it('says when a key has no recorded use', () => {
    // Act
    const [suspect] = rankSuspects([user('reports')], 'us-east-1', NOW);

    // Assess
    expect(suspect?.why).toBe(
      'key AKIAI44QH8DHBEXAMPLE of user reports has no recorded use; allowed to send by ses-send',
    );
  });

  it('leaves inactive keys out, and a user whose keys are all inactive', () => {
    // Prepare
    const retired: SesSender = {
      principal: { type: 'user', name: 'retired' },
      grantedBy: ['ses-send'],
      accessKeys: [{ accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Inactive' }],
    };

    // Act
    const suspects = rankSuspects([retired, mailer], 'us-east-1', NOW);

    // Assess
    expect(suspects.map((s) => s.key?.accessKeyId)).toEqual(['AKIAIOSFODNN7EXAMPLE']);
  });

  it('lists a sending role once, without a key, as sending with temporary credentials', () => {
    // Act
    const suspects = rankSuspects([instanceRole, mailer], 'us-east-1', NOW);

    // Assess
    expect(suspects).toEqual([
      expect.objectContaining({ sender: mailer, likely: true }),
      {
        sender: instanceRole,
        why: 'role newsletter-ec2 can send with temporary credentials (a role has no long-term access key); allowed to send by ses-raw-send, AmazonSESFullAccess',
        likely: false,
      },
    ]);
  });

  it('answers nothing when nothing can send', () => {
    // Act / Assess
    expect(rankSuspects([], 'us-east-1', NOW)).toEqual([]);
  });
});
