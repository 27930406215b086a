/**
 * The API calls each action makes, in order, in words an infra engineer reads as a CloudTrail line:
 * what `ato plan`, the drill and the investigation report show before anything runs. Pure.
 */
import type { ActionSpec } from './action';
import { oneLine } from './plain-text';
import { QUARANTINE_POLICY_NAME, REVOKE_POLICY_NAME } from './plan';
import { SES_ALARM_PREFIX } from './ses-alarms';

/** The API calls an action makes, in order, in words an infra engineer reads as a CloudTrail line. */
export function apiCallsOf(action: ActionSpec): string[] {
  switch (action.kind) {
    case 'aws.iam.deactivate-access-key': {
      const lookup = action.target.userName
        ? []
        : [`iam:GetAccessKeyLastUsed AccessKeyId=${action.target.accessKeyId}`];
      const user = action.target.userName ?? '<owner>';
      return [
        ...lookup,
        `iam:UpdateAccessKey UserName=${user} AccessKeyId=${action.target.accessKeyId} Status=Inactive`,
      ];
    }
    case 'aws.iam.snapshot-principal':
      return [
        `iam:List*/Get* on ${describePrincipal(action.target.principal)} (keys, policies, groups, login profile, MFA, tags)`,
      ];
    case 'aws.iam.revoke-older-sessions':
      return [
        `iam:Put${kindOf(action.target.principal)}Policy ${describePrincipal(action.target.principal)} PolicyName=${REVOKE_POLICY_NAME} (Deny * if aws:TokenIssueTime < ${action.target.issuedBefore})`,
      ];
    case 'aws.iam.attach-deny-all':
      return [
        `iam:Put${kindOf(action.target.principal)}Policy ${describePrincipal(action.target.principal)} PolicyName=${QUARANTINE_POLICY_NAME} (Deny *)`,
      ];
    case 'aws.ses.pause-sending': {
      const { region, configurationSets, failoverFlag } = action.target;
      const pause = configurationSets.length
        ? configurationSets.map(
            (set) =>
              `ses:PutConfigurationSetSendingOptions (${region}) ConfigurationSetName=${set} SendingEnabled=false`,
          )
        : [`ses:PutAccountSendingAttributes (${region}) SendingEnabled=false`];
      const flag = failoverFlag
        ? [
            `then the failover flag: ssm:PutParameter Name=${failoverFlag.parameterName} Value=${failoverFlag.value}`,
          ]
        : [];
      return [...pause, ...flag];
    }
    case 'aws.ses.find-senders':
      return [
        'iam:GetAccountAuthorizationDetails (users, groups, roles, local policies; every page)',
        'iam:GetPolicy / GetPolicyVersion (AWS managed policies attached)',
        'iam:ListAccessKeys, iam:GetAccessKeyLastUsed (each sending user)',
      ];
    case 'twilio.voice.restrict-dialing-countries':
      return [
        'twilio:GET voice /v1/DialingPermissions/Countries (every page)',
        `twilio:POST voice /v1/DialingPermissions/BulkCountryUpdates (every country but ${action.target.allowedCountries.join(', ')}: low-risk, high-risk special and toll-fraud numbers off)`,
      ];
    case 'twilio.account.suspend-subaccount':
      return [
        `twilio:GET api /2010-04-01/Accounts/${action.target.subaccountSid}.json`,
        `twilio:POST api /2010-04-01/Accounts/${action.target.subaccountSid}.json Status=suspended`,
      ];
    case 'twilio.keys.delete-api-key':
      return [
        `twilio:DELETE api /2010-04-01/Accounts/${action.target.accountSid}/Keys/${action.target.keySid}.json`,
      ];
    case 'twilio.auth-token.rotate':
      return [
        "secretsmanager:GetSecretValue (the responder's Twilio secret)",
        'twilio:POST accounts /v1/AuthTokens/Secondary',
        'secretsmanager:PutSecretValue (the new token; the old one accepted for a short grace)',
        'twilio:POST accounts /v1/AuthTokens/Promote',
        'secretsmanager:PutSecretValue (the grace counted from the promotion)',
      ];
    case 'twilio.numbers.restore-webhook-urls':
      return [
        `twilio:GET api /2010-04-01/Accounts/${action.target.accountSid}/IncomingPhoneNumbers/${action.target.numberSid}.json`,
        oneLine(
          `twilio:POST api /2010-04-01/Accounts/${action.target.accountSid}/IncomingPhoneNumbers/${action.target.numberSid}.json ${action.target.urls.map((u) => `${u.field}=${u.url}`).join(' ')}`,
          1000,
        ),
      ];
    case 'sendgrid.account.audit':
      return [
        'sendgrid:GET /v3/api_keys, /v3/subusers, /v3/teammates, /v3/teammates/pending, /v3/access_settings/whitelist, /v3/access_settings/activity',
      ];
    case 'sendgrid.keys.delete-api-key':
      return [oneLine(`sendgrid:DELETE /v3/api_keys/${action.target.keyId}`, 300)];
    case 'sendgrid.subusers.disable':
      return [
        oneLine(`sendgrid:GET /v3/subusers?username=${action.target.username}`, 300),
        oneLine(`sendgrid:PATCH /v3/subusers/${action.target.username} {"disabled":true}`, 300),
      ];
    case 'sendgrid.teammates.remove':
      return [
        oneLine(
          action.target.inviteToken
            ? `sendgrid:DELETE /v3/teammates/pending/${action.target.inviteToken}`
            : `sendgrid:DELETE /v3/teammates/${action.target.username ?? action.target.email}`,
          300,
        ),
      ];
    case 'sendgrid.access.restrict-ips':
      return [
        'sendgrid:GET /v3/access_settings/activity, /v3/access_settings/whitelist',
        oneLine(
          `sendgrid:POST /v3/access_settings/whitelist (the missing ones of ${action.target.allowedIps.join(', ')})`,
          500,
        ),
        'sendgrid:DELETE /v3/access_settings/whitelist (every other rule but those covering the responder)',
      ];
    case 'twilio.account.audit':
      return [
        'twilio:GET api /2010-04-01/Accounts.json, Keys.json, IncomingPhoneNumbers.json, OutgoingCallerIds.json (every page)',
        'twilio:GET iam /v1/Keys',
      ];
    case 'twilio.messaging.restrict-geo-permissions':
      return [
        'twilio:GET accounts /v1/Messaging/GeoPermissions',
        `twilio:PATCH accounts /v1/Messaging/GeoPermissions (every enabled country but ${action.target.allowedCountries.join(', ')}: disabled)`,
      ];
    case 'aws.ssm.set-failover-flag':
      return [
        `ssm:GetParameter Name=${action.target.parameterName}`,
        `ssm:PutParameter Name=${action.target.parameterName} Value=${action.target.value} Overwrite=true`,
      ];
    case 'aws.ses.resume-sending':
      return [
        `cloudwatch:DescribeAlarms (${action.target.region}) AlarmNamePrefix=${SES_ALARM_PREFIX} StateValue=ALARM`,
        `ses:PutAccountSendingAttributes / PutConfigurationSetSendingOptions (${action.target.region}) as before the responder's pause`,
        'then the failover flag back (ssm:PutParameter or DeleteParameter), once no pause remains anywhere',
      ];
    case 'ato.incident.undo':
      return [
        `what \`ato undo ${action.target.incidentId}\` lists: each change of the incident put back from its recorded before-state (SES aside)`,
      ];
    case 'notify.incident':
      return [`sns:Publish (incident summary)`];
    case 'aws.iam.delete-access-key':
      return [
        `iam:DeleteAccessKey UserName=${action.target.userName} AccessKeyId=${action.target.accessKeyId}`,
      ];
    case 'aws.iam.delete-login-profile':
      return [`iam:DeleteLoginProfile UserName=${action.target.userName}`];
    case 'aws.iam.delete-user':
      // IAM refuses DeleteUser while anything is still attached to the user.
      return [
        `iam:List*/Delete*/Detach* of UserName=${action.target.userName}'s access keys, login profile, MFA devices, certificates, policies and group memberships`,
        `iam:DeleteUser UserName=${action.target.userName}`,
      ];
    case 'aws.iam.detach-policy': {
      const { holder, policyArn, policyName } = action.target;
      const kind = holder.type === 'user' ? 'User' : holder.type === 'role' ? 'Role' : 'Group';
      return [
        policyArn !== undefined
          ? `iam:Detach${kind}Policy ${kind}Name=${holder.name} PolicyArn=${policyArn}`
          : `iam:Delete${kind}Policy ${kind}Name=${holder.name} PolicyName=${policyName ?? '<unknown>'}`,
      ];
    }
    case 'aws.iam.restore-trust-policy':
      return [
        `iam:UpdateAssumeRolePolicy RoleName=${action.target.roleName} PolicyDocument=${
          action.target.document ?? '<the trust policy before the change, supplied by the approver>'
        }`,
      ];
  }
}

function kindOf(principal: { type: 'user' | 'role' } | undefined): string {
  return principal?.type === 'role' ? 'Role' : 'User';
}

function describePrincipal(principal: { type: 'user' | 'role'; name: string } | undefined): string {
  if (!principal) return 'UserName=<owner>';
  return principal.type === 'role' ? `RoleName=${principal.name}` : `UserName=${principal.name}`;
}
