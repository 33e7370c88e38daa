import { DescribeClustersCommand, ListTagsCommand } from '@aws-sdk/client-dax';
import { tagMap, type Collector } from './context.js';
import { declarativeCollector, pagedTags } from './declarative.js';
import { regionalArn } from './resource.js';

/**
 * DAX clusters with cache encryption and endpoint TLS; tags are read page by page.
 * The DAX API Reference marks no member of Cluster as always returned and does
 * not say what a missing SSEDescription or ClusterEndpointEncryptionType means
 * (both list DISABLED / NONE as values of their own), so either missing is
 * unknown, not "off".
 */
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
    sseStatus: c.SSEDescription?.Status,
    clusterEndpointEncryptionType: c.ClusterEndpointEncryptionType,
  }),
  unreported: (c) => ({ sseStatus: c.SSEDescription?.Status, clusterEndpointEncryptionType: c.ClusterEndpointEncryptionType }),
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
