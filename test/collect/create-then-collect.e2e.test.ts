import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, CreateDBParameterGroupCommand, ModifyDBParameterGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateVolumeCommand, EC2Client, EnableEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readResultsFile, verdictsOf, type Verdict } from '../../src/gate/results-file.js';
import type { Resource, Snapshot } from '../../src/inventory/resource.js';
import { readSnapshot } from '../../src/inventory/snapshot-read.js';
import { ACCOUNT, REGION, startFakeAws, type FakeAws } from './fake-aws/server.js';
import { fakeAwsEnv } from './loopback.js';

/**
 * The acceptance test: a user creates resources with known settings
 * through the real SDK clients against an AWS-compatible endpoint, then
 * `sealcheck collect --endpoint-url` and `sealcheck scan --snapshot` must find
 * every one with the right properties and give the verdicts those settings call for.
 */

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');


let fake: FakeAws;
let dir: string;
let snapshot: Snapshot;
let results: { results: Verdict[] };
/** What the user created, by role: ids the AWS answers assigned. */
const made = { rotatedKey: '', unrotatedKey: '', disabledKey: '', encryptedVolume: '', plainVolume: '', kmsQueue: '', plainQueue: '' };

async function createResources(endpoint: string): Promise<void> {
  const config = { endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const kms = new KMSClient(config);
  const rds = new RDSClient(config);
  const ddb = new DynamoDBClient(config);
  const ec2 = new EC2Client(config);
  const sqs = new SQSClient(config);
  try {
    // KMS: one key rotated, one not, one disabled; aliases name the first and the third.
    const key = async (description: string) => (await kms.send(new CreateKeyCommand({ Description: description, Tags: [{ TagKey: 'owner', TagValue: 'e2e' }] }))).KeyMetadata!;
    const rotated = await key('rotated');
    const unrotated = await key('not rotated');
    const disabled = await key('disabled');
    made.rotatedKey = rotated.KeyId!;
    made.unrotatedKey = unrotated.KeyId!;
    made.disabledKey = disabled.KeyId!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: rotated.KeyId }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app-data', TargetKeyId: rotated.KeyId }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/retired', TargetKeyId: disabled.KeyId }));

    // S3: an encrypted, TLS-only, versioned bucket behind Block Public Access, and a plain one.
    await s3.send(new CreateBucketCommand({ Bucket: 'e2e-secure', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'e2e-secure',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: rotated.Arn }, BucketKeyEnabled: true }] },
      }),
    );
    const tlsOnly = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::e2e-secure', 'arn:aws:s3:::e2e-secure/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    };
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'e2e-secure', Policy: JSON.stringify(tlsOnly) }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: 'e2e-secure', VersioningConfiguration: { Status: 'Enabled' } }));
    await s3.send(
      new PutPublicAccessBlockCommand({
        Bucket: 'e2e-secure',
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'e2e-plain', CreateBucketConfiguration: { LocationConstraint: REGION } }));

    // RDS: PostgreSQL encrypted with the rotated key and forcing TLS; MySQL unencrypted with TLS not required.
    await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'pg-tls', DBParameterGroupFamily: 'postgres16', Description: 'forces TLS' }));
    await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'pg-tls', Parameters: [{ ParameterName: 'rds.force_ssl', ParameterValue: '1', ApplyMethod: 'immediate' }] }));
    await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'mysql-open', DBParameterGroupFamily: 'mysql8.0', Description: 'TLS optional' }));
    await rds.send(
      new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'mysql-open', Parameters: [{ ParameterName: 'require_secure_transport', ParameterValue: 'OFF', ApplyMethod: 'immediate' }] }),
    );
    const instance = { DBInstanceClass: 'db.t4g.micro', AllocatedStorage: 20, MasterUsername: 'admin', ManageMasterUserPassword: true };
    await rds.send(
      new CreateDBInstanceCommand({ ...instance, DBInstanceIdentifier: 'orders-pg', Engine: 'postgres', StorageEncrypted: true, KmsKeyId: rotated.Arn, DBParameterGroupName: 'pg-tls', EnableIAMDatabaseAuthentication: true }),
    );
    await rds.send(new CreateDBInstanceCommand({ ...instance, DBInstanceIdentifier: 'legacy-mysql', Engine: 'mysql', StorageEncrypted: false, DBParameterGroupName: 'mysql-open' }));

    // DynamoDB: a table on the disabled customer key, and one on the default AWS owned key.
    const table = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }], BillingMode: 'PAY_PER_REQUEST' as const };
    await ddb.send(new CreateTableCommand({ ...table, TableName: 'carts', SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: 'alias/retired' } }));
    await ddb.send(new CreateTableCommand({ ...table, TableName: 'sessions' }));

    // EC2: an unencrypted volume made before encryption by default was turned on, an encrypted one with the unrotated key after.
    const tagged = (name: string) => [{ ResourceType: 'volume' as const, Tags: [{ Key: 'Name', Value: name }] }];
    made.plainVolume = (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8, VolumeType: 'gp3', TagSpecifications: tagged('scratch') }))).VolumeId!;
    await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    made.encryptedVolume = (
      await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 20, VolumeType: 'gp3', Encrypted: true, KmsKeyId: unrotated.KeyId, TagSpecifications: tagged('data') }))
    ).VolumeId!;

    // SQS: SSE-KMS with the rotated key's alias, and a queue with encryption turned off.
    made.kmsQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { KmsMasterKeyId: 'alias/app-data' }, tags: { team: 'shop' } }))).QueueUrl!;
    made.plainQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'audit-log', Attributes: { SqsManagedSseEnabled: 'false' } }))).QueueUrl!;

    // Disabled last: a key cannot be used to create resources once it is off.
    await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
  } finally {
    for (const c of [s3, kms, rds, ddb, ec2, sqs]) c.destroy();
  }
}

