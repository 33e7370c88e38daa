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
  DescribeOptionGroupsCommand,
  type DBCluster,
  type DBInstance,
  type OptionGroup,
  type Parameter,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { Resource } from '../inventory/resource.js';
import { allPages, assign, forEach, listAll, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';
import { requireFields } from './always-present.js';
import { rdsProxyCollector } from './rds-proxies.js';

/**
 * The parameters that govern encryption in transit, across the engines the RDS API serves (PostgreSQL, MySQL/MariaDB,
 * SQL Server, Db2, and DocumentDB, whose clusters, cluster parameter groups and snapshots the same calls return).
 */
export const TLS_PARAMETERS = ['rds.force_ssl', 'require_secure_transport', 'ssl_min_protocol_version', 'tls_version', 'DB2COMM', 'tls'] as const;

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
  const arn = d.DBInstanceArn ?? regionalArn(ctx, 'rds', `db:${id}`);
  // AWS Config names DB instances by their resource id (db-…); the identifier is the name.
  const r = regionalResource(
    ctx,
    'AWS::RDS::DBInstance',
    d.DbiResourceId ?? id,
    arn,
    {
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
      optionGroupNames: (d.OptionGroupMemberships ?? []).flatMap((m) => (m.OptionGroupName ? [m.OptionGroupName] : [])),
    },
    { name: id, tags: tagMap(d.TagList) },
  );
  // Left out when AWS gives no server certificate details: its expiry is then unknown, not "never".
  const validTill = d.CertificateDetails?.ValidTill;
  if (validTill instanceof Date && Number.isFinite(validTill.getTime())) r.properties.certificateValidTill = validTill.toISOString();
  // DescribeDBInstances gives these for every instance: missing, they are unknown, not "off".
  requireFields(r, 'rds:DescribeDBInstances', {
    engine: d.Engine,
    storageEncrypted: d.StorageEncrypted,
    iamDatabaseAuthenticationEnabled: d.IAMDatabaseAuthenticationEnabled,
    publiclyAccessible: d.PubliclyAccessible,
    // Every instance belongs to an option group (a default one at least).
    optionGroupNames: d.OptionGroupMemberships,
  });
  return r;
}

function cluster(ctx: CollectorContext, c: DBCluster): Resource {
  const id = c.DBClusterIdentifier!;
  const arn = c.DBClusterArn ?? regionalArn(ctx, 'rds', `cluster:${id}`);
  const r = regionalResource(
    ctx,
    'AWS::RDS::DBCluster',
    c.DbClusterResourceId ?? id,
    arn,
    {
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
    { name: id, tags: tagMap(c.TagList) },
  );
  requireFields(r, 'rds:DescribeDBClusters', { engine: c.Engine, storageEncrypted: c.StorageEncrypted });
  return r;
}

/** What sets DB parameter groups apart from cluster parameter groups: the rest is read the same way. */
interface ParameterGroupKind {
  resourceType: string;
  /** The ARN resource type, for a group listed without its ARN. */
  arnKind: string;
  operation: string;
  parameters(rds: RDSClient, group: string, marker: string | undefined): Promise<{ Parameters?: Parameter[]; Marker?: string }>;
}

const DB_PARAMETER_GROUP: ParameterGroupKind = {
  resourceType: 'AWS::RDS::DBParameterGroup',
  arnKind: 'pg',
  operation: 'rds:DescribeDBParameters',
  parameters: (rds, group, m) => rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: group, MaxRecords: MAX_RECORDS, ...marker(m) })),
};

const CLUSTER_PARAMETER_GROUP: ParameterGroupKind = {
  resourceType: 'AWS::RDS::DBClusterParameterGroup',
  arnKind: 'cluster-pg',
  operation: 'rds:DescribeDBClusterParameters',
  parameters: (rds, group, m) => rds.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: group, MaxRecords: MAX_RECORDS, ...marker(m) })),
};

interface ListedGroup {
  kind: ParameterGroupKind;
  name: string | undefined;
  arn: string | undefined;
  family: string | undefined;
  description: string | undefined;
}

