/**
 * The IAM changes a key (or one of its sessions) made that can outlive the key: new users, keys,
 * console passwords, roles, policies and trust changes — the back doors an intruder leaves "so that
 * they can go on if you catch only one". Pure: CloudTrail events in, references out.
 */
import type { PolicyHolder } from '../action';
import type { RogueRef } from './investigation';
import type { TrailEvent } from './ports';
import { textAt } from './record-fields';

export interface RogueChange {
  ref: RogueRef;
  eventName: string;
  eventId: string;
  accessKeyId: string;
}

const param = (event: TrailEvent, name: string): string | undefined => textAt(event.requestParameters, name);

/** The user a call is about: the one named, else the caller itself (IAM's default for self-service calls). */
const userOf = (event: TrailEvent): string | undefined =>
  param(event, 'userName') ?? event.userIdentity.userName;

function holderOf(event: TrailEvent, type: PolicyHolder['type']): PolicyHolder | undefined {
  const name = param(event, `${type}Name`);
  return name === undefined ? undefined : { type, name };
}

function attachment(event: TrailEvent, type: PolicyHolder['type'], inline: boolean): RogueRef | undefined {
  const holder = holderOf(event, type);
  const policy = param(event, inline ? 'policyName' : 'policyArn');
  if (holder === undefined || policy === undefined) return undefined;
  return inline
    ? { kind: 'policy-attachment', holder, policyName: policy }
    : { kind: 'policy-attachment', holder, policyArn: policy };
}

function withUser<R extends RogueRef>(event: TrailEvent, make: (userName: string) => R): R | undefined {
  const userName = userOf(event);
  return userName === undefined ? undefined : make(userName);
}

function withParam<R extends RogueRef>(
  event: TrailEvent,
  name: string,
  make: (value: string) => R,
): R | undefined {
  const value = param(event, name);
  return value === undefined ? undefined : make(value);
}

/** IAM calls that leave something behind, and what they leave (request/response fields per the IAM API reference as CloudTrail logs them). */
const CHANGES: Record<string, (event: TrailEvent) => RogueRef | undefined> = {
  CreateUser: (e) => withParam(e, 'userName', (userName) => ({ kind: 'user', userName })),
  CreateAccessKey: (e) => {
    // CloudTrail logs the new key's id and owner (never its secret) in responseElements.accessKey.
    const accessKeyId = textAt(e.responseElements, 'accessKey', 'accessKeyId');
    const userName = textAt(e.responseElements, 'accessKey', 'userName') ?? userOf(e);
    if (accessKeyId === undefined || userName === undefined) return undefined;
    return { kind: 'access-key', userName, accessKeyId };
  },
  CreateLoginProfile: (e) => withUser(e, (userName) => ({ kind: 'login-profile', userName })),
  UpdateLoginProfile: (e) => withUser(e, (userName) => ({ kind: 'login-profile', userName })),
  AttachUserPolicy: (e) => attachment(e, 'user', false),
  AttachRolePolicy: (e) => attachment(e, 'role', false),
  AttachGroupPolicy: (e) => attachment(e, 'group', false),
  PutUserPolicy: (e) => attachment(e, 'user', true),
  PutRolePolicy: (e) => attachment(e, 'role', true),
  PutGroupPolicy: (e) => attachment(e, 'group', true),
  CreatePolicy: (e) => {
    const policyArn = textAt(e.responseElements, 'policy', 'arn');
    return policyArn === undefined ? undefined : { kind: 'managed-policy', policyArn };
  },
  CreatePolicyVersion: (e) =>
    withParam(e, 'policyArn', (policyArn) => ({ kind: 'managed-policy', policyArn })),
  CreateRole: (e) => withParam(e, 'roleName', (roleName) => ({ kind: 'role', roleName })),
  UpdateAssumeRolePolicy: (e) => withParam(e, 'roleName', (roleName) => ({ kind: 'trust-policy', roleName })),
};

/** What this event left behind, if it is a successful IAM call that leaves something. */
export function rogueChangeOf(event: TrailEvent, accessKeyId: string): RogueChange | undefined {
  if (event.eventSource !== 'iam.amazonaws.com' || event.errorCode !== undefined) return undefined;
  const change = Object.hasOwn(CHANGES, event.eventName) ? CHANGES[event.eventName] : undefined;
  const ref = change?.(event);
  return ref === undefined
    ? undefined
    : { ref, eventName: event.eventName, eventId: event.eventID, accessKeyId };
}

/** One stable key per thing, so several calls on it make one rogue item. */
export function refKey(ref: RogueRef): string {
  switch (ref.kind) {
    case 'user':
    case 'login-profile':
      return `${ref.kind}/${ref.userName}`;
    case 'access-key':
      return `${ref.kind}/${ref.accessKeyId}`;
    case 'role':
    case 'trust-policy':
      return `${ref.kind}/${ref.roleName}`;
    case 'managed-policy':
      return `${ref.kind}/${ref.policyArn}`;
    case 'policy-attachment':
      return `${ref.kind}/${ref.holder.type}/${ref.holder.name}/${ref.policyArn ?? `inline:${ref.policyName ?? ''}`}`;
  }
}

const holderWords = (holder: PolicyHolder): string => `${holder.type} ${holder.name}`;

/** Plain words for a reference (unescaped: renderers escape for their medium). */
export function describeRef(ref: RogueRef): string {
  switch (ref.kind) {
    case 'user':
      return `user ${ref.userName}`;
    case 'access-key':
      return `access key ${ref.accessKeyId} of user ${ref.userName}`;
    case 'login-profile':
      return `console password (login profile) of user ${ref.userName}`;
    case 'role':
      return `role ${ref.roleName}`;
    case 'trust-policy':
      return `trust policy of role ${ref.roleName}`;
    case 'managed-policy':
      return `managed policy ${ref.policyArn}`;
    case 'policy-attachment':
      return ref.policyArn !== undefined
        ? `policy ${ref.policyArn} attached to ${holderWords(ref.holder)}`
        : `inline policy ${ref.policyName ?? ''} of ${holderWords(ref.holder)}`;
  }
}