beforeAll(async () => {
  fake = await startFakeAws();
  dir = await mkdtemp(join(tmpdir(), 'sealcheck-create-collect-'));
  await createResources(fake.url);
  const out = join(dir, 'snap.json');
  await run(
    process.execPath,
    ['bin/sealcheck.js', 'collect', '--endpoint-url', fake.url, '--regions', REGION, '--services', 's3,kms,rds,dynamodb,ec2,sqs', '--out', out, '--quiet'],
    { cwd: ROOT, env: fakeAwsEnv(REGION), timeout: 60_000 },
  );
  snapshot = await readSnapshot(out);
  const reports = join(dir, 'out');
  await run(process.execPath, ['bin/sealcheck.js', 'scan', '--snapshot', out, '--format', 'json', '--out', reports, '--fail-on', 'none', '--quiet'], {
    cwd: ROOT,
    env: fakeAwsEnv(REGION),
    timeout: 60_000,
  });
  results = { results: verdictsOf(await readResultsFile(join(reports, 'results.json'))) };
}, 120_000);

afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function resource(type: string, match: (r: Resource) => boolean): Resource {
  const found = snapshot.resources.filter((r) => r.resourceType === type && match(r));
  expect(found, `${type}: exactly one match`).toHaveLength(1);
  return found[0]!;
}
const byId = (type: string, id: string) => resource(type, (r) => r.resourceId === id);
const byName = (type: string, name: string) => resource(type, (r) => r.name === name);

function verdict(ruleId: string, r: Resource): string | undefined {
  const found = results.results.filter((x) => x.ruleId === ruleId && x.resourceId === r.resourceId && x.resourceType === r.resourceType);
  expect(found.length, `${ruleId} on ${r.resourceId}`).toBeLessThanOrEqual(1);
  return found[0]?.status;
}