async function parameterGroups(ctx: CollectorContext): Promise<Resource[]> {
  const rds = ctx.client('rds');
  const [db, clusterGroups] = await Promise.all([
    listAll(ctx, 'rds:DescribeDBParameterGroups', (m) => rds.send(new DescribeDBParameterGroupsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBParameterGroups, (o) => o.Marker),
    listAll(ctx, 'rds:DescribeDBClusterParameterGroups', (m) => rds.send(new DescribeDBClusterParameterGroupsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBClusterParameterGroups, (o) => o.Marker),
  ]);
  const listed: ListedGroup[] = [
    ...db.items.map((g) => ({ kind: DB_PARAMETER_GROUP, name: g.DBParameterGroupName, arn: g.DBParameterGroupArn, family: g.DBParameterGroupFamily, description: g.Description })),
    ...clusterGroups.items.map((g) => ({ kind: CLUSTER_PARAMETER_GROUP, name: g.DBClusterParameterGroupName, arn: g.DBClusterParameterGroupArn, family: g.DBParameterGroupFamily, description: g.Description })),
  ];
  const out: Resource[] = [];
  await forEach(listed.filter((g) => g.name), async ({ kind, name, arn, family, description }) => {
    const r = regionalResource(ctx, kind.resourceType, name!, arn ?? regionalArn(ctx, 'rds', `${kind.arnKind}:${name!}`), { name: name!, family: family ?? null, description: description ?? null });
    const parameters = await allPages(ctx, kind.operation, (m) => kind.parameters(rds, name!, m), (o) => o.Parameters, (o) => o.Marker);
    assign(r, 'parameters', parameters, trackedParameters);
    out.push(r);
  });
  return out;
}

/** An option group with the Oracle options that decide encryption in transit. */
function optionGroup(ctx: CollectorContext, g: OptionGroup): Resource {
  const name = g.OptionGroupName!;
  const nne = g.Options?.find((o) => o.OptionName === 'NATIVE_NETWORK_ENCRYPTION');
  const properties = {
    name,
    engineName: g.EngineName ?? null,
    majorEngineVersion: g.MajorEngineVersion ?? null,
    sslOption: (g.Options ?? []).some((o) => o.OptionName === 'SSL'),
    // Without the setting Oracle's default (REQUESTED) applies, which does not refuse clear text.
    nativeNetworkEncryptionServer: nne ? (nne.OptionSettings?.find((s) => s.Name === 'SQLNET.ENCRYPTION_SERVER')?.Value ?? 'REQUESTED') : null,
  };
  const r = regionalResource(ctx, 'AWS::RDS::OptionGroup', name, g.OptionGroupArn ?? regionalArn(ctx, 'rds', `og:${name}`), properties);
  // Options is in every OptionGroup answer (empty for a group without options): missing, what the group sets is unknown.
  if (g.Options === undefined) requireFields(r, 'rds:DescribeOptionGroups', { sslOption: undefined, nativeNetworkEncryptionServer: undefined });
  return r;
}

type SnapshotAttributes = readonly { AttributeName?: string; AttributeValues?: string[] }[] | undefined;

function restoreValues(attributes: SnapshotAttributes): string[] {
  return attributes?.find((a) => a.AttributeName === 'restore')?.AttributeValues ?? [];
}

/** What sets DB snapshots apart from cluster snapshots: the rest is read the same way. */
interface SnapshotKind {
  resourceType: string;
  arnKind: string;
  operation: string;
  attributes(rds: RDSClient, id: string): Promise<SnapshotAttributes>;
}

const DB_SNAPSHOT: SnapshotKind = {
  resourceType: 'AWS::RDS::DBSnapshot',
  arnKind: 'snapshot',
  operation: 'rds:DescribeDBSnapshotAttributes',
  attributes: (rds, id) => rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: id })).then((o) => o.DBSnapshotAttributesResult?.DBSnapshotAttributes),
};

const CLUSTER_SNAPSHOT: SnapshotKind = {
  resourceType: 'AWS::RDS::DBClusterSnapshot',
  arnKind: 'cluster-snapshot',
  operation: 'rds:DescribeDBClusterSnapshotAttributes',
  attributes: (rds, id) =>
    rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: id })).then((o) => o.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes),
};

interface ListedSnapshot {
  kind: SnapshotKind;
  id: string | undefined;
  arn: string | undefined;
  sourceIdentifier: string | undefined;
  engine: string | undefined;
  snapshotType: string | undefined;
  encrypted: boolean | undefined;
  kmsKeyId: string | undefined;
  tags: Record<string, string>;
}

