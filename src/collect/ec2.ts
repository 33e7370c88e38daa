import {
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  GetSnapshotBlockPublicAccessStateCommand,
} from '@aws-sdk/client-ec2';
import type { Resource } from '../inventory/resource.js';
import { required } from './always-present.js';
import { assign, forEach, listAll, tagMap, type Collector, type CollectorContext } from './context.js';
import { regionalArn, regionalResource } from './resource.js';
import { launchTemplateCollector, spotFleetCollector } from './ec2-launch-templates.js';

const PAGE = 500;
const next = (t: string | undefined) => (t ? { NextToken: t } : {});

/** The region's EBS encryption-by-default setting, modelled as `AWS::EC2::EbsEncryptionByDefault` (resourceId = region). */
async function encryptionByDefault(ctx: CollectorContext): Promise<Resource> {
  const ec2 = ctx.client('ec2');
  // The setting has no ARN of its own: a stable, unique name in the EC2 namespace.
  const arn = regionalArn(ctx, 'ec2', 'ebs-encryption-by-default');
  const r = regionalResource(ctx, 'AWS::EC2::EbsEncryptionByDefault', ctx.region, arn, {}, { name: null });
  const [enabled, key] = await Promise.all([
    ctx.call('ec2:GetEbsEncryptionByDefault', () => ec2.send(new GetEbsEncryptionByDefaultCommand({}))),
    ctx.call('ec2:GetEbsDefaultKmsKeyId', () => ec2.send(new GetEbsDefaultKmsKeyIdCommand({}))),
  ]);
  // GetEbsEncryptionByDefault always answers the setting: without it the region's default is unknown, not off.
  assign(r, 'enabled', required(enabled, 'EbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault'), (on) => on);
  assign(r, 'defaultKmsKeyId', key, (o) => o.KmsKeyId ?? null);
  return r;
}

/** The region's block public access for snapshots, modelled as `AWS::EC2::SnapshotBlockPublicAccess` (resourceId = region), as AWS Config models it. */
async function snapshotBlockPublicAccess(ctx: CollectorContext): Promise<Resource> {
  const ec2 = ctx.client('ec2');
  const arn = regionalArn(ctx, 'ec2', 'snapshot-block-public-access');
  const r = regionalResource(ctx, 'AWS::EC2::SnapshotBlockPublicAccess', ctx.region, arn, {}, { name: null });
  const got = await ctx.call('ec2:GetSnapshotBlockPublicAccessState', () => ec2.send(new GetSnapshotBlockPublicAccessStateCommand({})));
  // The state is the whole answer: without it the setting is unknown, not unblocked.
  assign(r, 'state', required(got, 'State', 'ec2:GetSnapshotBlockPublicAccessState'), (state) => state);
  assign(r, 'managedBy', got, (o) => o.ManagedBy ?? null);
  return r;
}

async function volumes(ctx: CollectorContext): Promise<Resource[]> {
  const ec2 = ctx.client('ec2');
  const list = await listAll(ctx, 'ec2:DescribeVolumes', (t) => ec2.send(new DescribeVolumesCommand({ MaxResults: PAGE, ...next(t) })), (o) => o.Volumes, (o) => o.NextToken);
  return list.items
    .filter((v) => v.VolumeId)
    .map((v) => {
      const id = v.VolumeId!;
      const properties = {
        volumeId: id,
        encrypted: v.Encrypted ?? false,
        kmsKeyId: v.KmsKeyId ?? null,
        state: v.State ?? null,
        size: v.Size ?? null,
        volumeType: v.VolumeType ?? null,
        snapshotId: v.SnapshotId || null,
        attachedInstanceIds: (v.Attachments ?? []).map((a) => a.InstanceId).filter((i): i is string => Boolean(i)),
      };
      const name = v.Tags?.find((t) => t.Key === 'Name')?.Value || null;
      return regionalResource(ctx, 'AWS::EC2::Volume', id, regionalArn(ctx, 'ec2', `volume/${id}`), properties, { name, tags: tagMap(v.Tags) });
    });
}

async function snapshots(ctx: CollectorContext): Promise<Resource[]> {
  const ec2 = ctx.client('ec2');
  const list = await listAll(
    ctx,
    'ec2:DescribeSnapshots',
    (t) => ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], MaxResults: 1000, ...next(t) })),
    (o) => o.Snapshots,
    (o) => o.NextToken,
  );
  // OwnerIds=self should return the account's own snapshots only; one of another account (shared with this one) is not the account's to judge.
  const foreign = list.items.filter((s) => s.OwnerId !== undefined && s.OwnerId !== ctx.accountId);
  if (foreign.length > 0) ctx.skip('AWS::EC2::Snapshot owned by another account', foreign.length);
  const out: Resource[] = [];
  await forEach(list.items.filter((s) => s.SnapshotId && !foreign.includes(s)), async (s) => {
    const id = s.SnapshotId!;
    const properties = {
      snapshotId: id,
      volumeId: s.VolumeId ?? null,
      encrypted: s.Encrypted ?? false,
      kmsKeyId: s.KmsKeyId ?? null,
      state: s.State ?? null,
      ownerId: s.OwnerId ?? null,
    };
    // Snapshot ARNs carry no account id.
    const arn = `arn:${ctx.partition}:ec2:${ctx.region}::snapshot/${id}`;
    const r = regionalResource(ctx, 'AWS::EC2::Snapshot', id, arn, properties, { name: null, tags: tagMap(s.Tags) });
    const o = await ctx.call('ec2:DescribeSnapshotAttribute', () =>
      ec2.send(new DescribeSnapshotAttributeCommand({ SnapshotId: id, Attribute: 'createVolumePermission' })),
    );
    assign(r, 'createVolumePermissions', o, (v) => (v.CreateVolumePermissions ?? []).map((p) => ({ group: p.Group ?? null, userId: p.UserId ?? null })));
    out.push(r);
  });
  return out;
}

/**
 * EBS volumes, the account's own snapshots with who may create volumes from
 * them, the region's encryption-by-default and snapshot block public access
 * settings, and the launch templates and
 * Spot Fleet requests whose volumes that setting may encrypt.
 */
export const ec2Collector: Collector = {
  service: 'ec2',
  scope: 'region',
  async collect(ctx) {
    const [setting, sharing, vols, snaps, templates, fleets] = await Promise.all([
      encryptionByDefault(ctx),
      snapshotBlockPublicAccess(ctx),
      volumes(ctx),
      snapshots(ctx),
      launchTemplateCollector.collect(ctx),
      spotFleetCollector.collect(ctx),
    ]);
    const own = [setting, sharing, ...vols, ...snaps.sort((a, b) => a.resourceId.localeCompare(b.resourceId))];
    // The declarative collectors have counted theirs.
    ctx.found(own.length);
    return [...own, ...templates, ...fleets];
  },
};
