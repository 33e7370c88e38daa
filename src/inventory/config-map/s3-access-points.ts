import { put, type ItemReader, type MappedResource } from './item.js';

const SETTINGS = [
  ['blockPublicAcls', 'BlockPublicAcls'],
  ['ignorePublicAcls', 'IgnorePublicAcls'],
  ['blockPublicPolicy', 'BlockPublicPolicy'],
  ['restrictPublicBuckets', 'RestrictPublicBuckets'],
] as const;

/**
 * An S3 access point as Config records it: bucket, network origin, VPC and its
 * Block Public Access settings. Config records neither the access point policy
 * nor S3's verdict on it, nor the creation date: those stay unknown, so the
 * policy rule can pass only through Block Public Access. The name is the id, as
 * the collector has it.
 */
export function mapAccessPoint(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('Name', 'name').str() ?? r.item.resourceName ?? r.item.resourceId;
  put(p, 'bucket', r.conf('Bucket', 'bucket').str());
  put(p, 'bucketAccountId', r.conf('BucketAccountId', 'bucketAccountId').str());
  const origin = r.conf('NetworkOrigin', 'networkOrigin').str();
  put(p, 'networkOrigin', origin ?? undefined);
  const vpc = r.conf('VpcConfiguration.VpcId', 'vpcConfiguration.vpcId').str();
  // An internet access point has no VPC; a VPC access point without its VPC id (or no origin at all) leaves it unknown.
  if (vpc) p.vpcId = vpc;
  else if (origin === 'Internet') p.vpcId = null;
  const block = r.conf('PublicAccessBlockConfiguration', 'publicAccessBlockConfiguration');
  // The four settings are fixed when an access point is made and always set: one missing is unknown, not off.
  const settings = block.object() ? SETTINGS.map(([key, field]) => [key, block.first(field, key).bool()] as const) : [];
  if (settings.length > 0 && settings.every(([, v]) => typeof v === 'boolean')) p.publicAccessBlock = Object.fromEntries(settings);
  else r.notRecorded('publicAccessBlock', 'The AWS Config item lacks some of the four PublicAccessBlockConfiguration settings.');
  r.notRecorded('policy', 'AWS Config does not record the access point policy.');
  r.notRecorded('policyStatus', 'AWS Config does not record the access point policy status (GetAccessPointPolicyStatus).');
  r.notRecorded('creationDate', 'AWS Config does not record when the access point was made.');
  const arn = r.item.arn ?? r.conf('Arn', 'arn').str() ?? undefined;
  return { properties: p, name, resourceId: name, ...(arn ? { arn } : {}) };
}
