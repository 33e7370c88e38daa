import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/** Config records the queue's GetQueueAttributes map, where SQS leaves out attributes that are not set. */
export function mapQueue(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const arn = r.item.arn ?? r.conf('QueueArn').str() ?? undefined;
  const name = r.conf('QueueName').str() ?? arn?.split(':').pop() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'queueName', name);
  p.queueUrl = r.conf('QueueUrl').str() ?? (r.item.resourceId.startsWith('https://') ? r.item.resourceId : null);
  p.fifoQueue = r.conf('FifoQueue').bool() ?? name.endsWith('.fifo');
  const key = r.conf('KmsMasterKeyId').str();
  p.kmsMasterKeyId = key ? key : null;
  p.kmsDataKeyReusePeriodSeconds = p.kmsMasterKeyId === null ? null : (r.conf('KmsDataKeyReusePeriodSeconds').int() ?? null);
  const managed = r.conf('SqsManagedSseEnabled').bool();
  if (managed === undefined || managed === null) {
    r.notRecorded('sqsManagedSseEnabled', 'The AWS Config item has no SqsManagedSseEnabled attribute (recorded before SQS-managed encryption existed?).');
  } else {
    p.sqsManagedSseEnabled = managed;
  }
  const policy = r.conf('Policy');
  // SQS omits the Policy attribute of a queue that has no policy.
  p.policy = policy.missing || policy.value === '' ? null : parsePolicyText(policy.value);
  return { properties: p, name, arn };
}
