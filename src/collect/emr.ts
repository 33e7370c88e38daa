import {
  DescribeClusterCommand,
  DescribeSecurityConfigurationCommand,
  GetBlockPublicAccessConfigurationCommand,
  ListClustersCommand,
  ListInstancesCommand,
  ListSecurityConfigurationsCommand,
  type Cluster,
  type ClusterState,
  type Instance,
  type InstanceState,
} from '@aws-sdk/client-emr';
import type { Resource } from '../inventory/resource.js';
import { carrying, complete, identified, lacking, required, unknownIfAbsent } from './always-present.js';
import { allPages, assign, forEach, listAll, recordOn, tagMap, type Collector, type CollectorContext } from './context.js';
import type { Outcome } from './errors.js';
import { regionalArn, regionalResource } from './resource.js';

const PROPERTIES = ['atRestEncryptionEnabled', 'inTransitEncryptionEnabled', 's3EncryptionMode', 's3KmsKey', 'localDiskEncryption'];

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Fields of a security configuration's EncryptionConfiguration that the EMR
 * Management Guide gives in every encryption configuration: missing, their
 * properties are unknown rather than "off". A document without
 * EncryptionConfiguration (authentication only) encrypts nothing.
 */
const ENABLE_FLAGS = { atRestEncryptionEnabled: 'EnableAtRestEncryption', inTransitEncryptionEnabled: 'EnableInTransitEncryption' } as const;

/**
 * The encryption facts of a security configuration document. Only flags, modes and
 * key references are read: the rest of the document (Kerberos, certificates) stays out of the model.
 */
export function securityConfigurationProperties(document: unknown): Record<string, unknown> {
  const enc = obj(obj(document).EncryptionConfiguration);
  const atRest = obj(enc.AtRestEncryptionConfiguration);
  const s3 = obj(atRest.S3EncryptionConfiguration);
  const disk = atRest.LocalDiskEncryptionConfiguration === undefined ? null : obj(atRest.LocalDiskEncryptionConfiguration);
  return {
    atRestEncryptionEnabled: enc.EnableAtRestEncryption === true,
    inTransitEncryptionEnabled: enc.EnableInTransitEncryption === true,
    s3EncryptionMode: str(s3.EncryptionMode),
    s3KmsKey: str(s3.AwsKmsKey),
    localDiskEncryption: disk
      ? { keyProviderType: str(disk.EncryptionKeyProviderType), kmsKey: str(disk.AwsKmsKey), ebsEncryption: disk.EnableEbsEncryption === true }
      : null,
  };
}

/** Clusters in these states run, or are about to: terminated ones hold no data to protect. */
const ACTIVE_STATES: ClusterState[] = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'];
const CLUSTER_DESCRIBED = ['state', 'releaseLabel', 'securityConfiguration', 'kerberosEnabled'];

/** A described cluster in the model's terms. Of the Kerberos attributes only their presence is read, never the passwords in them. */
export function clusterProperties(c: Cluster): Record<string, unknown> {
  return {
    state: c.Status?.State ?? null,
    releaseLabel: c.ReleaseLabel || null,
    securityConfiguration: c.SecurityConfiguration || null,
    kerberosEnabled: c.KerberosAttributes !== undefined && c.KerberosAttributes !== null,
  };
}

/** Instances that exist or are being provisioned: a terminated primary node (one replaced) has no address any more. */
const LIVE_INSTANCES: InstanceState[] = ['AWAITING_FULFILLMENT', 'PROVISIONING', 'BOOTSTRAPPING', 'RUNNING'];

/** Cluster states in which a cluster always has a primary node, so an empty list of them is an odd answer. */
const WITH_PRIMARY_NODE = new Set(['RUNNING', 'WAITING']);

/**
 * A primary node as evidence for "no public IP": its EC2 instance id (null while
 * EMR still waits for the instance) and whether it has a public IPv4 address.
 * The address itself is not kept.
 */
export function primaryNodeOf(i: Instance): { ec2InstanceId: string | null; publicIp: boolean } {
  return { ec2InstanceId: i.Ec2InstanceId || null, publicIp: typeof i.PublicIpAddress === 'string' && i.PublicIpAddress.trim() !== '' };
}

/**
 * The cluster's primary (master) nodes. An instance-group cluster names them by
 * group type, an instance-fleet cluster by fleet type, so the cluster's
 * collection type chooses the filter; without it which one applies is unknown.
 */
async function primaryNodes(ctx: CollectorContext, id: string, cluster: Cluster): Promise<Outcome<{ ec2InstanceId: string | null; publicIp: boolean }[]>> {
  const op = 'emr:ListInstances';
  const kind = cluster.InstanceCollectionType;
  if (kind !== 'INSTANCE_GROUP' && kind !== 'INSTANCE_FLEET') {
    return { ok: false, error: { operation: 'emr:DescribeCluster', code: 'NotReported', message: 'the cluster description does not give InstanceCollectionType, so whether its primary node is an instance group or fleet is unknown' } };
  }
  const emr = ctx.client('emr');
  const filter = kind === 'INSTANCE_FLEET' ? { InstanceFleetType: 'MASTER' as const } : { InstanceGroupTypes: ['MASTER' as const] };
  const got = await allPages(
    ctx,
    op,
    (m) => emr.send(new ListInstancesCommand({ ClusterId: id, ...filter, InstanceStates: LIVE_INSTANCES, ...(m ? { Marker: m } : {}) })).then(carrying(op, 'Instances')),
    (o) => o.Instances,
    (o) => o.Marker,
  );
  if (!got.ok) return got;
  // A running or waiting cluster has a primary node: a list without one cannot be read as "no public IP".
  if (got.value.length === 0 && WITH_PRIMARY_NODE.has(cluster.Status?.State ?? '')) return { ok: false, error: { ...lacking(op, 'a primary node'), message: 'the answer lists no primary node for a running or waiting cluster' } };
  return { ok: true, value: got.value.map(primaryNodeOf) };
}

