/**
 * AwsSesSenders against aws-sdk-client-mock, responses shaped per the IAM API Reference as the SDK v3
 * hands them over (dates as Date, policy documents RFC 3986 URL-encoded):
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html,
 * API_GetPolicy.html, API_GetPolicyVersion.html, API_ListAccessKeys.html, API_GetAccessKeyLastUsed.html.
 * AWS managed policy documents as published in the AWS Managed Policy Reference.
 */
import {
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
  IAMServiceException,
  ListAccessKeysCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { AwsSesSenders } from '../../../lambdas/providers/aws/ses-senders';

const iamMock = mockClient(IAMClient);
const directory = new AwsSesSenders(new IAMClient({ region: 'us-east-1' }));

const ACCOUNT = '123456789012';
const SES_FULL_ACCESS = 'arn:aws:iam::aws:policy/AmazonSESFullAccess';
const S3_READ_ONLY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const SES_RAW_SEND = `arn:aws:iam::${ACCOUNT}:policy/ses-raw-send`;
const MAIL_ARCHIVE = `arn:aws:iam::${ACCOUNT}:policy/mail-archive`;

/** Policy documents as IAM returns them: URL-encoded JSON. */
const encoded = (...statements: object[]): string =>
  encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
const allow = (action: string | string[]) => ({ Effect: 'Allow', Action: action, Resource: '*' });

/** AmazonSESFullAccess v1 and AmazonS3ReadOnlyAccess v3, per the AWS Managed Policy Reference. */
const SES_FULL_ACCESS_DOCUMENT = encoded(allow(['ses:*']));
const S3_READ_ONLY_DOCUMENT = encoded(
  allow(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*']),
);

const EC2_TRUST = encoded({
  Effect: 'Allow',
  Principal: { Service: 'ec2.amazonaws.com' },
  Action: 'sts:AssumeRole',
});

/** A user whose inline policy allows ses:SendEmail, as GetAccountAuthorizationDetails lists it. */
const MAILER = {
  Path: '/',
  UserName: 'mailer',
  UserId: 'AIDAEXAMPLEMAILER000',
  Arn: `arn:aws:iam::${ACCOUNT}:user/mailer`,
  CreateDate: new Date('2025-03-01T09:00:00Z'),
  UserPolicyList: [{ PolicyName: 'ses-send', PolicyDocument: encoded(allow('ses:SendEmail')) }],
  GroupList: [],
  AttachedManagedPolicies: [],
};

const noSuchEntity = (message: string): NoSuchEntityException =>
  new NoSuchEntityException({ message, $metadata: { httpStatusCode: 404 } });

async function rejection(pending: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** GetAccessKeyLastUsed for a key never used: no date, `N/A` service and region. */
const neverUsed = (userName: string) => ({
  UserName: userName,
  AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' },
});

function mockAwsManagedPolicy(arn: string, name: string, versionId: string, document: string): void {
  iamMock.on(GetPolicyCommand, { PolicyArn: arn }).resolves({
    Policy: {
      PolicyName: name,
      PolicyId: `ANPA${name.toUpperCase().slice(0, 16)}`,
      Arn: arn,
      Path: '/',
      DefaultVersionId: versionId,
      AttachmentCount: 1,
      IsAttachable: true,
      CreateDate: new Date('2015-02-06T18:40:00Z'),
      UpdateDate: new Date('2015-02-06T18:40:00Z'),
    },
  });
  iamMock.on(GetPolicyVersionCommand, { PolicyArn: arn, VersionId: versionId }).resolves({
    PolicyVersion: {
      Document: document,
      VersionId: versionId,
      IsDefaultVersion: true,
      CreateDate: new Date('2015-02-06T18:40:00Z'),
    },
  });
}

beforeEach(() => {
  iamMock.reset();
});

describe('AwsSesSenders', () => {
  /**
   * Two pages: mailer (inline send policy), newsletter (in group senders, which has
   * AmazonSESFullAccess attached); then reports (S3 only, and a local policy whose older version
   * could send) and the EC2 instance role newsletter-ec2 (local managed policy ses-raw-send).
   */
  function mockAccount(): void {
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({
        UserDetailList: [
          {
            Path: '/',
            UserName: 'mailer',
            UserId: 'AIDAEXAMPLEMAILER000',
            Arn: `arn:aws:iam::${ACCOUNT}:user/mailer`,
            CreateDate: new Date('2025-03-01T09:00:00Z'),
            UserPolicyList: [
              {
                PolicyName: 'ses-send',
                PolicyDocument: encoded(allow(['ses:SendEmail', 'ses:SendRawEmail'])),
              },
            ],
            GroupList: [],
            AttachedManagedPolicies: [],
          },
          {
            Path: '/',
            UserName: 'newsletter',
            UserId: 'AIDAEXAMPLENEWSLTR00',
            Arn: `arn:aws:iam::${ACCOUNT}:user/newsletter`,
            CreateDate: new Date('2025-04-01T09:00:00Z'),
            UserPolicyList: [],
            GroupList: ['senders'],
            AttachedManagedPolicies: [],
          },
        ],
        GroupDetailList: [
          {
            Path: '/',
            GroupName: 'senders',
            GroupId: 'AGPAEXAMPLESENDERS00',
            Arn: `arn:aws:iam::${ACCOUNT}:group/senders`,
            CreateDate: new Date('2025-04-01T08:00:00Z'),
            GroupPolicyList: [],
            AttachedManagedPolicies: [{ PolicyName: 'AmazonSESFullAccess', PolicyArn: SES_FULL_ACCESS }],
          },
        ],
        RoleDetailList: [],
        Policies: [],
        IsTruncated: true,
        Marker: 'page-2',
      })
      .resolvesOnce({
        UserDetailList: [
          {
            Path: '/',
            UserName: 'reports',
            UserId: 'AIDAEXAMPLEREPORTS00',
            Arn: `arn:aws:iam::${ACCOUNT}:user/reports`,
            CreateDate: new Date('2025-05-01T09:00:00Z'),
            UserPolicyList: [{ PolicyName: 'read-buckets', PolicyDocument: encoded(allow('s3:GetObject')) }],
            GroupList: [],
            AttachedManagedPolicies: [
              { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: S3_READ_ONLY },
              { PolicyName: 'mail-archive', PolicyArn: MAIL_ARCHIVE },
            ],
          },
        ],
        GroupDetailList: [],
        RoleDetailList: [
          {
            Path: '/',
            RoleName: 'newsletter-ec2',
            RoleId: 'AROAEXAMPLENEWSEC200',
            Arn: `arn:aws:iam::${ACCOUNT}:role/newsletter-ec2`,
            CreateDate: new Date('2025-06-01T09:00:00Z'),
            AssumeRolePolicyDocument: EC2_TRUST,
            InstanceProfileList: [],
            RolePolicyList: [],
            AttachedManagedPolicies: [{ PolicyName: 'ses-raw-send', PolicyArn: SES_RAW_SEND }],
          },
        ],
        Policies: [
          {
            PolicyName: 'ses-raw-send',
            PolicyId: 'ANPAEXAMPLESESRAW000',
            Arn: SES_RAW_SEND,
            Path: '/',
            DefaultVersionId: 'v2',
            AttachmentCount: 1,
            IsAttachable: true,
            CreateDate: new Date('2025-06-01T08:00:00Z'),
            UpdateDate: new Date('2025-06-02T08:00:00Z'),
            PolicyVersionList: [
              {
                Document: encoded(allow('ses:SendRawEmail')),
                VersionId: 'v2',
                IsDefaultVersion: true,
                CreateDate: new Date('2025-06-02T08:00:00Z'),
              },
              {
                Document: encoded(allow('sns:Publish')),
                VersionId: 'v1',
                IsDefaultVersion: false,
                CreateDate: new Date('2025-06-01T08:00:00Z'),
              },
            ],
          },
          {
            PolicyName: 'mail-archive',
            PolicyId: 'ANPAEXAMPLEMAILARC00',
            Arn: MAIL_ARCHIVE,
            Path: '/',
            DefaultVersionId: 'v2',
            AttachmentCount: 1,
            IsAttachable: true,
            CreateDate: new Date('2025-05-01T08:00:00Z'),
            UpdateDate: new Date('2025-05-02T08:00:00Z'),
            PolicyVersionList: [
              {
                Document: encoded(allow('ses:Get*')),
                VersionId: 'v2',
                IsDefaultVersion: true,
                CreateDate: new Date('2025-05-02T08:00:00Z'),
              },
              {
                Document: encoded(allow('ses:*')),
                VersionId: 'v1',
                IsDefaultVersion: false,
                CreateDate: new Date('2025-05-01T08:00:00Z'),
              },
            ],
          },
        ],
        IsTruncated: false,
      });
    mockAwsManagedPolicy(SES_FULL_ACCESS, 'AmazonSESFullAccess', 'v1', SES_FULL_ACCESS_DOCUMENT);
    mockAwsManagedPolicy(S3_READ_ONLY, 'AmazonS3ReadOnlyAccess', 'v3', S3_READ_ONLY_DOCUMENT);
    iamMock.on(ListAccessKeysCommand, { UserName: 'mailer' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'mailer',
          AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          Status: 'Active',
          CreateDate: new Date('2025-03-01T09:05:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock.on(ListAccessKeysCommand, { UserName: 'newsletter' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'newsletter',
          AccessKeyId: 'AKIAI44QH8DHBEXAMPLE',
          Status: 'Active',
          CreateDate: new Date('2026-11-21T23:40:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }).resolves({
      UserName: 'mailer',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2026-11-22T03:01:00Z'),
        ServiceName: 'ses',
        Region: 'us-east-1',
      },
    });
    iamMock
      .on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAI44QH8DHBEXAMPLE' })
      .resolves(neverUsed('newsletter'));
  }

  it('finds every user and role that can send, from inline, group and managed policies, with their keys', async () => {
    // Prepare
    mockAccount();

    // Act
    const senders = await directory.senders();

    // Assess
    expect(senders).toEqual([
      {
        principal: { type: 'user', name: 'mailer', arn: 'arn:aws:iam::123456789012:user/mailer' },
        grantedBy: ['ses-send'],
        accessKeys: [
          {
            accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            status: 'Active',
            createDate: '2025-03-01T09:05:00.000Z',
            lastUsed: { at: '2026-11-22T03:01:00.000Z', service: 'ses', region: 'us-east-1' },
          },
        ],
      },
      {
        principal: { type: 'user', name: 'newsletter', arn: 'arn:aws:iam::123456789012:user/newsletter' },
        grantedBy: ['AmazonSESFullAccess'],
        accessKeys: [
          { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: '2026-11-21T23:40:00.000Z' },
        ],
      },
      {
        principal: {
          type: 'role',
          name: 'newsletter-ec2',
          arn: 'arn:aws:iam::123456789012:role/newsletter-ec2',
        },
        grantedBy: ['ses-raw-send'],
        accessKeys: [],
      },
    ]);
  });

  it('reads every page of the listing, then each AWS managed policy once, and the keys of senders only', async () => {
    // Prepare
    mockAccount();

    // Act
    await directory.senders();

    // Assess
    // The paginator sends one input object, adding each page's Marker to it: the last call shows both.
    expect(iamMock).toHaveReceivedCommandTimes(GetAccountAuthorizationDetailsCommand, 2);
    expect(iamMock).toHaveReceivedNthSpecificCommandWith(2, GetAccountAuthorizationDetailsCommand, {
      Filter: ['User', 'Role', 'Group', 'LocalManagedPolicy'],
      Marker: 'page-2',
    });
    expect(iamMock.commandCalls(GetPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { PolicyArn: S3_READ_ONLY },
      { PolicyArn: SES_FULL_ACCESS },
    ]);
    expect(iamMock.commandCalls(GetPolicyVersionCommand).map((c) => c.args[0].input)).toEqual([
      { PolicyArn: S3_READ_ONLY, VersionId: 'v3' },
      { PolicyArn: SES_FULL_ACCESS, VersionId: 'v1' },
    ]);
    expect(iamMock.commandCalls(ListAccessKeysCommand).map((c) => c.args[0].input)).toEqual([
      { UserName: 'mailer' },
      { UserName: 'newsletter' },
    ]);
    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand).map((c) => c.args[0].input)).toEqual([
      { AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      { AccessKeyId: 'AKIAI44QH8DHBEXAMPLE' },
    ]);
  });

  it('lists inactive keys without asking for their last use', async () => {
    // Prepare
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [MAILER],
      IsTruncated: false,
    });
    iamMock.on(ListAccessKeysCommand).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'mailer',
          AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          Status: 'Inactive',
          CreateDate: new Date('2025-03-01T09:05:00Z'),
        },
        {
          UserName: 'mailer',
          AccessKeyId: 'AKIAI44QH8DHBEXAMPLE',
          Status: 'Active',
          CreateDate: new Date('2026-01-10T09:00:00Z'),
        },
      ],
      IsTruncated: false,
    });
    iamMock.on(GetAccessKeyLastUsedCommand).resolves(neverUsed('mailer'));

    // Act
    const [mailer] = await directory.senders();

    // Assess
    expect(mailer?.accessKeys).toEqual([
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', status: 'Inactive', createDate: '2025-03-01T09:05:00.000Z' },
      { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', status: 'Active', createDate: '2026-01-10T09:00:00.000Z' },
    ]);
    expect(iamMock.commandCalls(GetAccessKeyLastUsedCommand).map((c) => c.args[0].input)).toEqual([
      { AccessKeyId: 'AKIAI44QH8DHBEXAMPLE' },
    ]);
  });

  it('reads an AWS managed policy attached to many principals once, with at most 4 IAM calls at a time', async () => {
    // Prepare
    const names = [
      'AmazonSESFullAccess',
      'AmazonSESReadOnlyAccess',
      'AmazonS3ReadOnlyAccess',
      'AmazonSNSFullAccess',
      'AmazonSQSFullAccess',
      'CloudWatchReadOnlyAccess',
    ];
    const attached = names.map((name) => ({
      PolicyName: name,
      PolicyArn: `arn:aws:iam::aws:policy/${name}`,
    }));
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: ['ops-1', 'ops-2'].map((name) => ({
        Path: '/',
        UserName: name,
        UserId: `AIDAEXAMPLE${name.toUpperCase().replace('-', '')}0000`,
        Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
        CreateDate: new Date('2025-03-01T09:00:00Z'),
        UserPolicyList: [],
        GroupList: [],
        AttachedManagedPolicies: attached,
      })),
      IsTruncated: false,
    });
    let inFlight = 0;
    let mostInFlight = 0;
    const slowly = async <T>(answer: T): Promise<T> => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return answer;
    };
    iamMock
      .on(GetPolicyCommand)
      .callsFake((input: { PolicyArn: string }) =>
        slowly({ Policy: { Arn: input.PolicyArn, DefaultVersionId: 'v1' } }),
      );
    // Only AmazonSESFullAccess's document matters here; the others stand in with S3's read-only one.
    iamMock.on(GetPolicyVersionCommand).callsFake((input: { PolicyArn: string }) =>
      slowly({
        PolicyVersion: {
          VersionId: 'v1',
          IsDefaultVersion: true,
          Document: input.PolicyArn === SES_FULL_ACCESS ? SES_FULL_ACCESS_DOCUMENT : S3_READ_ONLY_DOCUMENT,
        },
      }),
    );
    iamMock.on(ListAccessKeysCommand).callsFake(() => slowly({ AccessKeyMetadata: [], IsTruncated: false }));

    // Act
    const senders = await directory.senders();

    // Assess
    expect(senders.map((s) => [s.principal.name, s.grantedBy])).toEqual([
      ['ops-1', ['AmazonSESFullAccess']],
      ['ops-2', ['AmazonSESFullAccess']],
    ]);
    expect(iamMock).toHaveReceivedCommandTimes(GetPolicyCommand, 6);
    expect(iamMock).toHaveReceivedCommandTimes(GetPolicyVersionCommand, 6);
    expect(mostInFlight).toBe(4);
  });

  it('counts a managed policy deleted since the listing as granting nothing, and leaves out a deleted user', async () => {
    // Prepare
    iamMock.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [MAILER],
      RoleDetailList: [
        {
          Path: '/',
          RoleName: 'newsletter-ec2',
          RoleId: 'AROAEXAMPLENEWSEC200',
          Arn: `arn:aws:iam::${ACCOUNT}:role/newsletter-ec2`,
          CreateDate: new Date('2025-06-01T09:00:00Z'),
          AssumeRolePolicyDocument: EC2_TRUST,
          RolePolicyList: [],
          AttachedManagedPolicies: [{ PolicyName: 'AmazonSESFullAccess', PolicyArn: SES_FULL_ACCESS }],
        },
      ],
      IsTruncated: false,
    });
    iamMock
      .on(GetPolicyCommand)
      .rejects(noSuchEntity(`Policy ${SES_FULL_ACCESS} does not exist or is not attachable.`));
    iamMock.on(ListAccessKeysCommand).rejects(noSuchEntity('The user with name mailer cannot be found.'));

    // Act
    const senders = await directory.senders();

    // Assess
    expect(senders).toEqual([]);
    expect(iamMock).toHaveReceivedCommandTimes(GetPolicyVersionCommand, 0);
  });

  it('surfaces an IAM error as a ProviderError naming iam:GetAccountAuthorizationDetails', async () => {
    // Prepare
    iamMock.on(GetAccountAuthorizationDetailsCommand).rejects(
      new IAMServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/ato-responder/respond is not authorized to perform: iam:GetAccountAuthorizationDetails`,
        $metadata: { httpStatusCode: 403 },
      }),
    );

    // Act
    const error = await rejection(directory.senders());

    // Assess
    expect(error).toMatchObject({
      call: 'iam:GetAccountAuthorizationDetails',
      resource: 'account',
      code: 'AccessDenied',
      retryable: false,
      accessDenied: true,
    });
    expect(error.message).toBe(
      `iam:GetAccountAuthorizationDetails on account failed: AccessDenied: User: arn:aws:sts::${ACCOUNT}:assumed-role/ato-responder/respond is not authorized to perform: iam:GetAccountAuthorizationDetails`,
    );
    expect(iamMock).toHaveReceivedCommandTimes(ListAccessKeysCommand, 0);
  });
});
