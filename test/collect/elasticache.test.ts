import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeReplicationGroupsCommand, ElastiCacheClient, ListTagsForResourceCommand } from '@aws-sdk/client-elasticache';
import { elasticacheCollector } from '../../src/collect/elasticache.js';
import { awsError, byId, collectClean, collectValid, expectNothingCollected, expectTagsDenied, fixture } from './helpers.js';

const ec = mockClient(ElastiCacheClient);
const TYPE = 'AWS::ElastiCache::ReplicationGroup';

function recorded(): void {
  ec.on(DescribeReplicationGroupsCommand).resolves(fixture('elasticache.DescribeReplicationGroups_1'));
  ec.on(DescribeReplicationGroupsCommand, { Marker: 'marker-2' }).resolves(fixture('elasticache.DescribeReplicationGroups_2'));
  ec.on(ListTagsForResourceCommand).resolves(fixture('elasticache.ListTagsForResource'));
}

beforeEach(() => ec.reset());

describe('elasticache collector', () => {
  it('reads both pages of replication groups with encryption, transit mode, authentication and tags', async () => {
    recorded();
    const resources = await collectClean(elasticacheCollector);
    expect(ec.commandCalls(DescribeReplicationGroupsCommand)).toHaveLength(2);
    expect(resources.map((r) => r.resourceId)).toEqual(['legacy-cache', 'sessions-prod']);
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
    });
    const legacy = byId(resources, TYPE, 'legacy-cache');
    expect(legacy.properties).toMatchObject({ atRestEncryptionEnabled: false, kmsKeyId: null, transitEncryptionMode: 'preferred', authTokenEnabled: true, userGroupIds: [] });
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
        { ReplicationGroupId: 'old-tls', TransitEncryptionEnabled: true, AtRestEncryptionEnabled: true, AuthTokenEnabled: false },
        { ReplicationGroupId: 'plain', TransitEncryptionEnabled: false, AtRestEncryptionEnabled: false, AuthTokenEnabled: false },
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
});
