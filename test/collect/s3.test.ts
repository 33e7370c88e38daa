import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPabCommand, ListAccessPointsCommand, ListMultiRegionAccessPointsCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { bucketRegion, s3Collector } from '../../src/collect/s3.js';
import { ACCOUNT, answerRecorded, awsError, byId, collectClean, collectValid, fixture, testContext } from './helpers.js';

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);

/** Every sub-resource answers with its recorded response. */
function answerAll(): void {
  answerRecorded(s3, 's3', [
    GetBucketEncryptionCommand,
    GetBucketPolicyCommand,
    GetBucketPolicyStatusCommand,
    GetPublicAccessBlockCommand,
    GetBucketVersioningCommand,
    GetBucketAclCommand,
    GetBucketOwnershipControlsCommand,
    GetBucketLoggingCommand,
    GetBucketTaggingCommand,
  ]);
  answerRecorded(control, 's3control', [GetAccountPabCommand]);
}

function twoPages(): void {
  s3.on(ListBucketsCommand).resolves(fixture('s3.ListBuckets_2'));
  s3.on(ListBucketsCommand, { MaxBuckets: 1000 }, true).resolves(fixture('s3.ListBuckets_1'));
  s3.on(ListBucketsCommand, { ContinuationToken: 'page-2' }).resolves(fixture('s3.ListBuckets_2'));
  s3.on(GetBucketLocationCommand, { Bucket: 'alpha-logs' }).resolves(fixture('s3.GetBucketLocation_1'));
  s3.on(GetBucketLocationCommand, { Bucket: 'beta-data' }).resolves(fixture('s3.GetBucketLocation_2'));
  s3.on(GetBucketLocationCommand, { Bucket: 'gamma-archive' }).resolves(fixture('s3.GetBucketLocation_3'));
}

beforeEach(() => {
  s3.reset();
  control.reset();
  // Access points and Multi-Region Access Points have tests of their own.
  control.on(ListAccessPointsCommand).resolves({ AccessPointList: [] });
  control.on(ListMultiRegionAccessPointsCommand).resolves({ AccessPoints: [] });
});
afterEach(() => {
  s3.reset();
  control.reset();
});

