import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeFileSystemPolicyCommand, DescribeFileSystemsCommand, EFSClient } from '@aws-sdk/client-efs';
import { efsCollector } from '../../src/collect/efs.js';
import { derivePolicy } from '../../src/engine/policy-derived.js';
import { awsError, byId, collectClean, collectValid, expectNothingCollected, fixture, testContext } from './helpers.js';

const efs = mockClient(EFSClient);
const HOME = 'fs-0a1b2c3d4e5f60718';
const LEGACY = 'fs-09f8e7d6c5b4a3921';

function recorded(): void {
  efs.on(DescribeFileSystemsCommand).resolves(fixture('efs.DescribeFileSystems_1'));
  efs.on(DescribeFileSystemsCommand, { Marker: 'marker-2' }).resolves(fixture('efs.DescribeFileSystems_2'));
  efs.on(DescribeFileSystemPolicyCommand, { FileSystemId: HOME }).resolves(fixture('efs.DescribeFileSystemPolicy'));
  efs.on(DescribeFileSystemPolicyCommand, { FileSystemId: LEGACY }).rejects(awsError('PolicyNotFound', 404, 'No policy found'));
}

beforeEach(() => efs.reset());

describe('efs collector', () => {
  it('reads both pages of file systems, their encryption, tags and policy', async () => {
    recorded();
    const resources = await collectClean(efsCollector);
    expect(efs.commandCalls(DescribeFileSystemsCommand)).toHaveLength(2);
    expect(resources.map((r) => r.resourceId)).toEqual([LEGACY, HOME]);
    const home = byId(resources, 'AWS::EFS::FileSystem', HOME);
    expect(home).toMatchObject({
      arn: `arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/${HOME}`,
      name: 'shared-home',
      tags: { Name: 'shared-home', owner: 'platform' },
    });
    expect(home.properties).toMatchObject({
      fileSystemId: HOME,
      encrypted: true,
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      lifeCycleState: 'available',
      performanceMode: 'generalPurpose',
    });
    // The recorded policy denies every action without TLS, so the shared analysis sees it as TLS-only.
    expect(derivePolicy(home)?.values).toMatchObject({ present: true, enforcesSecureTransport: true, public: false });
    const legacy = byId(resources, 'AWS::EFS::FileSystem', LEGACY);
    expect(legacy.name).toBeUndefined();
    expect(legacy.properties).toMatchObject({ encrypted: false, kmsKeyId: null, performanceMode: 'maxIO' });
  });

  it('stores null for a file system without a policy: PolicyNotFound means none', async () => {
    recorded();
    const { ctx } = testContext('efs');
    const legacy = byId(await efsCollector.collect(ctx), 'AWS::EFS::FileSystem', LEGACY);
    expect(legacy.properties.policy).toBeNull();
    expect(legacy.errors).toBeUndefined();
  });

  it('returns nothing for a region without file systems', async () => {
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [] });
    await expectNothingCollected(efsCollector);
  });

  it('leaves a denied policy absent and keeps the rest of the file system', async () => {
    recorded();
    efs.on(DescribeFileSystemPolicyCommand, { FileSystemId: HOME }).rejects(awsError('AccessDeniedException', 403, 'not authorized to perform elasticfilesystem:DescribeFileSystemPolicy'));
    const { resources } = await collectValid(efsCollector);
    const home = byId(resources, 'AWS::EFS::FileSystem', HOME);
    expect('policy' in home.properties).toBe(false);
    expect(home.properties.encrypted).toBe(true);
    expect(home.errors).toEqual([
      {
        property: 'policy',
        operation: 'elasticfilesystem:DescribeFileSystemPolicy',
        code: 'AccessDeniedException',
        message: 'not authorized to perform elasticfilesystem:DescribeFileSystemPolicy',
      },
    ]);
    expect(derivePolicy(home)?.missing.enforcesSecureTransport).toBe('policy was not collected');
  });

  it('records a failed list for the region and keeps what was read', async () => {
    efs.on(DescribeFileSystemsCommand).resolves(fixture('efs.DescribeFileSystems_1'));
    efs.on(DescribeFileSystemsCommand, { Marker: 'marker-2' }).rejects(awsError('ThrottlingException', 400, 'Rate exceeded'));
    efs.on(DescribeFileSystemPolicyCommand).resolves(fixture('efs.DescribeFileSystemPolicy'));
    const { ctx, errors } = testContext('efs');
    const resources = await efsCollector.collect(ctx);
    expect(resources.map((r) => r.resourceId)).toEqual([HOME]);
    expect(errors).toEqual([expect.objectContaining({ operation: 'elasticfilesystem:DescribeFileSystems', code: 'ThrottlingException', region: 'eu-west-1' })]);
  });
});
