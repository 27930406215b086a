/**
 * Defense evasion: blinding the defenders before acting — stopping CloudTrail, dropping management
 * events, disabling GuardDuty, leaving the organization (and its SCPs), opening regions nobody watches.
 * ATT&CK: https://attack.mitre.org/techniques/T1562/008/ ; Stratus ids from stratus-red-team.cloud.
 */
import type { CloudTrailCall } from '../cloudtrail-call';
import { arrayAt, isRecord, valueAt } from '../eventbridge-envelope';
import type { JsonRecord } from '../eventbridge-envelope';
import { did, eventRule, known, param } from './call-matching';
import type { DetectionRule } from './rule';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const CLOUD_LOGS = 'T1562.008 Impair Defenses: Disable or Modify Cloud Logs';

function trailOf(call: CloudTrailCall): string {
  return param(call, 'name') ?? param(call, 'trailName') ?? 'with no name';
}

/** A rule on one CloudTrail trail call whose summary is "<verb> <what> <trail>". */
function trailRule(spec: {
  id: string;
  title: string;
  stratus: string;
  rationale: string;
  eventName: string;
  verb: [past: string, base: string];
  what: string;
}): DetectionRule {
  return eventRule({
    id: spec.id,
    title: spec.title,
    severity: 'high',
    technique: `${CLOUD_LOGS} (Stratus: ${spec.stratus})`,
    rationale: spec.rationale,
    eventSource: CLOUDTRAIL,
    eventNames: [spec.eventName],
    find: (call) => ({
      summary: `${did(call, ...spec.verb)} ${spec.what}${trailOf(call)}`,
      evidence: { trail: trailOf(call) },
    }),
  });
}

export const stopLogging = trailRule({
  id: 'defense-evasion.cloudtrail-stop-logging',
  title: 'CloudTrail logging stopped',
  stratus: 'aws.defense-evasion.cloudtrail-stop',
  rationale: 'A trail that stops recording hides everything that follows; owners almost never pause one.',
  eventName: 'StopLogging',
  verb: ['stopped', 'stop'],
  what: 'logging of trail ',
});

export const deleteTrail = trailRule({
  id: 'defense-evasion.cloudtrail-delete-trail',
  title: 'CloudTrail trail deleted',
  stratus: 'aws.defense-evasion.cloudtrail-delete',
  rationale: 'Deleting the trail removes the record of what the intruder does next.',
  eventName: 'DeleteTrail',
  verb: ['deleted', 'delete'],
  what: 'trail ',
});

/**
 * Whether the selectors still record management write events. Basic selectors keep them when one says
 * `includeManagementEvents` (default true) with `readWriteType` All or WriteOnly; advanced selectors
 * when one selects `eventCategory = Management` without limiting it to `readOnly = true`.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
 */
function keepsManagementWrites(call: CloudTrailCall): boolean | undefined {
  const basic = arrayAt(call.requestParameters, 'eventSelectors');
  const advanced = arrayAt(call.requestParameters, 'advancedEventSelectors');
  if (basic === undefined && advanced === undefined) return undefined;
  return (
    (basic ?? []).filter(isRecord).some(recordsManagementWrites) ||
    (advanced ?? []).filter(isRecord).some(selectsManagementWrites)
  );
}

function recordsManagementWrites(selector: JsonRecord): boolean {
  const readWrite = valueAt(selector, 'readWriteType');
  return (
    valueAt(selector, 'includeManagementEvents') !== false &&
    (readWrite === undefined || readWrite === 'All' || readWrite === 'WriteOnly')
  );
}

function selectsManagementWrites(selector: JsonRecord): boolean {
  const fields = (arrayAt(selector, 'fieldSelectors') ?? []).filter(isRecord);
  const equals = (field: string): unknown[] =>
    fields.filter((f) => valueAt(f, 'field') === field).flatMap((f) => arrayAt(f, 'equals') ?? []);
  return equals('eventCategory').includes('Management') && !equals('readOnly').includes('true');
}

export const eventSelectorsDropManagement = eventRule({
  id: 'defense-evasion.cloudtrail-drop-management-events',
  title: 'CloudTrail event selectors drop management events',
  severity: 'high',
  technique: `${CLOUD_LOGS} (Stratus: aws.defense-evasion.cloudtrail-event-selectors)`,
  rationale:
    'Selectors that exclude management (write) events keep the trail "on" while it records none of the IAM changes an intruder makes.',
  eventSource: CLOUDTRAIL,
  eventNames: ['PutEventSelectors'],
  find: (call) =>
    keepsManagementWrites(call) !== false
      ? undefined
      : {
          summary: `${did(call, 'set', 'set')} event selectors on trail ${trailOf(call)} that record no management write events`,
          evidence: { trail: trailOf(call) },
        },
});

export const guardDutyDisabled = eventRule({
  id: 'defense-evasion.guardduty-disabled',
  title: 'GuardDuty detector deleted or disabled',
  severity: 'high',
  technique: 'T1562.001 Impair Defenses: Disable or Modify Tools',
  rationale: 'GuardDuty is what notices a leaked key being used; turning it off comes before the noisy part.',
  eventSource: 'guardduty.amazonaws.com',
  eventNames: ['DeleteDetector', 'UpdateDetector'],
  find: (call) => {
    const detectorId = param(call, 'detectorId');
    if (call.eventName === 'UpdateDetector' && valueAt(call.requestParameters, 'enable') !== false)
      return undefined;
    const verb =
      call.eventName === 'DeleteDetector' ? did(call, 'deleted', 'delete') : did(call, 'disabled', 'disable');
    return {
      summary: `${verb} GuardDuty detector ${detectorId ?? ''}`.trimEnd(),
      evidence: known({ detectorId }),
    };
  },
});

export const leaveOrganization = eventRule({
  id: 'defense-evasion.leave-organization',
  title: 'Account left its AWS Organization',
  severity: 'critical',
  technique: 'T1666 Modify Cloud Resource Hierarchy (Stratus: aws.defense-evasion.organizations-leave)',
  rationale:
    "Leaving the organization sheds its SCPs, central CloudTrail and GuardDuty: the account is the intruder's alone.",
  eventSource: 'organizations.amazonaws.com',
  eventNames: ['LeaveOrganization'],
  find: (call) => ({ summary: `${did(call, 'took', 'take')} the account out of its AWS Organization` }),
});

export const regionOptInChanged = eventRule({
  id: 'defense-evasion.region-opt-in-changed',
  title: 'Opt-in region enabled or disabled',
  severity: 'medium',
  technique: 'T1535 Unused/Unsupported Cloud Regions',
  rationale:
    'Intruders enable opt-in regions nobody monitors to run miners or hide resources there; opting regions in or out is rare.',
  eventSource: 'account.amazonaws.com',
  eventNames: ['EnableRegion', 'DisableRegion'],
  find: (call) => {
    const region = param(call, 'RegionName') ?? param(call, 'regionName') ?? 'unnamed';
    const verb =
      call.eventName === 'EnableRegion' ? did(call, 'enabled', 'enable') : did(call, 'disabled', 'disable');
    return { summary: `${verb} region ${region}`, evidence: { optInRegion: region } };
  },
});

export const DEFENSE_EVASION_RULES: readonly DetectionRule[] = [
  stopLogging,
  deleteTrail,
  eventSelectorsDropManagement,
  guardDutyDisabled,
  leaveOrganization,
  regionOptInChanged,
];