async function snapshots(ctx: CollectorContext): Promise<Resource[]> {
  const rds = ctx.client('rds');
  const [db, clusterSnaps] = await Promise.all([
    listAll(ctx, 'rds:DescribeDBSnapshots', (m) => rds.send(new DescribeDBSnapshotsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBSnapshots, (o) => o.Marker),
    listAll(ctx, 'rds:DescribeDBClusterSnapshots', (m) => rds.send(new DescribeDBClusterSnapshotsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBClusterSnapshots, (o) => o.Marker),
  ]);
  const listed: ListedSnapshot[] = [
    ...db.items.map((s) => ({
      kind: DB_SNAPSHOT,
      id: s.DBSnapshotIdentifier,
      arn: s.DBSnapshotArn,
      sourceIdentifier: s.DBInstanceIdentifier,
      engine: s.Engine,
      snapshotType: s.SnapshotType,
      encrypted: s.Encrypted,
      kmsKeyId: s.KmsKeyId,
      tags: tagMap(s.TagList),
    })),
    ...clusterSnaps.items.map((s) => ({
      kind: CLUSTER_SNAPSHOT,
      id: s.DBClusterSnapshotIdentifier,
      arn: s.DBClusterSnapshotArn,
      sourceIdentifier: s.DBClusterIdentifier,
      engine: s.Engine,
      snapshotType: s.SnapshotType,
      encrypted: s.StorageEncrypted,
      kmsKeyId: s.KmsKeyId,
      tags: tagMap(s.TagList),
    })),
  ];
  const out: Resource[] = [];
  await forEach(listed.filter((s) => s.id), async (s) => {
    const id = s.id!;
    const properties = {
      snapshotIdentifier: id,
      sourceIdentifier: s.sourceIdentifier ?? null,
      engine: s.engine ?? null,
      snapshotType: s.snapshotType ?? null,
      encrypted: s.encrypted ?? false,
      kmsKeyId: s.kmsKeyId ?? null,
    };
    const r = regionalResource(ctx, s.kind.resourceType, id, s.arn ?? regionalArn(ctx, 'rds', `${s.kind.arnKind}:${id}`), properties, { tags: s.tags });
    // Only manual snapshots can be shared; automated ones have no restore attribute to read.
    if (s.snapshotType === 'manual') {
      const o = await ctx.call(s.kind.operation, () => s.kind.attributes(rds, id));
      assign(r, 'restoreAttributeValues', o, restoreValues);
    } else r.properties.restoreAttributeValues = [];
    out.push(r);
  });
  return out;
}

/** RDS (and Aurora) instances, clusters, parameter groups with their TLS parameters, option groups with Oracle's, and snapshots with who may restore them. */
export const rdsCollector: Collector = {
  service: 'rds',
  scope: 'region',
  async collect(ctx) {
    const rds = ctx.client('rds');
    const [instances, clusters, groups, snaps, options, proxies] = await Promise.all([
      listAll(ctx, 'rds:DescribeDBInstances', (m) => rds.send(new DescribeDBInstancesCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBInstances, (o) => o.Marker),
      listAll(ctx, 'rds:DescribeDBClusters', (m) => rds.send(new DescribeDBClustersCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.DBClusters, (o) => o.Marker),
      parameterGroups(ctx),
      snapshots(ctx),
      listAll(ctx, 'rds:DescribeOptionGroups', (m) => rds.send(new DescribeOptionGroupsCommand({ MaxRecords: MAX_RECORDS, ...marker(m) })), (o) => o.OptionGroupsList, (o) => o.Marker),
      rdsProxyCollector.collect(ctx),
    ]);
    const resources = [
      ...instances.items.filter((d) => d.DBInstanceIdentifier).map((d) => instance(ctx, d)),
      ...clusters.items.filter((c) => c.DBClusterIdentifier).map((c) => cluster(ctx, c)),
      ...groups,
      ...snaps,
      ...options.items.filter((g) => g.OptionGroupName).map((g) => optionGroup(ctx, g)),
      ...proxies,
    ].sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId));
    // The proxies' collector has counted them.
    ctx.found(resources.length - proxies.length);
    return resources;
  },
};