describe('s3 collector', () => {
  it('reads both pages of buckets, keeps those in the selected regions, and maps every sub-resource', async () => {
    twoPages();
    answerAll();
    const { resources, errors, skipped } = await collectValid(s3Collector, 'us-east-1', ['eu-west-1', 'us-east-1']);
    expect(errors).toEqual([]);
    expect(resources.map((r) => r.resourceId)).toEqual([ACCOUNT, 'alpha-logs', 'beta-data']);
    expect(skipped).toEqual({ 'AWS::S3::Bucket outside the selected regions': 1 });
    expect(s3.commandCalls(ListBucketsCommand)).toHaveLength(2);
    const alpha = byId(resources, 'AWS::S3::Bucket', 'alpha-logs');
    expect(alpha.region).toBe('eu-west-1');
    expect(alpha.arn).toBe('arn:aws:s3:::alpha-logs');
    expect(alpha.tags).toEqual({ team: 'data', env: 'prod' });
    expect(alpha.properties).toMatchObject({
      creationDate: '2023-04-01T10:00:00.000Z',
      encryption: {
        rules: [{ algorithm: 'aws:kms', kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', bucketKeyEnabled: true, blockedEncryptionTypes: ['SSE-C'] }],
      },
      policyStatus: { isPublic: false },
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
      ownershipControls: { objectOwnership: 'BucketOwnerEnforced' },
      logging: { targetBucket: 'alpha-logs', targetPrefix: 'access/' },
    });
    expect((alpha.properties.policy as { Statement: unknown[] }).Statement).toHaveLength(1);
    expect((alpha.properties.acl as { grants: unknown[] }).grants).toContainEqual({
      granteeType: 'Group',
      granteeId: null,
      granteeUri: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
      permission: 'WRITE',
    });
    expect(byId(resources, 'AWS::S3::Bucket', 'beta-data').region).toBe('us-east-1');
    const account = byId(resources, 'AWS::S3::AccountPublicAccessBlock', ACCOUNT);
    expect(account).toMatchObject({ region: 'global', arn: `arn:aws:s3::${ACCOUNT}:account-public-access-block` });
    expect(account.properties.publicAccessBlock).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false });
    // The detail calls go to the bucket's own region.
    const policyCall = s3.commandCalls(GetBucketPolicyCommand, { Bucket: 'alpha-logs' })[0]!;
    expect(await (policyCall.thisValue as S3Client).config.region()).toBe('eu-west-1');
  });

  it('returns only the account setting for an account without buckets', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [] });
    control.on(GetAccountPabCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 404));
    const { resources, errors } = await collectValid(s3Collector, 'us-east-1', ['us-east-1']);
    expect(errors).toEqual([]);
    expect(resources).toHaveLength(1);
    expect(resources[0]!.properties).toEqual({ publicAccessBlock: null });
  });

  it('stores null or {} for the errors that mean "the bucket has none"', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'plain' }] });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    answerAll();
    s3.on(GetBucketEncryptionCommand).rejects(awsError('ServerSideEncryptionConfigurationNotFoundError', 404));
    s3.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy', 404));
    s3.on(GetBucketPolicyStatusCommand).rejects(awsError('NoSuchBucketPolicy', 404));
    s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 404));
    s3.on(GetBucketOwnershipControlsCommand).rejects(awsError('OwnershipControlsNotFoundError', 404));
    s3.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet', 404));
    s3.on(GetBucketLoggingCommand).resolves({});
    s3.on(GetBucketVersioningCommand).resolves({});
    const resources = await collectClean(s3Collector);
    const plain = byId(resources, 'AWS::S3::Bucket', 'plain');
    expect(plain.errors).toBeUndefined();
    expect(plain.tags).toEqual({});
    expect(plain.properties).toMatchObject({
      encryption: null,
      policy: null,
      policyStatus: null,
      publicAccessBlock: null,
      ownershipControls: null,
      logging: null,
      versioning: { status: null, mfaDelete: null },
    });
  });

  it('leaves a denied property absent, records why, and still collects the rest of the bucket', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'locked' }] });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    answerAll();
    s3.on(GetBucketPolicyCommand).rejects(awsError('AccessDenied', 403, 'Access Denied'));
    const { resources } = await collectValid(s3Collector);
    const locked = byId(resources, 'AWS::S3::Bucket', 'locked');
    expect('policy' in locked.properties).toBe(false);
    expect(locked.properties.encryption).not.toBeUndefined();
    expect(locked.properties.publicAccessBlock).not.toBeUndefined();
    expect(locked.errors).toEqual([{ property: 'policy', operation: 's3:GetBucketPolicy', code: 'AccessDenied', message: 'Access Denied' }]);
  });

  it('records throttling that outlived the retries on the property, and a failed list page for the scope', async () => {
    s3.on(ListBucketsCommand, { MaxBuckets: 1000 }, true).resolves(fixture('s3.ListBuckets_1'));
    s3.on(ListBucketsCommand, { ContinuationToken: 'page-2' }).rejects(awsError('SlowDown', 503, 'Please reduce your request rate.'));
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    answerAll();
    s3.on(GetBucketVersioningCommand).rejects(awsError('SlowDown', 503));
    const { ctx, errors } = testContext('s3', 'us-east-1', ['eu-west-1', 'us-east-1']);
    const resources = await s3Collector.collect(ctx);
    expect(resources.filter((r) => r.resourceType === 'AWS::S3::Bucket')).toHaveLength(2);
    expect(errors).toEqual([expect.objectContaining({ operation: 's3:ListBuckets', code: 'SlowDown', accountId: ACCOUNT, service: 's3' })]);
    for (const b of resources.filter((r) => r.resourceType === 'AWS::S3::Bucket')) {
      expect(b.properties.versioning).toBeUndefined();
      expect(b.errors).toEqual([expect.objectContaining({ property: 'versioning', code: 'SlowDown' })]);
    }
  });

  it('maps location constraints to regions', () => {
    expect(bucketRegion(undefined)).toBe('us-east-1');
    expect(bucketRegion('')).toBe('us-east-1');
    expect(bucketRegion('EU')).toBe('eu-west-1');
    expect(bucketRegion('ap-south-1')).toBe('ap-south-1');
  });
});
