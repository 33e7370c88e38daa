import {
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  type DBCluster,
  type DBInstance,
  type Parameter,
} from '@aws-sdk/client-rds';
import type { Resource } from '../inventory/resource.js';
import { assign, forEach, listAll, recordOn, tagMap, type Collector, type CollectorContext } from './context.js';

/** The parameters that govern encryption in transit, across the RDS engines (PostgreSQL, MySQL/MariaDB, SQL Server). */
export const TLS_PARAMETERS = ['rds.force_ssl', 'require_secure_transport', 'ssl_min_protocol_version', 'tls_version'] as const;

const MAX_RECORDS = 100;
const marker = (m: string | undefined) => (m ? { Marker: m } : {});

/** Each tracked parameter with its value, null when the group leaves it unset or the engine has no such parameter. */
export function trackedParameters(parameters: readonly Parameter[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of TLS_PARAMETERS) out[name] = null;
  for (const p of parameters) {
    if (p.ParameterName && (TLS_PARAMETERS as readonly string[]).includes(p.ParameterName)) out[p.ParameterName] = p.ParameterValue ?? null;
  }
  return out;
}

function instance(ctx: CollectorContext, d: DBInstance): Resource {
  const id = d.DBInstanceIdentifier!;
  return {
    resourceType: 'AWS::RDS::DBInstance',
    // AWS Config names DB instances by their resource id (db-…); the identifier is the name.
    resourceId: d.DbiResourceId ?? id,
    arn: d.DBInstanceArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:db:${id}`,
    accountId: ctx.accountId,
    region: ctx.region,
    name: id,
    tags: tagMap(d.TagList),
    properties: {
      dbInstanceIdentifier: id,
      engine: d.Engine ?? 'unknown',
      engineVersion: d.EngineVersion ?? null,
      dbInstanceClass: d.DBInstanceClass ?? null,
      dbClusterIdentifier: d.DBClusterIdentifier ?? null,
      storageEncrypted: d.StorageEncrypted ?? false,
      kmsKeyId: d.KmsKeyId ?? null,
      iamDatabaseAuthenticationEnabled: d.IAMDatabaseAuthenticationEnabled ?? false,
      publiclyAccessible: d.PubliclyAccessible ?? false,
      deletionProtection: d.DeletionProtection ?? false,
      dbParameterGroups: (d.DBParameterGroups ?? [])
        .filter((g) => g.DBParameterGroupName)
        .map((g) => ({ name: g.DBParameterGroupName!, applyStatus: g.ParameterApplyStatus ?? 'unknown' })),
      caCertificateIdentifier: d.CACertificateIdentifier ?? null,
    },
  };
}

function cluster(ctx: CollectorContext, c: DBCluster): Resource {
  const id = c.DBClusterIdentifier!;
  return {
    resourceType: 'AWS::RDS::DBCluster',
    resourceId: c.DbClusterResourceId ?? id,
    arn: c.DBClusterArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:cluster:${id}`,
    accountId: ctx.accountId,
    region: ctx.region,
    name: id,
    tags: tagMap(c.TagList),
    properties: {
      dbClusterIdentifier: id,
      engine: c.Engine ?? 'unknown',
      engineVersion: c.EngineVersion ?? null,
      engineMode: c.EngineMode ?? null,
      storageEncrypted: c.StorageEncrypted ?? false,
      kmsKeyId: c.KmsKeyId ?? null,
      iamDatabaseAuthenticationEnabled: c.IAMDatabaseAuthenticationEnabled ?? false,
      deletionProtection: c.DeletionProtection ?? false,
      dbClusterParameterGroup: c.DBClusterParameterGroup ?? null,
      members: (c.DBClusterMembers ?? [])
        .filter((m) => m.DBInstanceIdentifier)
        .map((m) => ({
          dbInstanceIdentifier: m.DBInstanceIdentifier!,
          isClusterWriter: m.IsClusterWriter ?? false,
          parameterGroupStatus: m.DBClusterParameterGroupStatus ?? null,
        })),
    },
  };
}

/** Reads every page of a group's parameters into `group.properties.parameters`, or records why it could not. */
async function readParameters(ctx: CollectorContext, group: Resource, operation: string, page: (m: string | undefined) => Promise<{ Parameters?: Parameter[]; Marker?: string }>): Promise<void> {
  const parameters: Parameter[] = [];
  let m: string | undefined;
  do {
    const o = await ctx.call(operation, () => page(m));
    if (!o.ok) {
      recordOn(group, { ...o.error, property: 'parameters' });
      return;
    }
    parameters.push(...(o.value.Parameters ?? []));
    m = o.value.Marker;
  } while (m);
  group.properties.parameters = trackedParameters(parameters);
}

