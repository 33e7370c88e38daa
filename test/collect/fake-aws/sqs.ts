import { ACCOUNT, REGION, type AccountState } from './state.js';
import { json, jsonError, page, type Reply } from './wire.js';

const notFound = () => jsonError('com.amazonaws.sqs#QueueDoesNotExist', 'The specified queue does not exist.', 400, 'AWS.SimpleQueueService.NonExistentQueue');

/** SQS (JSON 1.0, target prefix AmazonSQS): queues, their attributes and tags. Queue URLs point back at the fake. */
export function sqs(state: AccountState, op: string, body: Record<string, unknown>, base: string, pageSize: number | undefined): Reply | undefined {
  const url = (name: string) => `${base}/${ACCOUNT}/${name}`;
  const queue = () => state.queues.get(String(body.QueueUrl ?? '').split('/').pop() ?? '');
  switch (op) {
    case 'CreateQueue': {
      const name = String(body.QueueName);
      if (state.queues.has(name)) return json({ QueueUrl: url(name) });
      const given = (body.Attributes as Record<string, string> | undefined) ?? {};
      const attributes: Record<string, string> = {
        QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
        VisibilityTimeout: '30',
        // New queues get SSE-SQS unless they ask for a KMS key or turn it off.
        SqsManagedSseEnabled: given.KmsMasterKeyId ? 'false' : 'true',
        ...(name.endsWith('.fifo') ? { FifoQueue: 'true' } : {}),
        ...given,
      };
      if (attributes.KmsMasterKeyId && !attributes.KmsDataKeyReusePeriodSeconds) attributes.KmsDataKeyReusePeriodSeconds = '300';
      state.queues.set(name, { name, attributes, tags: { ...((body.tags as Record<string, string> | undefined) ?? {}) } });
      return json({ QueueUrl: url(name) });
    }
    case 'ListQueues': {
      const { items, next } = page([...state.queues.keys()].sort(), body.NextToken as string | undefined, pageSize);
      // An account without queues gets an answer without QueueUrls.
      return json({ ...(items.length ? { QueueUrls: items.map(url) } : {}), ...(next ? { NextToken: next } : {}) });
    }
    case 'GetQueueAttributes': {
      const q = queue();
      return q ? json({ Attributes: q.attributes }) : notFound();
    }
    case 'ListQueueTags': {
      const q = queue();
      return q ? json({ Tags: q.tags }) : notFound();
    }
    default:
      return undefined;
  }
}
