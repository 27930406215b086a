/**
 * Plain fake ports for the investigation core, and CloudTrail records shaped like the real ones
 * (record contents: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * Placeholders only: account 123456789012, AWS's example keys, documentation IP ranges.
 */
import type {
  CloudTrailHistory,
  IamInventory,
  InvestigationPorts,
  RoleState,
  TimeWindow,
  TrailEvent,
  UserState,
} from '../../../lambdas/core/investigation/ports';

export const NOW = new Date('2026-11-22T03:00:00.000Z');
export const LEAKED_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const SESSION_KEY = 'ASIAIOSFODNN7EXAMPLE';
export const SECOND_SESSION_KEY = 'ASIAI44QH8DHBEXAMPLE';
export const ROGUE_KEY = 'AKIAI44QH8DHBEXAMPLE';
export const ATTACKER_IP = '203.0.113.7';
export const OTHER_IP = '198.51.100.23';

let sequence = 0;

export interface EventSpec {
  name: string;
  source?: string;
  time: string;
  key?: string;
  region?: string;
  ip?: string;
  userAgent?: string;
  params?: Record<string, unknown>;
  response?: Record<string, unknown>;
  errorCode?: string;
  id?: string;
}

export function trailEvent(spec: EventSpec): TrailEvent {
  sequence++;
  return {
    eventID: spec.id ?? `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    eventTime: spec.time,
    eventSource: spec.source ?? 'iam.amazonaws.com',
    eventName: spec.name,
    awsRegion: spec.region ?? 'us-east-1',
    sourceIPAddress: spec.ip ?? ATTACKER_IP,
    userAgent: spec.userAgent ?? 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    userIdentity: {
      type: 'IAMUser',
      arn: 'arn:aws:iam::123456789012:user/alice',
      accessKeyId: spec.key ?? LEAKED_KEY,
      userName: 'alice',
    },
    ...(spec.params ? { requestParameters: spec.params } : {}),
    ...(spec.response ? { responseElements: spec.response } : {}),
    ...(spec.errorCode ? { errorCode: spec.errorCode } : {}),
  };
}

/** STS GetSessionToken as CloudTrail logs it: the new key id in responseElements.credentials (never the secret in clear). */
export function sessionIssued(
  sessionKey: string,
  time: string,
  by = LEAKED_KEY,
  name = 'GetSessionToken',
): TrailEvent {
  return trailEvent({
    name,
    source: 'sts.amazonaws.com',
    time,
    key: by,
    response: {
      credentials: {
        accessKeyId: sessionKey,
        sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
        expiration: 'Nov 23, 2026, 3:00:00 PM',
      },
    },
  });
}

/** Events per `key@region`, each list cut in pages of `pageSize` (the provider's pages, seen through the port). */
export class FakeHistory implements CloudTrailHistory {
  readonly lookups: { region: string; accessKeyId: string; window: TimeWindow }[] = [];
  pagesServed = 0;
  /** How many lookups were under way at once, at most. */
  maxConcurrent = 0;
  private active = 0;

  constructor(
    private readonly events: Record<string, TrailEvent[]>,
    private readonly pageSize = 50,
    private readonly failing: Record<string, Error> = {},
  ) {}

  async *lookupByAccessKey(
    region: string,
    accessKeyId: string,
    window: TimeWindow,
  ): AsyncIterable<TrailEvent> {
    this.lookups.push({ region, accessKeyId, window });
    this.active++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.active);
    try {
      await Promise.resolve();
      const failure = this.failing[`${accessKeyId}@${region}`];
      if (failure) throw failure;
      const all = (this.events[`${accessKeyId}@${region}`] ?? []).filter((e) => {
        const at = Date.parse(e.eventTime);
        return at >= window.start.getTime() && at <= window.end.getTime();
      });
      for (let i = 0; i < all.length; i += this.pageSize) {
        this.pagesServed++;
        await Promise.resolve();
        yield* all.slice(i, i + this.pageSize);
      }
    } finally {
      this.active--;
    }
  }
}

export const user = (userName: string, overrides: Partial<UserState> = {}): UserState => ({
  userName,
  createDate: '2026-11-21T22:10:00.000Z',
  accessKeys: [],
  loginProfile: false,
  policies: { managed: [], inline: [] },
  ...overrides,
});

export const role = (roleName: string, overrides: Partial<RoleState> = {}): RoleState => ({
  roleName,
  createDate: '2026-11-21T22:20:00.000Z',
  policies: { managed: [], inline: [] },
  ...overrides,
});

export interface InventoryData {
  users?: UserState[];
  roles?: RoleState[];
  groups?: Record<string, { managed: string[]; inline: string[] }>;
  policies?: Record<string, { type: 'user' | 'role' | 'group'; name: string }[]>;
  keyCreated?: string;
  createdUsers?: { userName: string; createDate: string }[];
}

export function fakeInventory(data: InventoryData = {}): IamInventory & { reads: string[] } {
  const reads: string[] = [];
  const users = new Map((data.users ?? []).map((u) => [u.userName, u]));
  const roles = new Map((data.roles ?? []).map((r) => [r.roleName, r]));
  return {
    reads,
    accessKey: (id) => {
      reads.push(`accessKey:${id}`);
      return Promise.resolve(
        data.keyCreated
          ? { accessKeyId: id, userName: 'alice', status: 'Inactive', createDate: data.keyCreated }
          : undefined,
      );
    },
    user: (name) => {
      reads.push(`user:${name}`);
      return Promise.resolve(users.get(name));
    },
    role: (name) => {
      reads.push(`role:${name}`);
      return Promise.resolve(roles.get(name));
    },
    groupPolicies: (name) => Promise.resolve(data.groups?.[name]),
    managedPolicy: (arn) => {
      const attachedTo = data.policies?.[arn];
      return Promise.resolve(attachedTo ? { policyArn: arn, attachedTo } : undefined);
    },
    createdIn: (window) => {
      reads.push(`createdIn:${window.start.toISOString()}`);
      const inWindow = (d: string | undefined) =>
        d !== undefined && Date.parse(d) >= window.start.getTime() && Date.parse(d) <= window.end.getTime();
      return Promise.resolve({
        users: (data.createdUsers ?? []).filter((u) => inWindow(u.createDate)),
        accessKeys: [...users.values()].flatMap((u) => u.accessKeys).filter((k) => inWindow(k.createDate)),
      });
    },
  };
}

export function ports(
  history: CloudTrailHistory,
  inventory: IamInventory = fakeInventory(),
  regions = ['eu-west-1', 'us-east-1'],
): InvestigationPorts {
  return {
    history,
    inventory,
    regions: { enabledRegions: () => Promise.resolve(regions) },
    clock: { now: () => NOW },
  };
}
