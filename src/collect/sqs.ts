import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand } from '@aws-sdk/client-sqs';
import type { Resource } from '../inventory/resource.js';
import { complete, required } from './always-present.js';
import { assignTags, forEach, listAll, policyDocumentFromText, recordOn, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/** The queue attributes sealcheck models, and where each comes from. */
export function queueProperties(a: Record<string, string>): Record<string, unknown> {
  const kms = a.KmsMasterKeyId || null;
  const reuse = Number.parseInt(a.KmsDataKeyReusePeriodSeconds ?? '', 10);
  return {
    fifoQueue: a.FifoQueue === 'true',
    kmsMasterKeyId: kms,
    kmsDataKeyReusePeriodSeconds: kms && Number.isInteger(reuse) ? reuse : null,
    sqsManagedSseEnabled: a.SqsManagedSseEnabled === 'true',
    policy: policyDocumentFromText(a.Policy),
  };
}

/** SQS queues with their encryption settings and access policy. */
export const sqsCollector: Collector = {
  service: 'sqs',
  scope: 'region',
  async collect(ctx) {
    const sqs = ctx.client('sqs');
    const urls = await listAll(
      ctx,
      'sqs:ListQueues',
      (t) => sqs.send(new ListQueuesCommand({ MaxResults: 1000, ...(t ? { NextToken: t } : {}) })),
      (o) => o.QueueUrls,
      (o) => o.NextToken,
    );
    const queues: Resource[] = [];
    await forEach(urls.items, async (url) => {
      const name = url.slice(url.lastIndexOf('/') + 1);
      const q = regionalResource(ctx, 'AWS::SQS::Queue', url, regionalArn(ctx, 'sqs', name), { queueName: name, queueUrl: url }, { name });
      const [attrs, tags] = await Promise.all([
        ctx.call('sqs:GetQueueAttributes', () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }))),
        ctx.call('sqs:ListQueueTags', () => sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))),
      ]);
      // Asked for `All`, every queue has at least QueueArn: an answer without it says nothing about the queue's settings.
      const read = required(attrs, 'Attributes', 'sqs:GetQueueAttributes');
      const checked = complete(read, ['QueueArn'], 'sqs:GetQueueAttributes');
      if (checked.ok) {
        q.arn = checked.value.QueueArn ?? q.arn;
        Object.assign(q.properties, queueProperties(checked.value));
      } else {
        for (const property of ['fifoQueue', 'kmsMasterKeyId', 'kmsDataKeyReusePeriodSeconds', 'sqsManagedSseEnabled', 'policy']) {
          recordOn(q, { ...checked.error, property });
        }
      }
      assignTags(q, tags, (o) => ({ ...(o.Tags ?? {}) }));
      queues.push(q);
      ctx.found(1);
    });
    return queues.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
