/**
 * IamRestorePort over the AWS SDK v3 IAM client: `ato undo` putting back what an approved removal
 * took away (a managed policy, an inline policy, a trust policy). With a person's credentials only:
 * no deployed role is granted these calls, and none must be (they grant permissions).
 */
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  type IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { PolicyHolder } from '../../core/action';
import type { IamRestorePort } from '../../core/ports';
import { awsCall } from './errors';
import { byHolder, holderKind, principalResource } from './iam-calls';
import { updateAssumeRolePolicy } from './iam-removals';

export class AwsIamRestore implements IamRestorePort {
  constructor(private readonly iam: IAMClient) {}

  async attachPolicy(holder: PolicyHolder, PolicyArn: string): Promise<void> {
    const iam = this.iam;
    const send = byHolder<() => Promise<unknown>>(holder, {
      user: (UserName) => () => iam.send(new AttachUserPolicyCommand({ UserName, PolicyArn })),
      role: (RoleName) => () => iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn })),
      group: (GroupName) => () => iam.send(new AttachGroupPolicyCommand({ GroupName, PolicyArn })),
    });
    const resource = `${principalResource(holder)}/managed-policy/${PolicyArn}`;
    await awsCall(`Attach${holderKind(holder)}Policy`, resource, send);
  }

  async putInlinePolicy(holder: PolicyHolder, PolicyName: string, PolicyDocument: string): Promise<void> {
    const iam = this.iam;
    const input = { PolicyName, PolicyDocument };
    const send = byHolder<() => Promise<unknown>>(holder, {
      user: (UserName) => () => iam.send(new PutUserPolicyCommand({ UserName, ...input })),
      role: (RoleName) => () => iam.send(new PutRolePolicyCommand({ RoleName, ...input })),
      group: (GroupName) => () => iam.send(new PutGroupPolicyCommand({ GroupName, ...input })),
    });
    const resource = `${principalResource(holder)}/inline-policy/${PolicyName}`;
    await awsCall(`Put${holderKind(holder)}Policy`, resource, send);
  }

  updateTrustPolicy(roleName: string, document: string): Promise<void> {
    return updateAssumeRolePolicy(this.iam, roleName, document);
  }
}
