import { DescribeCacheClustersCommand, ListTagsForResourceCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { Resource } from '../inventory/resource.js';
import { requireFields } from './always-present.js';
import { assignTags, forEach, listAll, recordOn, tagMap, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/**
 * Cache clusters outside any replication group: every Memcached cluster, and
 * Valkey or Redis OSS clusters created on their own. A cluster that is a node
 * group of a replication group is left to the group, whose settings are its own.
 */
export async function collectCacheClusters(ctx: CollectorContext, ec: ElastiCacheClient): Promise<Resource[]> {
  const list = await listAll(
    ctx,
    'elasticache:DescribeCacheClusters',
    (m) => ec.send(new DescribeCacheClustersCommand({ MaxRecords: 100, ...(m ? { Marker: m } : {}) })),
    (o) => o.CacheClusters,
    (o) => o.Marker,
  );
  const clusters: Resource[] = [];
  await forEach(list.items.filter((c) => c.CacheClusterId && !c.ReplicationGroupId), async (c) => {
    const id = c.CacheClusterId!;
    const arn = c.ARN ?? regionalArn(ctx, 'elasticache', `cluster:${id}`);
    const cluster = regionalResource(ctx, 'AWS::ElastiCache::CacheCluster', id, arn, {
      cacheClusterId: id,
      engine: c.Engine,
      engineVersion: c.EngineVersion ?? null,
      status: c.CacheClusterStatus ?? null,
      atRestEncryptionEnabled: c.AtRestEncryptionEnabled,
      transitEncryptionEnabled: c.TransitEncryptionEnabled,
      transitEncryptionMode: c.TransitEncryptionMode ?? null,
      authTokenEnabled: c.AuthTokenEnabled ?? null,
    });
    // Every CacheCluster answer names its engine and both encryption flags (false when off): missing, they are unknown, not off.
    requireFields(cluster, 'elasticache:DescribeCacheClusters', {
      engine: c.Engine,
      atRestEncryptionEnabled: c.AtRestEncryptionEnabled,
      transitEncryptionEnabled: c.TransitEncryptionEnabled,
    });
    if (c.Engine !== 'memcached' && c.TransitEncryptionEnabled === true && c.TransitEncryptionMode === undefined) {
      // Valkey and Redis OSS accept plaintext too in mode "preferred": without the mode that cannot be told.
      delete cluster.properties.transitEncryptionMode;
      recordOn(cluster, { property: 'transitEncryptionMode', operation: 'elasticache:DescribeCacheClusters', code: 'NotReported', message: 'TLS is on but ElastiCache reported no TransitEncryptionMode' });
    }
    const tags = await ctx.call('elasticache:ListTagsForResource', () => ec.send(new ListTagsForResourceCommand({ ResourceName: arn })));
    assignTags(cluster, tags, (o) => tagMap(o.TagList));
    clusters.push(cluster);
    ctx.found(1);
  });
  return clusters.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}
