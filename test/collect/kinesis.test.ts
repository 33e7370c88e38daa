import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeStreamSummaryCommand, GetResourcePolicyCommand, KinesisClient, ListStreamsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-kinesis';
import { kinesisCollector } from '../../src/collect/kinesis.js';
import { awsError, byId, collectClean, collectValid, errorCodes, expectNothingCollected, fixture, testContext } from './helpers.js';

const kinesis = mockClient(KinesisClient);
const CLICKS = 'arn:aws:kinesis:eu-west-1:123456789012:stream/clickstream';
const PAYMENTS = 'arn:aws:kinesis:eu-west-1:123456789012:stream/payments-events';

function recorded(): void {
  kinesis.on(ListStreamsCommand).resolves(fixture('kinesis.ListStreams_1'));
  kinesis.on(ListStreamsCommand, { NextToken: 'token-2' }).resolves(fixture('kinesis.ListStreams_2'));
  kinesis.on(DescribeStreamSummaryCommand, { StreamARN: CLICKS }).resolves(fixture('kinesis.DescribeStreamSummary_1'));
  kinesis.on(DescribeStreamSummaryCommand, { StreamARN: PAYMENTS }).resolves(fixture('kinesis.DescribeStreamSummary_2'));
  // Kinesis answers a stream without a resource policy with an empty document.
  kinesis.on(GetResourcePolicyCommand).resolves({ Policy: '{}' });
  kinesis.on(GetResourcePolicyCommand, { ResourceARN: PAYMENTS }).resolves(fixture('kinesis.GetResourcePolicy'));
  kinesis.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  kinesis.on(ListTagsForResourceCommand, { ResourceARN: PAYMENTS }).resolves(fixture('kinesis.ListTagsForResource'));
}

beforeEach(() => kinesis.reset());

describe('kinesis collector', () => {
  it('reads both pages of streams with their encryption, policy and tags', async () => {
    recorded();
    const resources = await collectClean(kinesisCollector);
    expect(kinesis.commandCalls(ListStreamsCommand)).toHaveLength(2);
    expect(resources.map((r) => r.resourceId)).toEqual(['clickstream', 'payments-events']);
    const payments = byId(resources, 'AWS::Kinesis::Stream', 'payments-events');
    expect(payments).toMatchObject({ arn: PAYMENTS, name: 'payments-events', tags: { 'data-classification': 'confidential', owner: 'payments' } });
    expect(payments.properties).toMatchObject({
      streamName: 'payments-events',
      retentionPeriodHours: 168,
      encryptionType: 'KMS',
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    expect((payments.properties.policy as { Statement: unknown[] }).Statement).toHaveLength(1);
    expect(byId(resources, 'AWS::Kinesis::Stream', 'clickstream').properties).toEqual({
      streamName: 'clickstream',
      retentionPeriodHours: 24,
      encryptionType: 'NONE',
      kmsKeyId: null,
      policy: null,
    });
  });

  it('returns nothing for a region without streams', async () => {
    kinesis.on(ListStreamsCommand).resolves({ StreamNames: [], StreamSummaries: [], HasMoreStreams: false });
    await expectNothingCollected(kinesisCollector);
  });

  it('leaves encryption absent and recorded when the stream summary is denied, and keeps the rest', async () => {
    recorded();
    kinesis.on(DescribeStreamSummaryCommand, { StreamARN: PAYMENTS }).rejects(awsError('AccessDeniedException', 400, 'not authorized to perform kinesis:DescribeStreamSummary'));
    const { resources } = await collectValid(kinesisCollector);
    const payments = byId(resources, 'AWS::Kinesis::Stream', 'payments-events');
    expect(payments.properties).not.toHaveProperty('encryptionType');
    expect(payments.properties).not.toHaveProperty('kmsKeyId');
    expect(payments.properties.policy).not.toBeNull();
    expect(errorCodes(payments)).toEqual([
      'retentionPeriodHours:AccessDeniedException',
      'encryptionType:AccessDeniedException',
      'kmsKeyId:AccessDeniedException',
    ]);
  });

  it('records a denied policy as absent, never as "no policy"', async () => {
    recorded();
    kinesis.on(GetResourcePolicyCommand).rejects(awsError('AccessDeniedException'));
    const { ctx } = testContext('kinesis');
    const clicks = byId(await kinesisCollector.collect(ctx), 'AWS::Kinesis::Stream', 'clickstream');
    expect(clicks.properties).not.toHaveProperty('policy');
    expect(clicks.errors).toEqual([expect.objectContaining({ property: 'policy', operation: 'kinesis:GetResourcePolicy', code: 'AccessDeniedException' })]);
  });

  it('keeps the streams of the first page when the second page fails, and says the list is incomplete', async () => {
    recorded();
    kinesis.on(ListStreamsCommand, { NextToken: 'token-2' }).rejects(awsError('LimitExceededException'));
    const { ctx, errors } = testContext('kinesis');
    expect((await kinesisCollector.collect(ctx)).map((r) => r.resourceId)).toEqual(['clickstream']);
    expect(errors).toEqual([expect.objectContaining({ operation: 'kinesis:ListStreams', code: 'LimitExceededException' })]);
  });
});
