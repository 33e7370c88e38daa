import {
  DescribeClusterParameterGroupsCommand,
  DescribeClusterParametersCommand,
  DescribeClustersCommand,
  DescribeDefaultClusterParametersCommand,
  type Cluster,
  type ClusterParameterGroupStatus,
  type Parameter,
} from '@aws-sdk/client-redshift';
import type { Resource } from '../inventory/resource.js';
import { allPages, assign, forEach, listAll, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';
import { carrying, requireFields } from './always-present.js';

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

/** Default parameter groups are named `default.<family>` and cannot be modified: their values are the family's defaults. */
const DEFAULT_GROUP = /^default\.(.+)$/;

/**
 * The apply status of require_ssl on the cluster: its own entry in
 * ClusterParameterStatusList decides, whatever the group's overall status
 * (another parameter may be the one pending a reboot). A list that does not
 * name the parameter leaves the group's status as the only one there is.
 */
function requireSslApplyStatus(g: ClusterParameterGroupStatus): string {
  const own = g.ClusterParameterStatusList?.find((p) => p.ParameterName === 'require_ssl')?.ParameterApplyStatus;
  return own ?? g.ParameterApplyStatus ?? 'unknown';
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
      .map((g) => ({ name: g.ParameterGroupName!, applyStatus: g.ParameterApplyStatus ?? 'unknown', requireSslApplyStatus: requireSslApplyStatus(g) })),
  };
  const r = regionalResource(ctx, 'AWS::Redshift::Cluster', id, regionalArn(ctx, 'redshift', `cluster:${id}`), properties, { tags: tagMap(c.Tags) });
  // The Cluster reference gives these for every cluster; KmsKeyId and HsmStatus are omitted when unset.
  requireFields(r, 'redshift:DescribeClusters', { encrypted: c.Encrypted, publiclyAccessible: c.PubliclyAccessible, clusterParameterGroups: c.ClusterParameterGroups });
  return r;
}

/**
 * Parameter groups, each with its TLS parameters. A default group's values are
 * read once per family with DescribeDefaultClusterParameters: a default group
 * cannot be modified, so they are its values, and they differ between families
 * (AWS documents require_ssl true in redshift-2.0; no family is assumed).
 */
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
    const family = DEFAULT_GROUP.exec(name)?.[1];
    const parameters =
      family !== undefined && family === g.ParameterGroupFamily
        ? await allPages(
            ctx,
            'redshift:DescribeDefaultClusterParameters',
            (m) =>
              redshift
                .send(new DescribeDefaultClusterParametersCommand({ ParameterGroupFamily: family, MaxRecords: 100, ...marker(m) }))
                .then(carrying('redshift:DescribeDefaultClusterParameters', 'DefaultClusterParameters')),
            (o) => o.DefaultClusterParameters?.Parameters,
            (o) => o.DefaultClusterParameters?.Marker,
          )
        : await allPages(
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
