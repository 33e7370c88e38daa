import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sqsCollector } from '../../src/collect/sqs.js';
import { awsError, byId, collectClean, collectValid, expectNothingCollected, fixture } from './helpers.js';

const sqs = mockClient(SQSClient);
const ORDERS = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders';
const EVENTS = 'https://sqs.eu-west-1.amazonaws.com/123456789012/events.fifo';

function recorded(): void {
  sqs.on(ListQueuesCommand).resolves(fixture('sqs.ListQueues_1'));
  sqs.on(ListQueuesCommand, { NextToken: 'q2' }).resolves(fixture('sqs.ListQueues_2'));
  sqs.on(GetQueueAttributesCommand, { QueueUrl: ORDERS }).resolves(fixture('sqs.GetQueueAttributes_1'));
  sqs.on(GetQueueAttributesCommand, { QueueUrl: EVENTS }).resolves(fixture('sqs.GetQueueAttributes_2'));
  sqs.on(ListQueueTagsCommand).resolves(fixture('sqs.ListQueueTags'));
}

beforeEach(() => sqs.reset());

describe('sqs collector', () => {
  it('reads both pages of queues and maps encryption and policy', async () => {
    recorded();
    const resources = await collectClean(sqsCollector);
    const orders = byId(resources, 'AWS::SQS::Queue', ORDERS);
    expect(orders).toMatchObject({ name: 'orders', arn: 'arn:aws:sqs:eu-west-1:123456789012:orders', tags: { team: 'orders' } });
    expect(orders.properties).toMatchObject({ queueName: 'orders', fifoQueue: false, kmsMasterKeyId: 'alias/orders', kmsDataKeyReusePeriodSeconds: 300, sqsManagedSseEnabled: false });
    expect((orders.properties.policy as { Statement: unknown[] }).Statement).toHaveLength(1);
    // SQS reports a reuse period even without KMS: it means nothing then.
    expect(byId(resources, 'AWS::SQS::Queue', EVENTS).properties).toMatchObject({ fifoQueue: true, kmsMasterKeyId: null, kmsDataKeyReusePeriodSeconds: null, sqsManagedSseEnabled: true, policy: null });
  });

  it('returns nothing for a region without queues', async () => {
    sqs.on(ListQueuesCommand).resolves({});
    await expectNothingCollected(sqsCollector);
  });

  it('keeps a queue whose attributes are denied, with every attribute property absent and recorded', async () => {
    recorded();
    sqs.on(GetQueueAttributesCommand, { QueueUrl: ORDERS }).rejects(awsError('AccessDenied', 403));
    const { resources } = await collectValid(sqsCollector);
    const orders = byId(resources, 'AWS::SQS::Queue', ORDERS);
    expect(orders.properties).toEqual({ queueName: 'orders', queueUrl: ORDERS });
    expect(orders.errors?.map((e) => e.property)).toEqual(['fifoQueue', 'kmsMasterKeyId', 'kmsDataKeyReusePeriodSeconds', 'sqsManagedSseEnabled', 'policy']);
    expect(byId(resources, 'AWS::SQS::Queue', EVENTS).errors).toBeUndefined();
  });
});
