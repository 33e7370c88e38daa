import { ListTagsForResourceCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { Resource } from '../inventory/resource.js';
import { assignTags, recordOn, tagMap, type CollectorContext } from './context.js';

/**
 * What every ElastiCache resource (replication group, cache cluster) ends
 * with: when TLS is on but no mode was reported, the mode is left unknown, since
 * mode "preferred" still accepts plaintext and that cannot be told; then its tags.
 */
export async function finishElastiCacheResource(ctx: CollectorContext, ec: ElastiCacheClient, resource: Resource, operation: string, modeUnreported: boolean): Promise<Resource> {
  if (modeUnreported) {
    delete resource.properties.transitEncryptionMode;
    recordOn(resource, { property: 'transitEncryptionMode', operation, code: 'NotReported', message: 'TLS is on but ElastiCache reported no TransitEncryptionMode' });
  }
  const tags = await ctx.call('elasticache:ListTagsForResource', () => ec.send(new ListTagsForResourceCommand({ ResourceName: resource.arn })));
  assignTags(resource, tags, (o) => tagMap(o.TagList));
  ctx.found(1);
  return resource;
}
