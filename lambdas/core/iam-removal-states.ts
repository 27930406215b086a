/** How the before/after states of the approved IAM removals read, in the report and in Slack. */
import type { IamRemovalState } from './action';
import { oneLine } from './plain-text';
import type { UserAttachment } from './ports';

export function describeAttachment(attachment: UserAttachment): string {
  switch (attachment.kind) {
    case 'access-key':
      return `access key ${attachment.accessKeyId}`;
    case 'login-profile':
      return 'console password';
    case 'mfa-device':
      return `MFA device ${attachment.serialNumber}`;
    case 'signing-certificate':
      return `signing certificate ${attachment.certificateId}`;
    case 'ssh-public-key':
      return `SSH public key ${attachment.sshPublicKeyId}`;
    case 'service-specific-credential':
      return `${attachment.serviceName} credential ${attachment.credentialId}`;
    case 'inline-policy':
      return `inline policy ${attachment.policyName}`;
    case 'managed-policy':
      return `managed policy ${attachment.policyArn}`;
    case 'group':
      return `membership of group ${attachment.groupName}`;
  }
}

/** One line for the incident report: what was there, or what is left. */
export function describeRemovalState(state: IamRemovalState): string {
  switch (state.what) {
    case 'user-credential':
      return `${describeAttachment(state.attachment)} of user ${state.userName}: ${state.removed ? 'deleted' : 'present'}`;
    case 'user': {
      const held = state.attachments.map(describeAttachment);
      const listed = held.length
        ? `${held.slice(0, 12).join(', ')}${held.length > 12 ? '…' : ''}`
        : 'nothing';
      return oneLine(`user ${state.userName} ${state.deleted ? 'deleted' : `holding ${listed}`}`, 1000);
    }
    case 'managed-policy':
      return `${state.holder.type} ${state.holder.name} managed policy ${state.policyArn}: ${state.attached ? 'attached' : 'detached'}`;
    case 'inline-policy':
      return `${state.holder.type} ${state.holder.name} inline policy ${state.policyName}: ${state.document === null ? 'absent' : 'present'}`;
    case 'trust-policy':
      return oneLine(`role ${state.roleName} trust policy ${state.document}`, 300);
  }
}

/** A few words for a Slack line, whose target already names the user, role or policy. */
export function shortRemovalState(state: IamRemovalState): string {
  switch (state.what) {
    case 'user-credential':
      return state.removed ? `${describeAttachment(state.attachment)} deleted` : 'present';
    case 'user':
      return state.deleted ? 'user deleted' : `${state.attachments.length} attachment(s) left`;
    case 'managed-policy':
      return state.attached ? 'policy attached' : 'policy detached';
    case 'inline-policy':
      return state.document === null ? 'inline policy deleted' : 'inline policy present';
    case 'trust-policy':
      return 'trust policy replaced';
  }
}
