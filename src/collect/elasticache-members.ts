import type { CacheCluster, ReplicationGroup } from '@aws-sdk/client-elasticache';
import type { CollectionError, Resource } from '../inventory/resource.js';
import { withhold } from './always-present.js';

const OPERATION = 'elasticache:DescribeCacheClusters';

/** The engine version of each cache cluster that is a node of a replication group, by cluster id, as DescribeCacheClusters lists them. */
export function memberVersions(clusters: readonly CacheCluster[]): Map<string, string | undefined> {
  const versions = new Map<string, string | undefined>();
  for (const c of clusters) if (c.CacheClusterId && c.ReplicationGroupId) versions.set(c.CacheClusterId, c.EngineVersion ?? undefined);
  return versions;
}

/**
 * Sets `memberClusters` on a replication group: each cluster the group names
 * (MemberClusters) with the engine version DescribeCacheClusters gives it.
 * DescribeReplicationGroups has no engine version, and the version decides
 * which authentication a group can have (RBAC needs 6.0). A member the cluster
 * list lacks, a member listed without a version, or an answer that does not
 * name the members leaves the property unknown, never a list that would pass
 * for "no old nodes".
 */
export function assignMembers(group: Resource, g: ReplicationGroup, versions: ReadonlyMap<string, string | undefined>, listComplete: boolean): void {
  const fail = (error: CollectionError) => withhold(group, ['memberClusters'], error);
  if (g.MemberClusters === undefined) {
    fail({ operation: 'elasticache:DescribeReplicationGroups', code: 'NotReported', message: "the answer does not name the member clusters, and AWS's reference does not say what its absence means" });
    return;
  }
  const members: { cacheClusterId: string; engineVersion: string }[] = [];
  for (const id of g.MemberClusters) {
    const version = versions.get(id);
    if (version === undefined) {
      // Not listed (the list failed part-way, or the member is being created), or listed without its version.
      if (versions.has(id)) fail({ operation: OPERATION, code: 'IncompleteResponse', message: `member cluster ${id} was listed without its engine version` });
      else fail({ operation: OPERATION, code: listComplete ? 'MemberNotListed' : 'ListIncomplete', message: `member cluster ${id} is not among the cache clusters listed${listComplete ? '' : ', a list that failed part-way'}` });
      return;
    }
    members.push({ cacheClusterId: id, engineVersion: version });
  }
  group.properties.memberClusters = members;
}
