import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeApplicationCommand, KinesisAnalyticsV2Client, ListApplicationsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-kinesis-analytics-v2';
import { kinesisanalyticsv2Collector } from '../../src/collect/kinesisanalyticsv2.js';
import { ACCOUNT, answerRecorded, awsError, byId, collectClean, collectValid, errorCodes, fixture } from './helpers.js';

const ka = mockClient(KinesisAnalyticsV2Client);
const APP = 'AWS::KinesisAnalyticsV2::Application';

function answerAll(): void {
  answerRecorded(ka, 'kinesisanalyticsv2', [ListApplicationsCommand, ListTagsForResourceCommand]);
  ka.on(DescribeApplicationCommand, { ApplicationName: 'clickstream-flink' })
    .resolves(fixture('kinesisanalyticsv2.DescribeApplication_1'))
    .on(DescribeApplicationCommand, { ApplicationName: 'orders-sql' })
    .resolves(fixture('kinesisanalyticsv2.DescribeApplication_2'));
}

beforeEach(() => ka.reset());

describe('kinesis analytics v2 collector', () => {
  it('reads a Flink application: role, code bucket, snapshots, VPC and its customer managed key', async () => {
    answerAll();
    const resources = await collectClean(kinesisanalyticsv2Collector);
    expect(byId(resources, APP, 'clickstream-flink')).toMatchObject({
      arn: `arn:aws:kinesisanalytics:eu-west-1:${ACCOUNT}:application/clickstream-flink`,
      tags: { team: 'streaming' },
      properties: {
        runtimeEnvironment: 'FLINK-1_20',
        applicationStatus: 'RUNNING',
        serviceExecutionRole: `arn:aws:iam::${ACCOUNT}:role/clickstream-flink`,
        codeBucketArn: 'arn:aws:s3:::acme-flink-code',
        snapshotsEnabled: true,
        vpcIds: ['vpc-0a1b2c3d4e5f60718'],
        sourceStreamArns: [],
        encryption: { keyType: 'CUSTOMER_MANAGED_KEY', keyId: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/6b2c3d4e-0000-4000-8000-00000000cccc` },
      },
    });
  });

  it('reads the sources and destinations a SQL application lists', async () => {
    answerAll();
    const resources = await collectClean(kinesisanalyticsv2Collector);
    expect(byId(resources, APP, 'orders-sql').properties).toMatchObject({
      runtimeEnvironment: 'SQL-1_0',
      sourceStreamArns: [`arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/orders`],
      preprocessorFunctionArns: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:orders-clean`],
      destinationDeliveryStreamArns: [`arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/orders-archive`],
      referenceDataBucketArns: ['arn:aws:s3:::acme-reference'],
      snapshotsEnabled: null,
      encryption: null,
    });
  });

  it('leaves the key of a Flink application unknown when the answer has no encryption description', async () => {
    answerAll();
    const answer = fixture('kinesisanalyticsv2.DescribeApplication_1');
    delete answer.ApplicationDetail.ApplicationConfigurationDescription.ApplicationEncryptionConfigurationDescription;
    ka.on(DescribeApplicationCommand, { ApplicationName: 'clickstream-flink' }).resolves(answer);
    const resources = await collectClean(kinesisanalyticsv2Collector);
    const app = byId(resources, APP, 'clickstream-flink');
    expect(app.properties).not.toHaveProperty('encryption');
    expect(errorCodes(app)).toEqual(['encryption:NotReported']);
  });

  it('records a failed description on every described property, and keeps what the list gave', async () => {
    answerAll();
    ka.on(DescribeApplicationCommand, { ApplicationName: 'orders-sql' }).rejects(awsError('AccessDeniedException', 403));
    const { resources, errors } = await collectValid(kinesisanalyticsv2Collector);
    expect(errors).toEqual([]);
    const app = byId(resources, APP, 'orders-sql');
    expect(app.properties).toEqual({ runtimeEnvironment: 'SQL-1_0', applicationStatus: 'READY', applicationMode: null });
    expect(errorCodes(app)).toContain('sourceStreamArns:AccessDeniedException');
    expect(errorCodes(app)).toContain('encryption:AccessDeniedException');
  });
});
