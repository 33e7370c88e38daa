import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DescribeCustomKeyStoresCommand, DescribeKeyCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { DescribeTableCommand, DynamoDBClient, GetResourcePolicyCommand, ListTablesCommand, ListTagsOfResourceCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeLaunchTemplatesCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeSpotFleetRequestsCommand,
  DescribeVolumesCommand,
  EC2Client,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  GetSnapshotBlockPublicAccessStateCommand,
} from '@aws-sdk/client-ec2';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
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
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, ListAccessPointsCommand, ListMultiRegionAccessPointsCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import type { Collector } from '../../../src/collect/context.js';
import { dynamodbCollector } from '../../../src/collect/dynamodb.js';
import { ec2Collector } from '../../../src/collect/ec2.js';
import { kmsCollector } from '../../../src/collect/kms.js';
import { s3Collector } from '../../../src/collect/s3.js';
import { sqsCollector } from '../../../src/collect/sqs.js';
import { ACCOUNT, collectValid, fixture } from '../helpers.js';
import { verdicts } from './verdicts.js';

const sqs = mockClient(SQSClient);
const kms = mockClient(KMSClient);
const ddb = mockClient(DynamoDBClient);
const ec2 = mockClient(EC2Client);
const s3 = mockClient(S3Client);
const s3control = mockClient(S3ControlClient);
afterEach(() => [sqs, kms, ddb, ec2, s3, s3control].forEach((m) => m.reset()));

/** The EC2 collector's other calls answered validly (no launch templates, no Spot Fleet requests), so only the stripped answer is odd. */
function serveEc2Rest(): void {
  ec2.on(GetSnapshotBlockPublicAccessStateCommand).resolves(fixture('ec2.GetSnapshotBlockPublicAccessState'));
  ec2.on(DescribeLaunchTemplatesCommand).resolves({ LaunchTemplates: [] });
  ec2.on(DescribeSpotFleetRequestsCommand).resolves({ SpotFleetRequestConfigs: [] });
}

/**
 * Successful answers that lack what every valid answer carries (AWS API
 * reference), per collector: the list calls name one resource, the calls that
 * describe it answer `{}`.
 */
const STRIPPED: { name: string; collector: Collector; type: string; serve: () => void }[] = [
  {
    name: 'SQS GetQueueAttributes without Attributes',
    collector: sqsCollector,
    type: 'AWS::SQS::Queue',
    serve: () => {
      sqs.on(ListQueuesCommand).resolves({ QueueUrls: [`https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/orders`] });
      sqs.on(GetQueueAttributesCommand).resolves({});
      sqs.on(ListQueueTagsCommand).resolves({ Tags: {} });
    },
  },
  {
    name: 'SQS GetQueueAttributes (All) without QueueArn',
    collector: sqsCollector,
    type: 'AWS::SQS::Queue',
    serve: () => {
      sqs.on(ListQueuesCommand).resolves({ QueueUrls: [`https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/orders`] });
      // What the issue found: no policy and no key in the answer read as "private, unencrypted".
      sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { SqsManagedSseEnabled: 'true' } });
      sqs.on(ListQueueTagsCommand).resolves({ Tags: {} });
    },
  },
  {
    name: 'KMS DescribeKey without KeyMetadata, GetKeyPolicy without Policy',
    collector: kmsCollector,
    type: 'AWS::KMS::Key',
    serve: () => {
      kms.on(ListKeysCommand).resolves({ Keys: [{ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }] });
      kms.on(ListAliasesCommand).resolves({ Aliases: [] });
      kms.on(DescribeCustomKeyStoresCommand).resolves({ CustomKeyStores: [] });
      kms.on(DescribeKeyCommand).resolves({});
      kms.on(GetKeyPolicyCommand).resolves({});
    },
  },
  {
    name: 'DynamoDB DescribeTable without Table, GetResourcePolicy without Policy',
    collector: dynamodbCollector,
    type: 'AWS::DynamoDB::Table',
    serve: () => {
      ddb.on(ListTablesCommand).resolves({ TableNames: ['orders'] });
      ddb.on(DescribeTableCommand).resolves({});
      ddb.on(GetResourcePolicyCommand).resolves({});
      ddb.on(ListTagsOfResourceCommand).resolves({ Tags: [] });
    },
  },
  {
    name: 'EC2 GetEbsEncryptionByDefault without EbsEncryptionByDefault',
    collector: ec2Collector,
    type: 'AWS::EC2::EbsEncryptionByDefault',
    serve: () => {
      ec2.on(GetEbsEncryptionByDefaultCommand).resolves({});
      ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
      ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
      ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
      serveEc2Rest();
    },
  },
  {
    name: 'S3 bucket sub-resources without their configuration, account Block Public Access without its configuration',
    collector: s3Collector,
    type: 'AWS::S3::Bucket',
    serve: () => {
      s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'data', BucketRegion: 'eu-west-1' }] });
      const stripped = [GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketPolicyStatusCommand, GetPublicAccessBlockCommand, GetBucketAclCommand, GetBucketOwnershipControlsCommand];
      // Versioning, logging and tags: AWS omits them when unset, so `{}` is a valid answer there.
      for (const command of [...stripped, GetBucketVersioningCommand, GetBucketLoggingCommand, GetBucketTaggingCommand]) s3.on(command as typeof GetBucketAclCommand).resolves({});
      s3control.on(GetAccountPublicAccessBlockCommand).resolves({});
      s3control.on(ListAccessPointsCommand).resolves({ AccessPointList: [] });
      s3control.on(ListMultiRegionAccessPointsCommand).resolves({ AccessPoints: [] });
    },
  },
];

