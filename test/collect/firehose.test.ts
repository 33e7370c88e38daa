import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeDeliveryStreamCommand, FirehoseClient, ListDeliveryStreamsCommand, ListTagsForDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { firehoseCollector } from '../../src/collect/firehose.js';
import { awsError, byId, collectClean, collectValid, expectNothingCollected, expectTagsDenied, fixture, testContext } from './helpers.js';

const firehose = mockClient(FirehoseClient);
const T = 'AWS::KinesisFirehose::DeliveryStream';

function recorded(): void {
  firehose.on(ListDeliveryStreamsCommand).resolves(fixture('firehose.ListDeliveryStreams_1'));
  firehose.on(ListDeliveryStreamsCommand, { ExclusiveStartDeliveryStreamName: 'clicks-to-s3' }).resolves(fixture('firehose.ListDeliveryStreams_2'));
  firehose.on(DescribeDeliveryStreamCommand, { DeliveryStreamName: 'clicks-to-s3' }).resolves(fixture('firehose.DescribeDeliveryStream_1'));
  firehose.on(DescribeDeliveryStreamCommand, { DeliveryStreamName: 'orders-archive' }).resolves(fixture('firehose.DescribeDeliveryStream_2'));
  firehose.on(ListTagsForDeliveryStreamCommand).resolves({ Tags: [], HasMoreTags: false });
  firehose.on(ListTagsForDeliveryStreamCommand, { DeliveryStreamName: 'orders-archive' }).resolves(fixture('firehose.ListTagsForDeliveryStream'));
}

beforeEach(() => firehose.reset());

describe('firehose collector', () => {
  it('reads both pages of streams with their encryption, source, S3 destinations and tags', async () => {
    recorded();
    const resources = await collectClean(firehoseCollector);
    expect(firehose.commandCalls(ListDeliveryStreamsCommand)).toHaveLength(2);
    const orders = byId(resources, T, 'orders-archive');
    expect(orders).toMatchObject({ arn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/orders-archive', tags: { 'data-classification': 'confidential' } });
    const key = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(orders.properties).toEqual({
      deliveryStreamName: 'orders-archive',
      deliveryStreamType: 'DirectPut',
      encryption: { status: 'ENABLED', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: key },
      sourceKinesisStreamArn: null,
      s3Destinations: [{ bucketArn: 'arn:aws:s3:::orders-archive', kmsKeyArn: key }],
    });
    // A Kinesis-sourced stream has no encryption configuration of its own; its S3 destination is counted once.
    expect(byId(resources, T, 'clicks-to-s3').properties).toMatchObject({
      encryption: null,
      sourceKinesisStreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/clickstream',
      s3Destinations: [{ bucketArn: 'arn:aws:s3:::clicks-raw', kmsKeyArn: null }],
    });
  });

  it('returns nothing for a region without streams', async () => {
    firehose.on(ListDeliveryStreamsCommand).resolves({ DeliveryStreamNames: [], HasMoreDeliveryStreams: false });
    await expectNothingCollected(firehoseCollector);
  });

  it('leaves encryption unknown when the description is denied, and tags unknown when they are', async () => {
    recorded();
    firehose.on(DescribeDeliveryStreamCommand, { DeliveryStreamName: 'orders-archive' }).rejects(awsError('AccessDeniedException'));
    firehose.on(ListTagsForDeliveryStreamCommand, { DeliveryStreamName: 'clicks-to-s3' }).rejects(awsError('AccessDeniedException'));
    const { resources } = await collectValid(firehoseCollector);
    const orders = byId(resources, T, 'orders-archive');
    expect(orders.properties).toEqual({ deliveryStreamName: 'orders-archive' });
    expect(orders.errors?.map((e) => e.property)).toEqual(['deliveryStreamType', 'encryption', 'sourceKinesisStreamArn', 's3Destinations']);
    const clicks = byId(resources, T, 'clicks-to-s3');
    expect(clicks.properties.encryption).toBeNull();
    expectTagsDenied(clicks, 'firehose:ListTagsForDeliveryStream', 'AccessDeniedException');
  });

  it('reads a second page of tags', async () => {
    recorded();
    firehose.on(ListTagsForDeliveryStreamCommand, { DeliveryStreamName: 'orders-archive' }).resolves({ Tags: [{ Key: 'a', Value: '1' }], HasMoreTags: true });
    firehose.on(ListTagsForDeliveryStreamCommand, { DeliveryStreamName: 'orders-archive', ExclusiveStartTagKey: 'a' }).resolves({ Tags: [{ Key: 'b', Value: '2' }], HasMoreTags: false });
    const { ctx } = testContext('firehose');
    expect(byId(await firehoseCollector.collect(ctx), T, 'orders-archive').tags).toEqual({ a: '1', b: '2' });
  });
});
