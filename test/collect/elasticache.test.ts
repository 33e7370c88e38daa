import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, ListTagsForResourceCommand } from '@aws-sdk/client-elasticache';
import { elasticacheCollector } from '../../src/collect/elasticache.js';
import { awsError, byId, collectClean, collectValid, errorCodes, expectNothingCollected, expectTagsDenied, fixture, testContext } from './helpers.js';

const ec = mockClient(ElastiCacheClient);
const TYPE = 'AWS::ElastiCache::ReplicationGroup';
const CLUSTER = 'AWS::ElastiCache::CacheCluster';

function recorded(): void {
  ec.on(DescribeReplicationGroupsCommand).resolves(fixture('elasticache.DescribeReplicationGroups_1'));
  ec.on(DescribeReplicationGroupsCommand, { Marker: 'marker-2' }).resolves(fixture('elasticache.DescribeReplicationGroups_2'));
  ec.on(DescribeCacheClustersCommand).resolves(fixture('elasticache.DescribeCacheClusters_1'));
  ec.on(DescribeCacheClustersCommand, { Marker: 'marker-2' }).resolves(fixture('elasticache.DescribeCacheClusters_2'));
  ec.on(ListTagsForResourceCommand).resolves(fixture('elasticache.ListTagsForResource'));
}

beforeEach(() => {
  ec.reset();
  // Tests about replication groups see a region without cache clusters of their own.
  ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [] });
});

