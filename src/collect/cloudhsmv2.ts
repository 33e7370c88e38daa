import { DescribeBackupsCommand, DescribeClustersCommand, type Backup, type CloudHSMV2Client, type Cluster } from '@aws-sdk/client-cloudhsm-v2';
import { isoDate, tagMap, type Collector } from './context.js';
import { declarativeCollector } from './declarative.js';
import { regionalArn } from './resource.js';

/** One HSM of a cluster in the model's terms. */
function hsmProperties(h: NonNullable<Cluster['Hsms']>[number]): Record<string, unknown> {
  return { hsmId: h.HsmId ?? null, availabilityZone: h.AvailabilityZone ?? null, state: h.State ?? null };
}

/**
 * A cluster in the model's terms. The pre-crypto-officer password and the
 * certificates are never kept. `activeHsmAvailabilityZones` counts the zones
 * that hold at least one ACTIVE HSM: a cluster needs HSMs in two zones to keep
 * its keys when a zone fails.
 */
export function clusterProperties(c: Cluster): Record<string, unknown> {
  const hsms = c.Hsms ?? [];
  const zones = new Set(hsms.filter((h) => h.State === 'ACTIVE' && h.AvailabilityZone).map((h) => h.AvailabilityZone));
  return {
    state: c.State ?? null,
    stateMessage: c.StateMessage ?? null,
    hsmType: c.HsmType ?? null,
    vpcId: c.VpcId ?? null,
    subnetMapping: c.SubnetMapping ?? {},
    backupPolicy: c.BackupPolicy ?? null,
    backupRetentionDays: c.BackupRetentionPolicy?.Type === 'DAYS' && c.BackupRetentionPolicy.Value !== undefined ? Number(c.BackupRetentionPolicy.Value) : null,
    sourceBackupId: c.SourceBackupId ?? null,
    hsms: hsms.map(hsmProperties),
    hsmCount: hsms.length,
    activeHsmAvailabilityZones: zones.size,
  };
}

/**
 * A backup in the model's terms. A backup copied into this region from another
 * (CopyBackupToRegion) names its source region, backup and cluster and when it
 * was copied; one made here has none of them. `neverExpires` keeps it out of
 * the cluster's retention policy.
 */
export function backupProperties(b: Backup): Record<string, unknown> {
  return {
    clusterId: b.ClusterId ?? null,
    backupState: b.BackupState ?? null,
    createTimestamp: isoDate(b.CreateTimestamp),
    neverExpires: b.NeverExpires === true,
    copiedFromAnotherRegion: b.SourceRegion !== undefined,
    sourceRegion: b.SourceRegion ?? null,
    sourceBackup: b.SourceBackup ?? null,
    sourceCluster: b.SourceCluster ?? null,
    copyTimestamp: isoDate(b.CopyTimestamp),
    deleteTimestamp: isoDate(b.DeleteTimestamp),
  };
}

const clusters = declarativeCollector({
  service: 'cloudhsmv2',
  client: 'cloudhsmv2',
  resourceType: 'AWS::CloudHSM::Cluster',
  list: {
    operation: 'cloudhsm:DescribeClusters',
    page: (hsm: CloudHSMV2Client, t) => hsm.send(new DescribeClustersCommand({ MaxResults: 25, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.Clusters,
    next: (o) => o.NextToken,
  },
  id: (c: Cluster) => c.ClusterId,
  idField: 'ClusterId',
  arn: (ctx, _c, id) => regionalArn(ctx, 'cloudhsm', `cluster/${id}`),
  listed: (c) => clusterProperties(c),
  // State is what the rules read: a cluster listed without it is an odd answer.
  itemCarries: { fields: ['State'], keep: [] },
  // The reference does not promise Hsms; without it the HSMs and their zones are unknown, never "none".
  unreported: (c) => ({ hsms: c.Hsms, hsmCount: c.Hsms, activeHsmAvailabilityZones: c.Hsms }),
  listedTags: (c) => tagMap(c.TagList),
  reads: [],
});

const backups = declarativeCollector({
  service: 'cloudhsmv2',
  client: 'cloudhsmv2',
  resourceType: 'AWS::CloudHSM::Backup',
  list: {
    operation: 'cloudhsm:DescribeBackups',
    page: (hsm: CloudHSMV2Client, t) => hsm.send(new DescribeBackupsCommand({ MaxResults: 50, ...(t ? { NextToken: t } : {}) })),
    items: (o) => o.Backups,
    next: (o) => o.NextToken,
  },
  id: (b: Backup) => b.BackupId,
  idField: 'BackupId',
  arn: (ctx, _b, id) => regionalArn(ctx, 'cloudhsm', `backup/${id}`),
  listed: (b) => backupProperties(b),
  listedTags: (b) => tagMap(b.TagList),
  reads: [],
});

/**
 * CloudHSM clusters and their backups in one region. The 3.332 client has no
 * call that reads who a backup is shared with, so sharing is not audited.
 */
export const cloudhsmv2Collector: Collector = {
  service: 'cloudhsmv2',
  scope: 'region',
  async collect(ctx) {
    const [c, b] = await Promise.all([clusters.collect(ctx), backups.collect(ctx)]);
    return [...c, ...b];
  },
};
