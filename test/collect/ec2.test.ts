import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { ec2Collector } from '../../src/collect/ec2.js';
import { answerRecorded, awsError, byId, collectClean, collectValid, fixture, testContext } from './helpers.js';

const ec2 = mockClient(EC2Client);

function recorded(): void {
  ec2.on(DescribeVolumesCommand).resolves(fixture('ec2.DescribeVolumes_1'));
  ec2.on(DescribeVolumesCommand, { NextToken: 't2' }).resolves(fixture('ec2.DescribeVolumes_2'));
  answerRecorded(ec2, 'ec2', [DescribeSnapshotsCommand, DescribeSnapshotAttributeCommand, GetEbsEncryptionByDefaultCommand, GetEbsDefaultKmsKeyIdCommand]);
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

  it('returns only the region setting when there are no volumes or snapshots', async () => {
    recorded();
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    const { ctx, errors } = testContext('ec2');
    const resources = await ec2Collector.collect(ctx);
    expect(resources.map((r) => r.resourceType)).toEqual(['AWS::EC2::EbsEncryptionByDefault']);
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
});