async function parameterGroups(ctx: CollectorContext): Promise<Resource[]> {
  const rds = ctx.client('rds');
  const [db, clusterGroups] = await Promise.all([
    listAll(ctx, 'rds:DescribeDBParameterGroups', (m) => rds.send(new DescribeDBParameterGroupsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBParameterGroups, (o) => o.Marker),
    listAll(ctx, 'rds:DescribeDBClusterParameterGroups', (m) => rds.send(new DescribeDBClusterParameterGroupsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBClusterParameterGroups, (o) => o.Marker),
  ]);
  const out: Resource[] = [];
  const base = (type: string, name: string, arn: string | undefined, kind: string, family?: string, description?: string): Resource => ({
    resourceType: type,
    resourceId: name,
    arn: arn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:${kind}:${name}`,
    accountId: ctx.accountId,
    region: ctx.region,
    name,
    tags: {},
    properties: { name, family: family ?? null, description: description ?? null },
  });
  await Promise.all([
    forEach(db.items.filter((g) => g.DBParameterGroupName), async (g) => {
      const r = base('AWS::RDS::DBParameterGroup', g.DBParameterGroupName!, g.DBParameterGroupArn, 'pg', g.DBParameterGroupFamily, g.Description);
      await readParameters(ctx, r, 'rds:DescribeDBParameters', (m) =>
        rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: r.resourceId, MaxRecords: MAX_RECORDS, ...marker(m) })),
      );
      out.push(r);
    }),
    forEach(clusterGroups.items.filter((g) => g.DBClusterParameterGroupName), async (g) => {
      const r = base('AWS::RDS::DBClusterParameterGroup', g.DBClusterParameterGroupName!, g.DBClusterParameterGroupArn, 'cluster-pg', g.DBParameterGroupFamily, g.Description);
      await readParameters(ctx, r, 'rds:DescribeDBClusterParameters', (m) =>
        rds.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: r.resourceId, MaxRecords: MAX_RECORDS, ...marker(m) })),
      );
      out.push(r);
    }),
  ]);
  return out;
}

function restoreValues(attributes: readonly { AttributeName?: string; AttributeValues?: string[] }[] | undefined): string[] {
  return attributes?.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [];
}

async function snapshots(ctx: CollectorContext): Promise<Resource[]> {
  const rds = ctx.client('rds');
  const [db, clusterSnaps] = await Promise.all([
    listAll(ctx, 'rds:DescribeDBSnapshots', (m) => rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBSnapshots, (o) => o.Marker),
    listAll(ctx, 'rds:DescribeDBClusterSnapshots', (m) => rds.send(new DescribeDBClusterSnapshotsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBClusterSnapshots, (o) => o.Marker),
  ]);
  const out: Resource[] = [];
  await Promise.all([
    forEach(db.items.filter((s) => s.DBSnapshotIdentifier), async (s) => {
      const id = s.DBSnapshotIdentifier!;
      const r: Resource = {
        resourceType: 'AWS::RDS::DBSnapshot',
        resourceId: id,
        arn: s.DBSnapshotArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:snapshot:${id}`,
        accountId: ctx.accountId,
        region: ctx.region,
        name: id,
        tags: tagMap(s.TagList),
        properties: {
          snapshotIdentifier: id,
          sourceIdentifier: s.DBInstanceIdentifier ?? null,
          engine: s.Engine ?? null,
          snapshotType: s.SnapshotType ?? null,
          encrypted: s.Encrypted ?? false,
          kmsKeyId: s.KmsKeyId ?? null,
        },
      };
      // Only manual snapshots can be shared; automated ones have no restore attribute to read.
      if (s.SnapshotType === 'manual') {
        const o = await ctx.call('rds:DescribeDBSnapshotAttributes', () => rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id })));
        assign(r, 'restoreAttributeValues', o, (v) => restoreValues(v.DBSnapshotAttributesResult?.DBSnapshotAttributes));
      } else r.properties.restoreAttributeValues = [];
      out.push(r);
    }),
    forEach(clusterSnaps.items.filter((s) => s.DBClusterSnapshotIdentifier), async (s) => {
      const id = s.DBClusterSnapshotIdentifier!;
      const r: Resource = {
        resourceType: 'AWS::RDS::DBClusterSnapshot',
        resourceId: id,
        arn: s.DBClusterSnapshotArn ?? `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:cluster-snapshot:${id}`,
        accountId: ctx.accountId,
        region: ctx.region,
        name: id,
        tags: tagMap(s.TagList),
        properties: {
          snapshotIdentifier: id,
          sourceIdentifier: s.DBClusterIdentifier ?? null,
          engine: s.Engine ?? null,
          snapshotType: s.SnapshotType ?? null,
          encrypted: s.StorageEncrypted ?? false,
          kmsKeyId: s.KmsKeyId ?? null,
        },
      };
      if (s.SnapshotType === 'manual') {
        const o = await ctx.call('rds:DescribeDBClusterSnapshotAttributes', () =>
          rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id })),
        );
        assign(r, 'restoreAttributeValues', o, (v) => restoreValues(v.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes));
      } else r.properties.restoreAttributeValues = [];
      out.push(r);
    }),
  ]);
  return out;
}

/** RDS (and Aurora) instances, clusters, parameter groups with their TLS parameters, and snapshots with who may restore them. */
export const rdsCollector: Collector = {
  service: 'rds',
  scope: 'region',
  async collect(ctx) {
    const rds = ctx.client('rds');
    const [instances, clusters, groups, snaps] = await Promise.all([
      listAll(ctx, 'rds:DescribeDBInstances', (m) => rds.send(new DescribeDBInstancesCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBInstances, (o) => o.Marker),
      listAll(ctx, 'rds:DescribeDBClusters', (m) => rds.send(new DescribeDBClustersCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBClusters, (o) => o.Marker),
      parameterGroups(ctx),
      snapshots(ctx),
    ]);
    const resources = [
      ...instances.items.filter((d) => d.DBInstanceIdentifier).map((d) => instance(ctx, d)),
      ...clusters.items.filter((c) => c.DBClusterIdentifier).map((c) => cluster(ctx, c)),
      ...groups,
      ...snaps,
    ].sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId));
    ctx.found(resources.length);
    return resources;
  },
};
