/**
 * AlarmStatePort over CloudWatch DescribeAlarms (AlarmNamePrefix, StateValue=ALARM, metric alarms
 * only, every page), one client per region: the SES alarms live in each watched region.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html
 */
import { type CloudWatchClient, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import type { AlarmStatePort } from '../../core/ports';
import { awsCall } from './errors';

export class CloudWatchAlarms implements AlarmStatePort {
  constructor(private readonly clientFor: (region: string) => CloudWatchClient) {}

  alarmsInAlarm(region: string, namePrefix: string): Promise<string[]> {
    return awsCall('cloudwatch:DescribeAlarms', `alarms ${namePrefix}* in ${region}`, async () => {
      const names: string[] = [];
      const pages = paginateDescribeAlarms(
        { client: this.clientFor(region) },
        { AlarmNamePrefix: namePrefix, StateValue: 'ALARM', AlarmTypes: ['MetricAlarm'] },
      );
      for await (const page of pages)
        for (const alarm of page.MetricAlarms ?? []) if (alarm.AlarmName) names.push(alarm.AlarmName);
      return names;
    });
  }
}