describe('elasticache collector', () => {
  it('reads both pages of replication groups with encryption, transit mode, authentication and tags', async () => {
    recorded();
    const resources = await collectClean(elasticacheCollector);
    expect(ec.commandCalls(DescribeReplicationGroupsCommand)).toHaveLength(2);
    expect(resources.filter((r) => r.resourceType === TYPE).map((r) => r.resourceId)).toEqual(['legacy-cache', 'sessions-prod']);
    const prod = byId(resources, TYPE, 'sessions-prod');
    expect(prod.arn).toBe('arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sessions-prod');
    expect(prod.tags).toEqual({ owner: 'web', env: 'prod' });
    expect(prod.properties).toEqual({
      replicationGroupId: 'sessions-prod',
      engine: 'valkey',
      status: 'available',
      atRestEncryptionEnabled: true,
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authTokenEnabled: false,
      userGroupIds: ['app-users'],
      clusterEnabled: false,
      // The group's answer has no engine version: each member's comes from the cluster list, on either page.
      memberClusters: [
        { cacheClusterId: 'sessions-prod-001', engineVersion: '7.2.6' },
        { cacheClusterId: 'sessions-prod-002', engineVersion: '7.2.6' },
      ],
    });
    const legacy = byId(resources, TYPE, 'legacy-cache');
    expect(legacy.properties).toMatchObject({ atRestEncryptionEnabled: false, kmsKeyId: null, transitEncryptionMode: 'preferred', authTokenEnabled: true, userGroupIds: [] });
    expect(legacy.properties.memberClusters).toEqual([{ cacheClusterId: 'legacy-cache-001', engineVersion: '7.0.7' }]);
  });

  it('returns nothing for a region without replication groups', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });
    await expectNothingCollected(elasticacheCollector);
  });

  it('records denied tags on the group and keeps its settings', async () => {
    recorded();
    ec.on(ListTagsForResourceCommand).rejects(awsError('AccessDenied', 403, 'not authorized to perform elasticache:ListTagsForResource'));
    const prod = byId((await collectValid(elasticacheCollector)).resources, TYPE, 'sessions-prod');
    expectTagsDenied(prod, 'elasticache:ListTagsForResource', 'AccessDenied');
    expect(prod.properties.atRestEncryptionEnabled).toBe(true);
  });

  it('leaves the transit mode unknown when TLS is on but no mode is reported, and null when TLS is off', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({
      ReplicationGroups: [
        { ReplicationGroupId: 'old-tls', TransitEncryptionEnabled: true, AtRestEncryptionEnabled: true, AuthTokenEnabled: false, MemberClusters: [] },
        { ReplicationGroupId: 'plain', TransitEncryptionEnabled: false, AtRestEncryptionEnabled: false, AuthTokenEnabled: false, MemberClusters: [] },
      ],
    });
    ec.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const { resources } = await collectValid(elasticacheCollector);
    const old = byId(resources, TYPE, 'old-tls');
    expect('transitEncryptionMode' in old.properties).toBe(false);
    expect(old.errors).toEqual([expect.objectContaining({ property: 'transitEncryptionMode', code: 'NotReported' })]);
    expect(old.arn).toBe('arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:old-tls');
    expect(byId(resources, TYPE, 'plain').properties.transitEncryptionMode).toBeNull();
  });

  it('records an answer without the fields every ReplicationGroup carries as an error, leaving them unknown rather than off', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [{ ReplicationGroupId: 'odd' }] });
    ec.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const { resources } = await collectValid(elasticacheCollector);
    const odd = byId(resources, TYPE, 'odd');
    for (const p of ['atRestEncryptionEnabled', 'transitEncryptionEnabled', 'authTokenEnabled']) {
      expect(odd.properties).not.toHaveProperty(p);
      expect(odd.errors).toContainEqual(expect.objectContaining({ property: p, code: 'IncompleteResponse' }));
    }
    expect(odd.properties).not.toHaveProperty('transitEncryptionMode');
  });

  it('leaves the node versions of a group unknown when a member is not listed, is listed without a version, or the group names none', async () => {
    const group = (id: string, members?: string[]) => ({ ReplicationGroupId: id, TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' as const, AtRestEncryptionEnabled: true, AuthTokenEnabled: false, ...(members ? { MemberClusters: members } : {}) });
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('whole', ['whole-001']), group('missing', ['missing-001', 'missing-002']), group('versionless', ['versionless-001']), group('unnamed')] });
    ec.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [
        { CacheClusterId: 'whole-001', ReplicationGroupId: 'whole', Engine: 'redis', EngineVersion: '5.0.6' },
        { CacheClusterId: 'missing-001', ReplicationGroupId: 'missing', Engine: 'redis', EngineVersion: '5.0.6' },
        { CacheClusterId: 'versionless-001', ReplicationGroupId: 'versionless', Engine: 'redis' },
      ],
    });
    ec.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const { resources } = await collectValid(elasticacheCollector);
    expect(byId(resources, TYPE, 'whole').properties.memberClusters).toEqual([{ cacheClusterId: 'whole-001', engineVersion: '5.0.6' }]);
    expect(byId(resources, TYPE, 'whole').errors).toBeUndefined();
    for (const [id, code] of [['missing', 'MemberNotListed'], ['versionless', 'IncompleteResponse'], ['unnamed', 'NotReported']] as const) {
      const g = byId(resources, TYPE, id);
      expect(g.properties, id).not.toHaveProperty('memberClusters');
      expect(errorCodes(g), id).toEqual([`memberClusters:${code}`]);
    }
  });

  it('reads both pages of cache clusters, keeping those outside replication groups (Memcached, a Redis OSS cluster of its own)', async () => {
    recorded();
    const { resources, errors } = await collectValid(elasticacheCollector);
    expect(errors).toEqual([]);
    expect(ec.commandCalls(DescribeCacheClustersCommand)).toHaveLength(2);
    // sessions-prod-001 is a node of the sessions-prod group, judged through the group.
    expect(resources.filter((r) => r.resourceType === CLUSTER).map((r) => r.resourceId)).toEqual(['catalog-mc', 'legacy-mc', 'scratch-redis']);
    const mc = byId(resources, CLUSTER, 'catalog-mc');
    expect(mc.arn).toBe('arn:aws:elasticache:eu-west-1:123456789012:cluster:catalog-mc');
    expect(mc.tags).toEqual({ owner: 'web', env: 'prod' });
    expect(mc.properties).toEqual({
      cacheClusterId: 'catalog-mc',
      engine: 'memcached',
      engineVersion: '1.6.22',
      status: 'available',
      atRestEncryptionEnabled: false,
      transitEncryptionEnabled: true,
      transitEncryptionMode: null,
      authTokenEnabled: false,
    });
    expect(byId(resources, CLUSTER, 'legacy-mc').properties).toMatchObject({ engineVersion: '1.6.6', transitEncryptionEnabled: false });
    expect(byId(resources, CLUSTER, 'scratch-redis').properties).toMatchObject({ engine: 'redis', atRestEncryptionEnabled: false, transitEncryptionEnabled: false });
  });

  it('records an answer without the fields every CacheCluster carries as an error, leaving them unknown rather than off', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });
    ec.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [{ CacheClusterId: 'odd' }] });
    ec.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const { resources } = await collectValid(elasticacheCollector);
    const odd = byId(resources, CLUSTER, 'odd');
    expect(odd.arn).toBe('arn:aws:elasticache:eu-west-1:123456789012:cluster:odd');
    for (const p of ['engine', 'atRestEncryptionEnabled', 'transitEncryptionEnabled']) {
      expect(odd.properties).not.toHaveProperty(p);
      expect(odd.errors).toContainEqual(expect.objectContaining({ property: p, operation: 'elasticache:DescribeCacheClusters', code: 'IncompleteResponse' }));
    }
  });

  it('leaves the transit mode of a Valkey or Redis OSS cluster with TLS unknown when none is reported', async () => {
    ec.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });
    ec.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [
        { CacheClusterId: 'tls-redis', Engine: 'redis', TransitEncryptionEnabled: true, AtRestEncryptionEnabled: false },
        { CacheClusterId: 'tls-mc', Engine: 'memcached', TransitEncryptionEnabled: true, AtRestEncryptionEnabled: false },
      ],
    });
    ec.on(ListTagsForResourceCommand).resolves({ TagList: [] });
    const { resources } = await collectValid(elasticacheCollector);
    const redis = byId(resources, CLUSTER, 'tls-redis');
    expect(redis.properties).not.toHaveProperty('transitEncryptionMode');
    expect(redis.errors).toEqual([expect.objectContaining({ property: 'transitEncryptionMode', code: 'NotReported' })]);
    expect(byId(resources, CLUSTER, 'tls-mc').properties.transitEncryptionMode).toBeNull();
  });

  it('records a denied DescribeCacheClusters for the region and still returns the replication groups', async () => {
    recorded();
    ec.on(DescribeCacheClustersCommand).rejects(awsError('AccessDenied', 403, 'not authorized to perform elasticache:DescribeCacheClusters'));
    const { ctx, errors } = testContext('elasticache');
    const resources = await elasticacheCollector.collect(ctx);
    expect(resources.map((r) => r.resourceType)).toEqual([TYPE, TYPE]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'elasticache:DescribeCacheClusters', code: 'AccessDenied' })]);
    // Without the cluster list the versions of the groups' nodes are unknown, and say why.
    expect(resources.map((r) => errorCodes(r))).toEqual([['memberClusters:ListIncomplete'], ['memberClusters:ListIncomplete']]);
  });
});