async function clusters(ctx: CollectorContext): Promise<Resource[]> {
  const emr = ctx.client('emr');
  const list = await listAll(ctx, 'emr:ListClusters', (m) => emr.send(new ListClustersCommand({ ClusterStates: ACTIVE_STATES, ...(m ? { Marker: m } : {}) })), (o) => o.Clusters, (o) => o.Marker);
  const out: Resource[] = [];
  await forEach(identified(ctx, list.items, 'Id', (c) => c.Id, 'emr:ListClusters'), async (c) => {
    const id = c.Id!;
    const arn = c.ClusterArn ?? regionalArn(ctx, 'elasticmapreduce', `cluster/${id}`);
    const cluster = regionalResource(ctx, 'AWS::EMR::Cluster', id, arn, { clusterId: id, name: c.Name ?? null }, { name: c.Name ?? null });
    // An unknown cluster is an InvalidRequestException: a successful answer describes it.
    const got = required(await ctx.call('emr:DescribeCluster', () => emr.send(new DescribeClusterCommand({ ClusterId: id }))), 'Cluster', 'emr:DescribeCluster');
    if (got.ok) {
      Object.assign(cluster.properties, clusterProperties(got.value));
      cluster.tags = tagMap(got.value.Tags);
      assign(cluster, 'primaryNodes', await primaryNodes(ctx, id, got.value), (nodes) => nodes);
    } else for (const property of [...CLUSTER_DESCRIBED, 'primaryNodes', 'tags']) recordOn(cluster, { ...got.error, property });
    out.push(cluster);
  });
  return out.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}

/**
 * The region's EMR block public access configuration, modelled as
 * `AWS::EMR::BlockPublicAccessConfiguration` (resourceId = region): whether EMR
 * refuses clusters whose security groups are open to the internet, and the ports
 * it still lets through.
 */
async function blockPublicAccess(ctx: CollectorContext): Promise<Resource> {
  const emr = ctx.client('emr');
  const arn = regionalArn(ctx, 'elasticmapreduce', 'block-public-access-configuration');
  const r = regionalResource(ctx, 'AWS::EMR::BlockPublicAccessConfiguration', ctx.region, arn, {}, { name: null });
  // The reference marks BlockPublicSecurityGroupRules as always returned: without it the setting is unknown, not off.
  const got = required(await ctx.call('emr:GetBlockPublicAccessConfiguration', () => emr.send(new GetBlockPublicAccessConfigurationCommand({}))), 'BlockPublicAccessConfiguration', 'emr:GetBlockPublicAccessConfiguration');
  const whole = complete(got, ['BlockPublicSecurityGroupRules'], 'emr:GetBlockPublicAccessConfiguration');
  assign(r, 'blockPublicSecurityGroupRules', whole, (c) => c.BlockPublicSecurityGroupRules);
  assign(r, 'permittedPublicSecurityGroupRuleRanges', whole, (c) => (c.PermittedPublicSecurityGroupRuleRanges ?? []).map((p) => ({ minRange: p.MinRange ?? null, maxRange: p.MaxRange ?? null })));
  return r;
}

/** EMR security configurations with their encryption settings, the active clusters with the configuration each uses and whether their primary nodes have public IP addresses, and the region's block public access configuration. */
export const emrCollector: Collector = {
  service: 'emr',
  scope: 'region',
  async collect(ctx) {
    const running = clusters(ctx);
    const setting = blockPublicAccess(ctx);
    const emr = ctx.client('emr');
    const list = await listAll(ctx, 'emr:ListSecurityConfigurations', (m) => emr.send(new ListSecurityConfigurationsCommand(m ? { Marker: m } : {})), (o) => o.SecurityConfigurations, (o) => o.Marker);
    const out: Resource[] = [];
    await forEach(identified(ctx, list.items, 'Name', (s) => s.Name, 'emr:ListSecurityConfigurations'), async (s) => {
      const name = s.Name!;
      const config = regionalResource(ctx, 'AWS::EMR::SecurityConfiguration', name, regionalArn(ctx, 'elasticmapreduce', `security-configuration/${name}`), { name });
      // The configuration's JSON is the answer's content: without it there is nothing to read.
      const got = required(await ctx.call('emr:DescribeSecurityConfiguration', () => emr.send(new DescribeSecurityConfigurationCommand({ Name: name }))), 'SecurityConfiguration', 'emr:DescribeSecurityConfiguration');
      let document: unknown;
      let problem = got.ok ? undefined : got.error;
      if (got.ok) {
        try {
          document = JSON.parse(got.value);
        } catch {
          problem = { operation: 'emr:DescribeSecurityConfiguration', code: 'InvalidDocument', message: 'the security configuration is not JSON' };
        }
      }
      if (problem) for (const property of PROPERTIES) recordOn(config, { ...problem, property });
      else {
        Object.assign(config.properties, securityConfigurationProperties(document));
        const enc = obj(document).EncryptionConfiguration;
        if (enc !== undefined) {
          const flag = (name: string) => (typeof obj(enc)[name] === 'boolean' ? obj(enc)[name] : undefined);
          unknownIfAbsent(config, 'emr:DescribeSecurityConfiguration', Object.fromEntries(Object.entries(ENABLE_FLAGS).map(([property, name]) => [property, flag(name)])));
        }
      }
      out.push(config);
      ctx.found(1);
    });
    const [active, guard] = await Promise.all([running, setting]);
    ctx.found(active.length + 1);
    return [...out.sort((a, b) => a.resourceId.localeCompare(b.resourceId)), ...active, guard];
  },
};
