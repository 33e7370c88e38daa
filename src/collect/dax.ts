import { DescribeClustersCommand, ListTagsCommand } from '@aws-sdk/client-dax';
import type { Resource } from '../inventory/resource.js';
import { forEach, listAll, recordOn, tagMap, type Collector } from './context.js';

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
      const arn = c.ClusterArn ?? `arn:${ctx.partition}:dax:${ctx.region}:${ctx.accountId}:cache/${name}`;
      const cluster: Resource = {
        resourceType: 'AWS::DAX::Cluster',
        resourceId: name,
        arn,
        accountId: ctx.accountId,
        region: ctx.region,
        name,
        tags: {},
        properties: {
          clusterName: name,
          status: c.Status ?? null,
          sseStatus: c.SSEDescription?.Status ?? 'DISABLED',
          // NONE is DAX's documented default when a cluster was created without choosing.
          clusterEndpointEncryptionType: c.ClusterEndpointEncryptionType ?? 'NONE',
        },
      };
      const tags: { Key?: string; Value?: string }[] = [];
      let token: string | undefined;
      do {
        const page = await ctx.call('dax:ListTags', () => dax.send(new ListTagsCommand({ ResourceName: arn, ...(token ? { NextToken: token } : {}) })));
        if (!page.ok) {
          recordOn(cluster, { ...page.error, property: 'tags' });
          break;
        }
        tags.push(...(page.value.Tags ?? []));
        token = page.value.NextToken;
      } while (token);
      if (!cluster.errors) cluster.tags = tagMap(tags);
      clusters.push(cluster);
      ctx.found(1);
    });
    return clusters.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
  },
};
