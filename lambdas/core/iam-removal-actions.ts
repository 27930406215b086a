/** The IAM removals an investigation proposes, and the states their records keep. */
import type { UserAttachment } from './ports';

/**
 * Removals an investigation proposes for what the intruder left behind. Always `approval: 'required'`:
 * the machine cannot tell a back door from a colleague's change made the same day.
 */
export interface DeleteAccessKey {
  kind: 'aws.iam.delete-access-key';
  target: { userName: string; accessKeyId: string };
}
export interface DeleteLoginProfile {
  kind: 'aws.iam.delete-login-profile';
  target: { userName: string };
}
export interface DeleteUser {
  kind: 'aws.iam.delete-user';
  target: { userName: string };
}
/** The user, role or group a policy is attached to (managed) or embedded in (inline). */
export interface PolicyHolder {
  type: 'user' | 'role' | 'group';
  name: string;
}
export interface DetachPolicy {
  kind: 'aws.iam.detach-policy';
  /** `policyArn` for a managed policy, `policyName` for an inline one. */
  target: { holder: PolicyHolder; policyArn?: string; policyName?: string };
}
export interface RestoreTrustPolicy {
  kind: 'aws.iam.restore-trust-policy';
  /**
   * `document`: the trust policy to put back. Absent when CloudTrail does not hold the one before the
   * change (UpdateAssumeRolePolicy records only the new one): the approver supplies it.
   */
  target: { roleName: string; document?: string };
}

/** The states of the IAM removals an investigation proposes, told apart by `what`. */
export type IamRemovalState =
  /** One credential of a user (an access key, the console password). */
  | { what: 'user-credential'; userName: string; attachment: UserAttachment; removed: boolean }
  /** A user: before, everything it held in the order it is removed; after, what is left. */
  | { what: 'user'; userName: string; attachments: UserAttachment[]; deleted: boolean }
  | {
      what: 'managed-policy';
      holder: PolicyHolder;
      policyArn: string;
      policyName?: string;
      attached: boolean;
    }
  /** `document: null`: the holder has no inline policy of that name (any more). */
  | { what: 'inline-policy'; holder: PolicyHolder; policyName: string; document: string | null }
  | { what: 'trust-policy'; roleName: string; document: string };
