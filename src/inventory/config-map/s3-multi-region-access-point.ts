import { put, type ItemReader, type MappedResource } from './item.js';

const SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** The four settings when Config wrote all of them; a Multi-Region Access Point always has them, so one left out is unknown, never off. */
function publicAccessBlock(r: ItemReader): Record<string, boolean> | undefined {
  const c = r.conf('PublicAccessBlockConfiguration');
  const flags = SETTINGS.map((k) => c.at(k).bool());
  if (!c.object() || flags.some((f) => f === undefined || f === null)) {
    r.notRecorded('publicAccessBlock', 'The AWS Config item does not hold all four Block Public Access settings of this Multi-Region Access Point.');
    return undefined;
  }
  const [blockPublicAcls, ignorePublicAcls, blockPublicPolicy, restrictPublicBuckets] = flags as boolean[];
  return { blockPublicAcls: blockPublicAcls!, ignorePublicAcls: ignorePublicAcls!, blockPublicPolicy: blockPublicPolicy!, restrictPublicBuckets: restrictPublicBuckets! };
}

/** The buckets behind it: Config records each bucket's name only, so its Region and owning account stay unknown. */
function regions(r: ItemReader, partition: string): Record<string, unknown>[] | undefined {
  const list = r.conf('Regions').list();
  if (!list) {
    r.notRecorded('regions', 'The AWS Config item does not list the buckets of this Multi-Region Access Point.');
    return undefined;
  }
  r.notRecorded('regions.region', 'AWS Config records the bucket of each Region of a Multi-Region Access Point, not the Region.');
  r.notRecorded('regions.bucketAccountId', 'AWS Config does not record which account owns each bucket of a Multi-Region Access Point.');
  return list.map((c) => {
    const bucket = c.at('Bucket').str() ?? c.wrong('a Region with its Bucket');
    return { bucket, bucketArn: `arn:${partition}:s3:::${bucket}` };
  });
}

/**
 * AWS Config records a Multi-Region Access Point's name, alias, creation time,
 * Block Public Access settings and buckets. Its policy (a separate CloudFormation
 * type Config does not record), S3's verdict on it and its status are not in the
 * item: rules that need them say UNKNOWN. Account-wide, so region `global`, as the collector places it.
 */
export function mapMultiRegionAccessPoint(r: ItemReader): MappedResource {
  const p: Record<string, unknown> = {};
  const name = r.conf('Name').str() ?? r.item.resourceName ?? r.item.resourceId;
  const alias = r.conf('Alias').str() ?? undefined;
  const account = r.item.accountId;
  const arn = r.item.arn ?? (alias && account ? `arn:aws:s3::${account}:accesspoint/${alias}` : undefined);
  const partition = /^arn:([a-z][a-z0-9-]*):/.exec(arn ?? '')?.[1] ?? 'aws';
  if (alias === undefined) r.notRecorded('alias', 'The AWS Config item does not hold the alias of this Multi-Region Access Point.');
  put(p, 'alias', alias);
  r.notRecorded('status', 'AWS Config does not record the status of a Multi-Region Access Point.');
  put(p, 'creationDate', r.conf('CreatedAt').date() ?? null);
  put(p, 'publicAccessBlock', publicAccessBlock(r));
  put(p, 'regions', regions(r, partition));
  r.notRecorded('policy', 'AWS Config does not record the policy of a Multi-Region Access Point.');
  r.notRecorded('policyStatus', 'AWS Config does not record the policy status of a Multi-Region Access Point (GetMultiRegionAccessPointPolicyStatus).');
  return { properties: p, name, resourceId: name, ...(arn ? { arn } : {}), region: 'global' };
}
