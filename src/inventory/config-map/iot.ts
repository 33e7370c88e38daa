import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/** Config lists the name, id and ARN of IoT policies, not their document or default version. */
export function mapIotPolicy(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('PolicyName').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'policyName', name);
  const doc = r.conf('PolicyDocument');
  if (doc.missing) r.notRecorded('policyDocument', 'AWS Config does not record the document of IoT policies.');
  else p.policyDocument = parsePolicyText(doc.value);
  r.notRecorded('defaultVersionId', 'AWS Config does not record the default version of IoT policies.');
  return { properties: p, name, arn: r.item.arn ?? r.conf('Arn').str() ?? undefined };
}