describe('create with the SDK, then sealcheck collect and scan against the same endpoint', () => {
  it('collected everything cleanly, from 127.0.0.1 only, with no operation the fake does not implement', () => {
    expect(snapshot.header.accounts).toEqual([ACCOUNT]);
    expect(snapshot.header.regions).toEqual([REGION]);
    expect(snapshot.header.errors).toEqual([]);
    expect(fake.requests.length).toBeGreaterThan(40);
    expect(new Set(fake.requests.map((r) => r.host.replace(/:\d+$/, '')))).toEqual(new Set(['127.0.0.1']));
    expect(new Set(fake.requests.map((r) => r.remoteAddress.replace(/^::ffff:/, '')))).toEqual(new Set(['127.0.0.1']));
    expect(fake.requests.filter((r) => !r.handled)).toEqual([]);
  });

  it('S3: both buckets with what was put on them', () => {
    const secure = byId('AWS::S3::Bucket', 'e2e-secure');
    expect(secure.region).toBe(REGION);
    expect(secure.properties).toMatchObject({
      encryption: { rules: [{ algorithm: 'aws:kms', kmsKeyId: fake.state.keys.get(made.rotatedKey)!.arn, bucketKeyEnabled: true }] },
      versioning: { status: 'Enabled' },
      publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
      policyStatus: { isPublic: false },
    });
    expect((secure.properties.policy as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid)).toEqual(['DenyInsecureTransport']);
    const plain = byId('AWS::S3::Bucket', 'e2e-plain');
    expect(plain.properties).toMatchObject({ encryption: null, policy: null, policyStatus: null, publicAccessBlock: null, versioning: { status: null } });
    expect(byId('AWS::S3::AccountPublicAccessBlock', ACCOUNT).properties.publicAccessBlock).toBeNull();
    for (const b of [secure, plain]) expect(b.errors).toBeUndefined();
  });

  it('KMS: the three customer keys with their state, rotation, aliases and tags', () => {
    const rotated = byId('AWS::KMS::Key', made.rotatedKey);
    expect(rotated.properties).toMatchObject({ keyManager: 'CUSTOMER', keyState: 'Enabled', enabled: true, rotationEnabled: true, rotationPeriodInDays: 365, aliases: ['alias/app-data'] });
    expect(rotated.name).toBe('alias/app-data');
    expect(rotated.tags).toEqual({ owner: 'e2e' });
    expect(byId('AWS::KMS::Key', made.unrotatedKey).properties).toMatchObject({ keyState: 'Enabled', rotationEnabled: false, aliases: [] });
    expect(byId('AWS::KMS::Key', made.disabledKey).properties).toMatchObject({ keyState: 'Disabled', enabled: false, aliases: ['alias/retired'] });
    // Turning on EBS encryption by default made no key; only the user's keys exist.
    expect(snapshot.resources.filter((r) => r.resourceType === 'AWS::KMS::Key')).toHaveLength(3);
  });

  it('RDS: both instances and both parameter groups with the TLS parameters', () => {
    const pg = byName('AWS::RDS::DBInstance', 'orders-pg');
    expect(pg.properties).toMatchObject({
      engine: 'postgres',
      storageEncrypted: true,
      kmsKeyId: fake.state.keys.get(made.rotatedKey)!.arn,
      iamDatabaseAuthenticationEnabled: true,
      dbParameterGroups: [{ name: 'pg-tls', applyStatus: 'in-sync' }],
      dbClusterIdentifier: null,
    });
    expect(byName('AWS::RDS::DBInstance', 'legacy-mysql').properties).toMatchObject({ engine: 'mysql', storageEncrypted: false, kmsKeyId: null, dbParameterGroups: [{ name: 'mysql-open' }] });
    expect(byId('AWS::RDS::DBParameterGroup', 'pg-tls').properties).toMatchObject({ family: 'postgres16', parameters: { 'rds.force_ssl': '1', require_secure_transport: null } });
    expect(byId('AWS::RDS::DBParameterGroup', 'mysql-open').properties).toMatchObject({ family: 'mysql8.0', parameters: { 'rds.force_ssl': null, require_secure_transport: 'OFF' } });
  });

  it('DynamoDB, EC2 and SQS: every table, volume and queue with its encryption', () => {
    expect(byId('AWS::DynamoDB::Table', 'carts').properties.sse).toEqual({ status: 'ENABLED', sseType: 'KMS', kmsMasterKeyArn: fake.state.keys.get(made.disabledKey)!.arn });
    expect(byId('AWS::DynamoDB::Table', 'sessions').properties.sse).toBeNull();

    expect(byId('AWS::EC2::Volume', made.plainVolume)).toMatchObject({ name: 'scratch', properties: { encrypted: false, kmsKeyId: null, size: 8 } });
    expect(byId('AWS::EC2::Volume', made.encryptedVolume)).toMatchObject({ name: 'data', properties: { encrypted: true, kmsKeyId: fake.state.keys.get(made.unrotatedKey)!.arn, size: 20 } });
    expect(byId('AWS::EC2::EbsEncryptionByDefault', REGION).properties).toEqual({ enabled: true, defaultKmsKeyId: 'alias/aws/ebs' });

    const kmsQueue = byId('AWS::SQS::Queue', made.kmsQueue);
    expect(kmsQueue.properties).toMatchObject({ kmsMasterKeyId: 'alias/app-data', kmsDataKeyReusePeriodSeconds: 300, sqsManagedSseEnabled: false, policy: null });
    expect(kmsQueue.tags).toEqual({ team: 'shop' });
    expect(byId('AWS::SQS::Queue', made.plainQueue).properties).toMatchObject({ kmsMasterKeyId: null, sqsManagedSseEnabled: false });
  });

  it('scan verdicts follow from how each resource was created', () => {
    const bucket = (n: string) => byId('AWS::S3::Bucket', n);
    const key = (id: string) => byId('AWS::KMS::Key', id);
    const db = (n: string) => byName('AWS::RDS::DBInstance', n);
    const table = (n: string) => byId('AWS::DynamoDB::Table', n);
    const volume = (id: string) => byId('AWS::EC2::Volume', id);
    const queue = (url: string) => byId('AWS::SQS::Queue', url);
    const expected: [string, Resource, string][] = [
      ['s3-bucket-default-encryption', bucket('e2e-secure'), 'PASS'],
      ['s3-bucket-default-encryption', bucket('e2e-plain'), 'FAIL'],
      ['s3-bucket-tls-only', bucket('e2e-secure'), 'PASS'],
      ['s3-bucket-tls-only', bucket('e2e-plain'), 'FAIL'],
      ['s3-bucket-versioning-enabled', bucket('e2e-secure'), 'PASS'],
      ['s3-bucket-versioning-enabled', bucket('e2e-plain'), 'FAIL'],
      ['kms-key-rotation-enabled', key(made.rotatedKey), 'PASS'],
      ['kms-key-rotation-enabled', key(made.unrotatedKey), 'FAIL'],
      ['rds-instance-storage-encrypted', db('orders-pg'), 'PASS'],
      ['rds-instance-storage-encrypted', db('legacy-mysql'), 'FAIL'],
      ['rds-instance-tls-enforced', db('orders-pg'), 'PASS'],
      ['rds-instance-tls-enforced', db('legacy-mysql'), 'FAIL'],
      ['dynamodb-table-kms-encrypted', table('carts'), 'PASS'],
      ['dynamodb-table-kms-encrypted', table('sessions'), 'FAIL'],
      ['ec2-volume-encrypted', volume(made.encryptedVolume), 'PASS'],
      ['ec2-volume-encrypted', volume(made.plainVolume), 'FAIL'],
      ['ec2-ebs-encryption-by-default', byId('AWS::EC2::EbsEncryptionByDefault', REGION), 'PASS'],
      ['sqs-queue-encrypted', queue(made.kmsQueue), 'PASS'],
      ['sqs-queue-encrypted', queue(made.plainQueue), 'FAIL'],
      // The table on the disabled key is unreadable; resources on enabled keys are fine.
      ['kms-key-unusable-while-in-use', table('carts'), 'FAIL'],
      ['kms-key-unusable-while-in-use', bucket('e2e-secure'), 'PASS'],
      ['kms-key-unusable-while-in-use', db('orders-pg'), 'PASS'],
      ['kms-key-unusable-while-in-use', volume(made.encryptedVolume), 'PASS'],
      ['kms-key-unusable-while-in-use', queue(made.kmsQueue), 'PASS'],
    ];
    const actual = expected.map(([rule, r]) => [rule, r.name ?? r.resourceId, verdict(rule, r)]);
    expect(actual).toEqual(expected.map(([rule, r, status]) => [rule, r.name ?? r.resourceId, status]));
    // The disabled key's finding names the key and the problem.
    const unusable = results.results.find((x) => x.ruleId === 'kms-key-unusable-while-in-use' && x.resourceId === 'carts');
    expect(JSON.stringify(unusable)).toMatch(/disabled/);
  });
});
