import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeSpotFleetRequestsCommand,
  DescribeVolumesCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  GetSnapshotBlockPublicAccessStateCommand,
} from '@aws-sdk/client-ec2';
import { ec2Collector } from '../../src/collect/ec2.js';
import { answerRecorded, awsError, byId, collectClean, collectValid, fixture, testContext } from './helpers.js';

const ec2 = mockClient(EC2Client);

function recorded(): void {
  ec2.on(DescribeVolumesCommand).resolves(fixture('ec2.DescribeVolumes_1'));
  ec2.on(DescribeVolumesCommand, { NextToken: 't2' }).resolves(fixture('ec2.DescribeVolumes_2'));
  answerRecorded(ec2, 'ec2', [
    DescribeSnapshotsCommand,
    DescribeSnapshotAttributeCommand,
    GetEbsEncryptionByDefaultCommand,
    GetEbsDefaultKmsKeyIdCommand,
    DescribeLaunchTemplatesCommand,
    DescribeLaunchTemplateVersionsCommand,
    DescribeSpotFleetRequestsCommand,
    GetSnapshotBlockPublicAccessStateCommand,
  ]);
}

beforeEach(() => ec2.reset());

describe('ec2 collector', () => {
  it('reads both pages of volumes, own snapshots with their create-volume permissions, and the encryption-by-default setting', async () => {
    recorded();
    const resources = await collectClean(ec2Collector);
    expect(ec2.commandCalls(DescribeSnapshotsCommand)[0]!.args[0].input.OwnerIds).toEqual(['self']);
    expect(byId(resources, 'AWS::EC2::Volume', 'vol-0001')).toMatchObject({ name: 'root', arn: 'arn:aws:ec2:eu-west-1:123456789012:volume/vol-0001' });
    expect(byId(resources, 'AWS::EC2::Volume', 'vol-0001').properties).toMatchObject({ encrypted: true, snapshotId: null, attachedInstanceIds: ['i-0abc'] });
    expect(byId(resources, 'AWS::EC2::Volume', 'vol-0002').properties).toMatchObject({ encrypted: false, kmsKeyId: null, snapshotId: 'snap-0001', attachedInstanceIds: [] });
    const snap = byId(resources, 'AWS::EC2::Snapshot', 'snap-0001');
    expect(snap.arn).toBe('arn:aws:ec2:eu-west-1::snapshot/snap-0001');
    expect(snap.properties.createVolumePermissions).toEqual([{ group: 'all', userId: null }, { group: null, userId: '210987654321' }]);
    const setting = byId(resources, 'AWS::EC2::EbsEncryptionByDefault', 'eu-west-1');
    expect(setting.arn).toBe('arn:aws:ec2:eu-west-1:123456789012:ebs-encryption-by-default');
    expect(setting.properties).toEqual({ enabled: true, defaultKmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
  });

  it("reads the region's snapshot block public access, and leaves it unknown, not unblocked, when the answer lacks the state", async () => {
    recorded();
    const setting = byId(await collectClean(ec2Collector), 'AWS::EC2::SnapshotBlockPublicAccess', 'eu-west-1');
    expect(setting).toMatchObject({ arn: 'arn:aws:ec2:eu-west-1:123456789012:snapshot-block-public-access', properties: { state: 'block-new-sharing', managedBy: 'account' } });
    ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves({ ManagedBy: 'account' });
    const odd = byId((await collectValid(ec2Collector)).resources, 'AWS::EC2::SnapshotBlockPublicAccess', 'eu-west-1');
    expect(odd.properties).toEqual({ managedBy: 'account' });
    expect(odd.errors).toEqual([expect.objectContaining({ property: 'state', code: 'IncompleteResponse' })]);
  });

  it('returns only the region settings when there are no volumes or snapshots', async () => {
    recorded();
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [] });
    ec2.on(DescribeSpotFleetRequestsCommand).resolves({ SpotFleetRequestConfigs: [] });
    const { ctx, errors } = testContext('ec2');
    const resources = await ec2Collector.collect(ctx);
    expect(resources.map((r) => r.resourceType)).toEqual(['AWS::EC2::EbsEncryptionByDefault', 'AWS::EC2::SnapshotBlockPublicAccess']);
    expect(errors).toEqual([]);
  });

  it('leaves a denied setting or permission list absent with the error, and keeps the rest', async () => {
    recorded();
    ec2.on(GetEbsDefaultKmsKeyIdCommand).rejects(awsError('UnauthorizedOperation', 403));
    ec2.on(DescribeSnapshotAttributeCommand).rejects(awsError('RequestLimitExceeded', 503));
    const { resources } = await collectValid(ec2Collector);
    const setting = byId(resources, 'AWS::EC2::EbsEncryptionByDefault', 'eu-west-1');
    expect(setting.properties).toEqual({ enabled: true });
    expect(setting.errors).toEqual([expect.objectContaining({ property: 'defaultKmsKeyId', code: 'UnauthorizedOperation' })]);
    const snap = byId(resources, 'AWS::EC2::Snapshot', 'snap-0001');
    expect(snap.properties.createVolumePermissions).toBeUndefined();
    expect(snap.properties.encrypted).toBe(false);
    expect(snap.errors).toEqual([expect.objectContaining({ property: 'createVolumePermissions', code: 'RequestLimitExceeded' })]);
  });

  it("reads each launch template's default version and each Spot Fleet request, keeping only the mappings that create EBS volumes", async () => {
    recorded();
    const resources = await collectClean(ec2Collector);
    expect(ec2.commandCalls(DescribeLaunchTemplateVersionsCommand).map((c) => c.args[0].input)).toEqual([
      { LaunchTemplateId: 'lt-0a1b2c3d4e5f60001', Versions: ['$Default'] },
      { LaunchTemplateId: 'lt-0a1b2c3d4e5f60002', Versions: ['$Default'] },
    ]);
    const web = byId(resources, 'AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60001');
    expect(web).toMatchObject({ arn: 'arn:aws:ec2:eu-west-1:123456789012:launch-template/lt-0a1b2c3d4e5f60001', tags: { team: 'web' } });
    expect(web.properties).toEqual({
      launchTemplateName: 'web',
      defaultVersionNumber: 3,
      latestVersionNumber: 4,
      defaultVersion: {
        versionNumber: 3,
        ebsVolumes: [
          { deviceName: '/dev/xvda', encrypted: true, kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', snapshotId: null },
          // Not set in the template: EC2 decides from the snapshot and the Region's default, so it is null, not false.
          { deviceName: '/dev/xvdb', encrypted: null, kmsKeyId: null, snapshotId: null },
          { deviceName: '/dev/xvdc', encrypted: false, kmsKeyId: null, snapshotId: 'snap-0001' },
        ],
      },
    });
    const mixed = byId(resources, 'AWS::EC2::SpotFleet', 'sfr-11111111-2222-3333-4444-555555555555');
    expect(mixed).toMatchObject({ arn: 'arn:aws:ec2:eu-west-1:123456789012:spot-fleet-request/sfr-11111111-2222-3333-4444-555555555555', tags: { team: 'batch' } });
    expect(mixed.properties).toEqual({
      state: 'active',
      ebsVolumes: [
        { deviceName: '/dev/xvda', encrypted: true, kmsKeyId: null, snapshotId: null },
        { deviceName: '/dev/xvda', encrypted: false, kmsKeyId: null, snapshotId: null },
      ],
      launchTemplates: [],
    });
    expect(byId(resources, 'AWS::EC2::SpotFleet', 'sfr-66666666-7777-8888-9999-000000000000').properties).toEqual({
      state: 'active',
      ebsVolumes: [],
      launchTemplates: [{ launchTemplateId: 'lt-0a1b2c3d4e5f60001', launchTemplateName: null, version: '$Default' }],
    });
  });

  it('leaves the default version unknown when it cannot be read or the answer lacks it, and keeps the template', async () => {
    recorded();
    ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0a1b2c3d4e5f60001' }).rejects(awsError('UnauthorizedOperation', 403));
    ec2.on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-0a1b2c3d4e5f60002' }).resolves({ LaunchTemplateVersions: [] });
    const { resources, errors } = await collectValid(ec2Collector);
    expect(errors).toEqual([]);
    const web = byId(resources, 'AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60001');
    expect(web.properties).not.toHaveProperty('defaultVersion');
    expect(web.errors).toEqual([expect.objectContaining({ property: 'defaultVersion', operation: 'ec2:DescribeLaunchTemplateVersions', code: 'UnauthorizedOperation' })]);
    const batch = byId(resources, 'AWS::EC2::LaunchTemplate', 'lt-0a1b2c3d4e5f60002');
    expect(batch.properties).toEqual({ launchTemplateName: 'batch', defaultVersionNumber: 1, latestVersionNumber: 1 });
    expect(batch.errors).toEqual([expect.objectContaining({ property: 'defaultVersion', code: 'IncompleteResponse' })]);
  });

  it('records a denied Spot Fleet list for the region, and keeps the rest of EC2', async () => {
    recorded();
    ec2.on(DescribeSpotFleetRequestsCommand).rejects(awsError('UnauthorizedOperation', 403));
    const { resources, errors } = await collectValid(ec2Collector);
    expect(resources.filter((r) => r.resourceType === 'AWS::EC2::SpotFleet')).toEqual([]);
    expect(resources.filter((r) => r.resourceType === 'AWS::EC2::LaunchTemplate')).toHaveLength(2);
    expect(errors).toEqual([expect.objectContaining({ operation: 'ec2:DescribeSpotFleetRequests', code: 'UnauthorizedOperation' })]);
  });
});
