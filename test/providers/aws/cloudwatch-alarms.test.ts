/** CloudWatchAlarms over DescribeAlarms (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html). */
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ProviderError } from '../../../lambdas/core/ports';
import { CloudWatchAlarms } from '../../../lambdas/providers/aws/cloudwatch-alarms';

const cloudWatch = mockClient(CloudWatchClient);
const regions: string[] = [];
const alarms = new CloudWatchAlarms((region) => {
  regions.push(region);
  return new CloudWatchClient({ region });
});

beforeEach(() => {
  cloudWatch.reset();
  regions.length = 0;
});

describe('CloudWatchAlarms', () => {
  it('lists the alarms in ALARM under the prefix, every page, in the region asked', async () => {
    // Prepare
    cloudWatch
      .on(DescribeAlarmsCommand, { NextToken: undefined })
      .resolves({
        MetricAlarms: [{ AlarmName: 'ato-responder-ses-bounce-rate', StateValue: 'ALARM' }],
        NextToken: 'p2',
      })
      .on(DescribeAlarmsCommand, { NextToken: 'p2' })
      .resolves({ MetricAlarms: [{ AlarmName: 'ato-responder-ses-send-anomaly', StateValue: 'ALARM' }] });

    // Act
    const names = await alarms.alarmsInAlarm('eu-west-1', 'ato-responder-ses-');

    // Assess
    expect(names).toEqual(['ato-responder-ses-bounce-rate', 'ato-responder-ses-send-anomaly']);
    expect(regions).toEqual(['eu-west-1']);
    expect(cloudWatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNamePrefix: 'ato-responder-ses-',
      StateValue: 'ALARM',
      AlarmTypes: ['MetricAlarm'],
    });
  });

  it('reports a refusal as a provider error naming the call', async () => {
    // Prepare
    cloudWatch.on(DescribeAlarmsCommand).rejects(
      Object.assign(new Error('not authorized to perform: cloudwatch:DescribeAlarms'), {
        name: 'AccessDenied',
      }),
    );

    // Act
    const error: unknown = await alarms
      .alarmsInAlarm('us-east-1', 'ato-responder-ses-')
      .catch((e: unknown) => e);

    // Assess
    expect(error instanceof ProviderError && error.message).toBe(
      'cloudwatch:DescribeAlarms on alarms ato-responder-ses-* in us-east-1 failed: AccessDenied: not authorized to perform: cloudwatch:DescribeAlarms',
    );
  });
});
