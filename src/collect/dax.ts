import { DescribeClustersCommand, ListTagsCommand } from '@aws-sdk/client-dax';
import type { Resource } from '../inventory/resource.js';
import { allPages, assignTags, forEach, listAll, tagMap, type Collector } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/** DAX clusters with cache encryption and endpoint TLS; tags are read page by page. */
export const daxCollector: Collector = {
  service: 'dax',
  scope: 'region',
  async collect(ctx) {
    const dax = ctx.client('dax');
    const list = await listAll(
      ctx,
      'dax:DescribeClusters',
      (t) => dax.send(new DescribeClustersCommand({ MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
      (o) => o.Clusters,
      (o) => o.NextToken,
    );
    const clusters: Resource[] = [];
    await forEach(list.items.filter((c) => c.ClusterName), async (c) => {
      const name = c.ClusterName!;
      const arn = c.ClusterArn ?? regionalArn(ctx, 'dax', `cache/${name}`);
      const cluster = regionalResource(ctx, 'AWS::DAX::Cluster', name, arn, {
        clusterName: name,
        status: c.Status ?? null,
        sseStatus: c.SSEDescription?.Status ?? 'DISABLED',
        // NONE is DAX's documented default when a cluster was created without choosing.
        clusterEndpointEncryptionType: c.ClusterEndpointEncryptionType ?? 'NONE',
      });
      const tags = await allPages(ctx, 'dax:ListTags', (t) => dax.send(new ListTagsCommand({ ResourceName: arn, ...(t ? { NextToken: t } : {}) })), (o) => o.Tags, (o) => o.NextToken);
      assignTags(cluster, tags, tagMap);
      clusters.push(cluster);
      ctx.found(1);
    });
    return clusters.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