describe('an answer lacking what every valid answer carries is a recorded error, so the rules say UNKNOWN, never PASS', () => {
  it.each(STRIPPED.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    c.serve();
    const { resources } = await collectValid(c.collector);
    const own = resources.filter((r) => r.resourceType === c.type);
    expect(own).toHaveLength(1);
    expect(own[0]!.errors?.map((e) => e.code)).toContain('IncompleteResponse');
    const results = verdicts(resources, c.type);
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 'PASS')).toEqual([]);
    if (c.type !== 'AWS::S3::Bucket') expect(results.filter((r) => r.status !== 'UNKNOWN')).toEqual([]);
  });

  it('S3: the rules on encryption, policy, Block Public Access and ACL are UNKNOWN (versioning and logging AWS omits when unset)', async () => {
    STRIPPED.at(-1)!.serve();
    const { resources } = await collectValid(s3Collector);
    const bucket = resources.find((r) => r.resourceType === 'AWS::S3::Bucket')!;
    for (const p of ['encryption', 'policy', 'publicAccessBlock', 'acl', 'ownershipControls']) expect(p in bucket.properties, p).toBe(false);
    const account = resources.find((r) => r.resourceType === 'AWS::S3::AccountPublicAccessBlock')!;
    expect('publicAccessBlock' in account.properties).toBe(false);
    const known = verdicts(resources, 'AWS::S3::Bucket').filter((r) => r.status !== 'UNKNOWN').map((r) => r.rule);
    expect(known.filter((id) => /encrypt|public|policy|acl|tls|kms/.test(id))).toEqual([]);
  });
});

describe('resources of another account are not the account\'s', () => {
  it('skips a snapshot owned by another account and counts it in the header', async () => {
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
    ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeSnapshotsCommand).resolves({
      Snapshots: [
        { SnapshotId: 'snap-own', OwnerId: ACCOUNT, Encrypted: true, State: 'completed' },
        { SnapshotId: 'snap-shared', OwnerId: '999999999999', Encrypted: false, State: 'completed' },
      ],
    });
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [] });
    serveEc2Rest();
    const { resources, skipped } = await collectValid(ec2Collector);
    expect(resources.filter((r) => r.resourceType === 'AWS::EC2::Snapshot').map((r) => r.resourceId)).toEqual(['snap-own']);
    expect(skipped).toEqual({ 'AWS::EC2::Snapshot owned by another account': 1 });
  });
});
