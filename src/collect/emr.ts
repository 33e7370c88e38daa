import {
  DescribeClusterCommand,
  DescribeSecurityConfigurationCommand,
  ListClustersCommand,
  ListSecurityConfigurationsCommand,
  type Cluster,
  type ClusterState,
} from '@aws-sdk/client-emr';
import type { Resource } from '../inventory/resource.js';
import { forEach, listAll, recordOn, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';

const PROPERTIES = ['atRestEncryptionEnabled', 'inTransitEncryptionEnabled', 's3EncryptionMode', 's3KmsKey', 'localDiskEncryption'];

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

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

async function clusters(ctx: CollectorContext): Promise<Resource[]> {
  const emr = ctx.client('emr');
  const list = await listAll(ctx, 'emr:ListClusters', (m) => emr.send(new ListClustersCommand({ ClusterStates: ACTIVE_STATES, ...(m ? { Marker: m } : {}) })), (o) => o.Clusters, (o) => o.Marker);
  const out: Resource[] = [];
  await forEach(list.items.filter((c) => c.Id), async (c) => {
    const id = c.Id!;
    const arn = c.ClusterArn ?? regionalArn(ctx, 'elasticmapreduce', `cluster/${id}`);
    const cluster = regionalResource(ctx, 'AWS::EMR::Cluster', id, arn, { clusterId: id, name: c.Name ?? null }, { name: c.Name ?? null });
    const got = await ctx.call('emr:DescribeCluster', () => emr.send(new DescribeClusterCommand({ ClusterId: id })));
    const described = got.ok ? got.value.Cluster : undefined;
    if (described) {
      Object.assign(cluster.properties, clusterProperties(described));
      cluster.tags = tagMap(described.Tags);
    } else {
      const error = got.ok ? { operation: 'emr:DescribeCluster', code: 'EmptyResponse', message: 'the response had no cluster' } : got.error;
      for (const property of [...CLUSTER_DESCRIBED, 'tags']) recordOn(cluster, { ...error, property });
    }
    out.push(cluster);
  });
  return out.sort((a, b) => a.resourceId.localeCompare(b.resourceId));
}

/** EMR security configurations with their encryption settings, and the active clusters with the configuration each uses. */
export const emrCollector: Collector = {
  service: 'emr',
  scope: 'region',
  async collect(ctx) {
    const running = clusters(ctx);
    const emr = ctx.client('emr');
    const list = await listAll(ctx, 'emr:ListSecurityConfigurations', (m) => emr.send(new ListSecurityConfigurationsCommand(m ? { Marker: m } : {})), (o) => o.SecurityConfigurations, (o) => o.Marker);
    const out: Resource[] = [];
    await forEach(list.items.filter((s) => s.Name), async (s) => {
      const name = s.Name!;
      const config = regionalResource(ctx, 'AWS::EMR::SecurityConfiguration', name, regionalArn(ctx, 'elasticmapreduce', `security-configuration/${name}`), { name });
      const got = await ctx.call('emr:DescribeSecurityConfiguration', () => emr.send(new DescribeSecurityConfigurationCommand({ Name: name })));
      let document: unknown;
      let problem = got.ok ? undefined : got.error;
      if (got.ok) {
        try {
          document = JSON.parse(got.value.SecurityConfiguration ?? '');
        } catch {
          problem = { operation: 'emr:DescribeSecurityConfiguration', code: 'InvalidDocument', message: 'the security configuration is not JSON' };
        }
      }
      if (problem) for (const property of PROPERTIES) recordOn(config, { ...problem, property });
      else Object.assign(config.properties, securityConfigurationProperties(document));
      out.push(config);
      ctx.found(1);
    });
    const active = await running;
    ctx.found(active.length);
    return [...out.sort((a, b) => a.resourceId.localeCompare(b.resourceId)), ...active];
  },
};
