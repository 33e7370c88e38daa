import { DescribeCacheClustersCommand, type CacheCluster, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { Resource } from '../inventory/resource.js';
import { requireFields } from './always-present.js';
import { forEach, listAll, type CollectorContext } from './context.js';
import { finishElastiCacheResource } from './elasticache-finish.js';
import { regionalArn, regionalResource } from './resource.js';

/** Every cache cluster of the region, members of replication groups included (their engine versions are the groups'). */
export function listCacheClusters(ctx: CollectorContext, ec: ElastiCacheClient): Promise<{ items: CacheCluster[]; complete: boolean }> {
  return listAll(
    ctx,
    'elasticache:DescribeCacheClusters',
    (m) => ec.send(new DescribeCacheClustersCommand({ MaxRecords: 100, ...(m ? { Marker: m } : {}) })),
    (o) => o.CacheClusters,
    (o) => o.Marker,
  );
}

/**
 * Cache clusters outside any replication group: every Memcached cluster, and
 * Valkey or Redis OSS clusters created on their own. A cluster that is a node
 * group of a replication group is left to the group, whose settings are its own.
 */
export async function collectCacheClusters(ctx: CollectorContext, ec: ElastiCacheClient, list: { items: readonly CacheCluster[] }): Promise<Resource[]> {
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
    // Valkey and Redis OSS accept plaintext too in mode "preferred"; Memcached has no mode.
    const modeUnreported = c.Engine !== 'memcached' && c.TransitEncryptionEnabled === true && c.TransitEncryptionMode === undefined;
    clusters.push(await finishElastiCacheResource(ctx, ec, cluster, 'elasticache:DescribeCacheClusters', modeUnreported));
  });
  return clusters.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}
