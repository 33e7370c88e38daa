import { DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import type { Resource } from '../inventory/resource.js';
import { forEach, listAll, type Collector } from './context.js';
import { finishElastiCacheResource } from './elasticache-finish.js';
import { regionalArn, regionalResource } from './resource.js';
import { requireFields } from './always-present.js';
import { collectCacheClusters, listCacheClusters } from './elasticache-cache-clusters.js';
import { assignMembers, memberVersions } from './elasticache-members.js';

/**
 * ElastiCache replication groups (Valkey and Redis OSS), and the cache clusters
 * outside any group (Memcached among them). Only whether AUTH or RBAC is in use
 * is kept; ElastiCache never returns the tokens, and sealcheck asks for none.
 */
export const elasticacheCollector: Collector = {
  service: 'elasticache',
  scope: 'region',
  async collect(ctx) {
    const ec = ctx.client('elasticache');
    const list = await listAll(
      ctx,
      'elasticache:DescribeReplicationGroups',
      (m) => ec.send(new DescribeReplicationGroupsCommand({ MaxRecords: 100, ...(m ? { Marker: m } : {}) })),
      (o) => o.ReplicationGroups,
      (o) => o.Marker,
    );
    // The cluster list also gives the engine version of each group's nodes, which the group's own answer lacks.
    const clusters = await listCacheClusters(ctx, ec);
    const versions = memberVersions(clusters.items);
    const groups: Resource[] = [];
    await forEach(list.items.filter((g) => g.ReplicationGroupId), async (g) => {
      const id = g.ReplicationGroupId!;
      const arn = g.ARN ?? regionalArn(ctx, 'elasticache', `replicationgroup:${id}`);
      const transit = g.TransitEncryptionEnabled === true;
      const group = regionalResource(ctx, 'AWS::ElastiCache::ReplicationGroup', id, arn, {
        replicationGroupId: id,
        engine: g.Engine ?? null,
        status: g.Status ?? null,
        atRestEncryptionEnabled: g.AtRestEncryptionEnabled === true,
        kmsKeyId: g.KmsKeyId || null,
        transitEncryptionEnabled: transit,
        transitEncryptionMode: transit ? g.TransitEncryptionMode : null,
        authTokenEnabled: g.AuthTokenEnabled === true,
        userGroupIds: [...(g.UserGroupIds ?? [])],
        clusterEnabled: g.ClusterEnabled ?? null,
      });
      // Every ReplicationGroup answer carries these (AWS's reference); missing, they are unknown rather than "off".
      requireFields(group, 'elasticache:DescribeReplicationGroups', {
        atRestEncryptionEnabled: g.AtRestEncryptionEnabled,
        transitEncryptionEnabled: g.TransitEncryptionEnabled,
        authTokenEnabled: g.AuthTokenEnabled,
      });
      // The mode means nothing without knowing whether TLS is on.
      if (g.TransitEncryptionEnabled === undefined) requireFields(group, 'elasticache:DescribeReplicationGroups', { transitEncryptionMode: undefined });
      assignMembers(group, g, versions, clusters.complete);
      const modeUnreported = group.properties.transitEncryptionMode === undefined && 'transitEncryptionEnabled' in group.properties;
      groups.push(await finishElastiCacheResource(ctx, ec, group, 'elasticache:DescribeReplicationGroups', modeUnreported));
    });
    return [...groups.sort((a, b) => a.resourceId.localeCompare(b.resourceId)), ...(await collectCacheClusters(ctx, ec, clusters))];
  },
};
