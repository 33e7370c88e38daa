import { put, type ItemReader, type MappedResource } from './item.js';
import { parsePolicyText } from './policy-text.js';

/** Config records EFS file systems in the CloudFormation shape; the file system policy is not among the properties it lists. */
export function mapFileSystem(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const id = r.conf('FileSystemId').str() ?? r.item.resourceId;
  put(p, 'fileSystemId', id);
  const encrypted = r.conf('Encrypted').bool();
  put(p, 'encrypted', encrypted ?? undefined);
  if (encrypted === true) {
    const key = r.conf('KmsKeyId').str();
    if (key) p.kmsKeyId = key;
    else r.notRecorded('kmsKeyId', 'The AWS Config item has no KmsKeyId for this encrypted file system.');
  } else if (encrypted === false) {
    p.kmsKeyId = null;
  } else {
    r.notRecorded('encrypted', 'The AWS Config item has no Encrypted attribute for this file system.');
    r.notRecorded('kmsKeyId', 'The AWS Config item has no Encrypted attribute for this file system.');
  }
  r.notRecorded('lifeCycleState', 'AWS Config does not record the life cycle state of EFS file systems.');
  put(p, 'performanceMode', r.conf('PerformanceMode').str());
  const policy = r.conf('FileSystemPolicy');
  if (policy.missing) r.notRecorded('policy', 'AWS Config does not record the file system policy of EFS file systems.');
  else p.policy = policy.value === null || policy.value === '' ? null : parsePolicyText(policy.value);
  const name = r.item.resourceName ?? r.item.tags?.Name;
  return { properties: p, ...(name ? { name } : {}), arn: r.item.arn ?? r.conf('Arn').str() ?? undefined };
}
