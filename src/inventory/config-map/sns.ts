import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/** Config records the topic's GetTopicAttributes map. */
export function mapTopic(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const arn = r.item.arn ?? r.conf('TopicArn').str() ?? undefined;
  const name = arn?.split(':').pop() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'topicName', name);
  const key = r.conf('KmsMasterKeyId').str();
  p.kmsMasterKeyId = key ? key : null;
  // SNS always returns a Policy attribute (a default one at least), so its absence means Config did not record it.
  const policy = r.conf('Policy');
  if (policy.missing) r.notRecorded('policy', 'The AWS Config item has no Policy attribute for this topic.');
  else p.policy = policy.value === null || policy.value === '' ? null : parsePolicyText(policy.value);
  return { properties: p, name, arn };
}
