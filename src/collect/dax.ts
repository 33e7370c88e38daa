import { DescribeClustersCommand, ListTagsCommand } from '@aws-sdk/client-dax';
import { tagMap, type Collector } from './context.js';
import { declarativeCollector, pagedTags } from './declarative.js';
import { regionalArn } from './resource.js';

/** DAX clusters with cache encryption and endpoint TLS; tags are read page by page. */
export const daxCollector: Collector = declarativeCollector({
  service: 'dax',
  client: 'dax',
  resourceType: 'AWS::DAX::Cluster',
  list: {
    operation: 'dax:DescribeClusters',
    page: (dax, t) => dax.send(new DescribeClustersCommand({ MaxResults: 100, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.Clusters,
    next: (o) => o.NextToken,
  },
  id: (c) => c.ClusterName,
  idField: 'ClusterName',
  arn: (ctx, c, name) => c.ClusterArn ?? regionalArn(ctx, 'dax', `cache/${name}`),
  listed: (c, name) => ({
    clusterName: name,
    status: c.Status ?? null,
    sseStatus: c.SSEDescription?.Status ?? 'DISABLED',
    // NONE is DAX's documented default when a cluster was created without choosing.
    clusterEndpointEncryptionType: c.ClusterEndpointEncryptionType ?? 'NONE',
  }),
  reads: [
    pagedTags({
      operation: 'dax:ListTags',
      page: (dax, _c, cluster, t) => dax.send(new ListTagsCommand({ ResourceName: cluster.arn, ...(t ? { NextToken: t } : {}) })),
      items: (o) => o.Tags,
      next: (o) => o.NextToken,
      map: tagMap,
    }),
  ],
});
