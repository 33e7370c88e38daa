import {
  DescribeClusterParameterGroupsCommand,
  DescribeClusterParametersCommand,
  DescribeClustersCommand,
  type Cluster,
  type Parameter,
} from '@aws-sdk/client-redshift';
import type { Resource } from '../inventory/resource.js';
import { allPages, assign, forEach, listAll, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

/** The parameters that govern encryption in transit. */
export const REDSHIFT_TLS_PARAMETERS = ['require_ssl'] as const;

const marker = (m: string | undefined) => (m ? { Marker: m } : {});

/** Each tracked parameter with its value, null when the group does not set it. */
export function redshiftTrackedParameters(parameters: readonly Parameter[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of REDSHIFT_TLS_PARAMETERS) out[name] = null;
  for (const p of parameters) {
    if (p.ParameterName && (REDSHIFT_TLS_PARAMETERS as readonly string[]).includes(p.ParameterName)) out[p.ParameterName] = p.ParameterValue ?? null;
  }
  return out;
}

function cluster(ctx: CollectorContext, c: Cluster): Resource {
  const id = c.ClusterIdentifier!;
  const properties = {
    clusterIdentifier: id,
    encrypted: c.Encrypted ?? false,
    kmsKeyId: c.KmsKeyId || null,
    hsmConfigurationIdentifier: c.HsmStatus?.HsmConfigurationIdentifier || null,
    publiclyAccessible: c.PubliclyAccessible ?? false,
    clusterParameterGroups: (c.ClusterParameterGroups ?? [])
      .filter((g) => g.ParameterGroupName)
      .map((g) => ({ name: g.ParameterGroupName!, applyStatus: g.ParameterApplyStatus ?? 'unknown' })),
  };
  return regionalResource(ctx, 'AWS::Redshift::Cluster', id, regionalArn(ctx, 'redshift', `cluster:${id}`), properties, { tags: tagMap(c.Tags) });
}

async function parameterGroups(ctx: CollectorContext): Promise<Resource[]> {
  const redshift = ctx.client('redshift');
  const groups = await listAll(
    ctx,
    'redshift:DescribeClusterParameterGroups',
    (m) => redshift.send(new DescribeClusterParameterGroupsCommand({ MaxRecords: 100, ...marker(m) })),
    (o) => o.ParameterGroups,
    (o) => o.Marker,
  );
  const out: Resource[] = [];
  await forEach(groups.items.filter((g) => g.ParameterGroupName), async (g) => {
    const name = g.ParameterGroupName!;
    const arn = regionalArn(ctx, 'redshift', `parametergroup:${name}`);
    const properties = { name, family: g.ParameterGroupFamily ?? null, description: g.Description ?? null };
    const group = regionalResource(ctx, 'AWS::Redshift::ClusterParameterGroup', name, arn, properties, { tags: tagMap(g.Tags) });
    const parameters = await allPages(
      ctx,
      'redshift:DescribeClusterParameters',
      (m) => redshift.send(new DescribeClusterParametersCommand({ ParameterGroupName: name, MaxRecords: 100, ...marker(m) })),
      (o) => o.Parameters,
      (o) => o.Marker,
    );
    assign(group, 'parameters', parameters, redshiftTrackedParameters);
    out.push(group);
  });
  return out;
}

/** Redshift clusters (encryption, public access, parameter groups) and the cluster parameter groups' TLS settings. */
export const redshiftCollector: Collector = {
  service: 'redshift',
  scope: 'region',
  async collect(ctx) {
    const redshift = ctx.client('redshift');
    const [clusters, groups] = await Promise.all([
      listAll(ctx, 'redshift:DescribeClusters', (m) => redshift.send(new DescribeClustersCommand({ MaxRecords: 100, ...marker(m) })), (o) => o.Clusters, (o) => o.Marker),
      parameterGroups(ctx),
    ]);
    const out = [...clusters.items.filter((c) => c.ClusterIdentifier).map((c) => cluster(ctx, c)), ...groups];
    ctx.found(out.length);
    return out.sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId));
  },
};
