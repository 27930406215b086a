/**
 * Usage triggers over the 2010 API (twilio_api_v2010 OpenAPI):
 * - GET /2010-04-01/Accounts/{AC}/Usage/Triggers.json → `usage_triggers`, every page;
 * - POST the same path with `CallbackUrl`, `TriggerValue`, `UsageCategory` (required), `TriggerBy`,
 *   `Recurring`, `CallbackMethod`, `FriendlyName`.
 */
import type { ExistingTrigger, TriggerPlan } from '../../core/twilio-triggers';
import type { TwilioHttp } from './twilio-http';

type Item = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export class TwilioUsageTriggers {
  constructor(
    readonly accountSid: string,
    private readonly http: TwilioHttp,
  ) {}

  private get path(): string {
    return `/2010-04-01/Accounts/${this.accountSid}/Usage/Triggers.json`;
  }

  async list(): Promise<ExistingTrigger[]> {
    const triggers: ExistingTrigger[] = [];
    for await (const item of this.http.pages('api', `${this.path}?PageSize=1000`, 'usage_triggers')) {
      const t = (typeof item === 'object' && item !== null ? item : {}) as Item;
      triggers.push({
        sid: text(t.sid),
        usageCategory: text(t.usage_category),
        triggerBy: text(t.trigger_by) as ExistingTrigger['triggerBy'],
        triggerValue: text(t.trigger_value),
        recurring: text(t.recurring) as ExistingTrigger['recurring'],
        callbackUrl: text(t.callback_url),
      });
    }
    return triggers;
  }

  /** Creates one trigger; returns its SID. */
  async create(trigger: TriggerPlan['create'][number]): Promise<string> {
    const answer = (await this.http.postForm('api', this.path, [
      ['CallbackUrl', trigger.callbackUrl],
      ['CallbackMethod', 'POST'],
      ['TriggerValue', trigger.triggerValue],
      ['UsageCategory', trigger.usageCategory],
      ['TriggerBy', trigger.triggerBy],
      ['Recurring', trigger.recurring],
      ['FriendlyName', trigger.friendlyName],
    ])) as Item | undefined;
    return text(answer?.sid);
  }
}
