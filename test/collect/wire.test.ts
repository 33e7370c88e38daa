import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../../src/collect/collect.js';
import type { Snapshot } from '../../src/inventory/resource.js';
import { ACCOUNT, startFakeAws, type FakeAws } from './fake-aws/server.js';
import { ROTATED_KEY, THROTTLED_LISTS_IN_TWO_PAGES, UNROTATED_KEY, WIRE_LISTS, wireAccount } from './fake-aws/wire-account.js';
import { byId, expectValid } from './helpers.js';

let server: FakeAws;
let snapshot: Snapshot;

beforeAll(async () => {
  server = await startFakeAws({ account: wireAccount(), faults: THROTTLED_LISTS_IN_TWO_PAGES });
  snapshot = await collectInventory({
    endpoint: server.url,
    regions: ['eu-west-1', 'af-south-1'],
    services: ['s3', 'kms', 'rds', 'dynamodb', 'ec2', 'sqs'],
    homeRegion: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // The SDK's own back-off would wait up to seconds per throttled answer; the retries are the same with a short one.
    client: { maxAttempts: 4, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
  });
}, 60_000);

afterAll(async () => server.close());

describe('collection over the wire with the real SDK clients', () => {
  it('talks to the local server only, and retries the throttled first answers', () => {
    expect(new Set(server.requests.map((r) => r.host.split(':')[0]))).toEqual(new Set(['127.0.0.1']));
    // One throttled answer, then both pages.
    expect(Object.fromEntries(WIRE_LISTS.map((op) => [op, server.calls(op)]))).toEqual(Object.fromEntries(WIRE_LISTS.map((op) => [op, { total: 3, faulted: 1 }])));
  });

  it('records the region that is not enabled and nothing else', () => {
    expect(snapshot.header.accounts).toEqual([ACCOUNT]);
    expect(snapshot.header.regions).toEqual(['eu-west-1']);
    expect(snapshot.header.errors).toEqual([expect.objectContaining({ code: 'RegionNotEnabled', region: 'af-south-1' })]);
    expect(snapshot.header.skipped).toEqual({ 'AWS::S3::Bucket outside the selected regions': 1 });
    expectValid(snapshot.resources);
  });

  it('collects S3 buckets and the account setting from REST-XML', () => {
    const enc = byId(snapshot.resources, 'AWS::S3::Bucket', 'wire-encrypted');
    expect(enc.properties).toMatchObject({
      encryption: { rules: [{ algorithm: 'aws:kms', bucketKeyEnabled: true }] },
      policyStatus: { isPublic: false },
      versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
      ownershipControls: { objectOwnership: 'BucketOwnerEnforced' },
      logging: null,
    });
    expect(enc.tags).toEqual({ team: 'data' });
    expect((enc.properties.policy as { Statement: unknown[] }).Statement).toHaveLength(1);
    const plain = byId(snapshot.resources, 'AWS::S3::Bucket', 'wire-plain');
    expect(plain.properties).toMatchObject({ encryption: null, policy: null, policyStatus: null, publicAccessBlock: null, versioning: { status: null } });
    expect(plain.errors).toBeUndefined();
    expect(byId(snapshot.resources, 'AWS::S3::AccountPublicAccessBlock', ACCOUNT).properties.publicAccessBlock).toMatchObject({ blockPublicAcls: true });
  });

  it('collects KMS keys from JSON 1.1, EC2 from query XML, RDS from query XML, DynamoDB and SQS from JSON 1.0', () => {
    const key = byId(snapshot.resources, 'AWS::KMS::Key', ROTATED_KEY);
    expect(key.properties).toMatchObject({ rotationEnabled: true, rotationPeriodInDays: 365, aliases: ['alias/wire'], creationDate: '2024-01-01T00:00:00.000Z' });
    expect(byId(snapshot.resources, 'AWS::KMS::Key', UNROTATED_KEY).properties.rotationEnabled).toBe(false);

    expect(byId(snapshot.resources, 'AWS::EC2::Volume', 'vol-0001').properties).toMatchObject({ encrypted: true, attachedInstanceIds: ['i-0abc'], snapshotId: null });
    expect(byId(snapshot.resources, 'AWS::EC2::Volume', 'vol-0002').properties.encrypted).toBe(false);
    expect(byId(snapshot.resources, 'AWS::EC2::Snapshot', 'snap-0001').properties.createVolumePermissions).toEqual([{ group: 'all', userId: null }]);
    expect(byId(snapshot.resources, 'AWS::EC2::EbsEncryptionByDefault', 'eu-west-1').properties).toEqual({ enabled: false, defaultKmsKeyId: 'alias/aws/ebs' });

    expect(byId(snapshot.resources, 'AWS::RDS::DBInstance', 'db-BILLING').properties).toMatchObject({ storageEncrypted: true, dbParameterGroups: [{ name: 'tls-pg', applyStatus: 'in-sync' }] });
    expect(byId(snapshot.resources, 'AWS::RDS::DBInstance', 'db-ORDERS').properties.storageEncrypted).toBe(false);
    expect(byId(snapshot.resources, 'AWS::RDS::DBParameterGroup', 'tls-pg').properties.parameters).toEqual({
      'rds.force_ssl': '1',
      require_secure_transport: null,
      ssl_min_protocol_version: null,
      tls_version: null,
      DB2COMM: null,
      tls: null,
    });
    expect(byId(snapshot.resources, 'AWS::RDS::DBSnapshot', 'orders-manual').properties.restoreAttributeValues).toEqual(['all']);

    expect(byId(snapshot.resources, 'AWS::DynamoDB::Table', 'carts').properties.sse).toEqual({ status: 'ENABLED', sseType: 'KMS', kmsMasterKeyArn: expect.stringContaining(':key/') });
    expect(byId(snapshot.resources, 'AWS::DynamoDB::Table', 'sessions').properties.sse).toBeNull();
    expect(byId(snapshot.resources, 'AWS::DynamoDB::Table', 'carts').properties.policy).toMatchObject({ Statement: [{ Principal: { AWS: 'arn:aws:iam::444455556666:root' } }] });
    // PolicyNotFoundException over the wire is "no policy", not a collection error.
    expect(byId(snapshot.resources, 'AWS::DynamoDB::Table', 'sessions').properties.policy).toBeNull();
    expect(byId(snapshot.resources, 'AWS::DynamoDB::Table', 'sessions').errors).toBeUndefined();

    const queues = snapshot.resources.filter((r) => r.resourceType === 'AWS::SQS::Queue');
    expect(queues.map((q) => q.name).sort()).toEqual(['kms-queue', 'plain-queue']);
    expect(queues.find((q) => q.name === 'kms-queue')!.properties).toMatchObject({ kmsMasterKeyId: 'alias/wire', kmsDataKeyReusePeriodSeconds: 300, policy: null });
    expect(queues.find((q) => q.name === 'kms-queue')!.tags).toEqual({ team: 'queues' });
  });
});
