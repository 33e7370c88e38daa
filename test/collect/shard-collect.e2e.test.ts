import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readResultsFile, verdictsOf } from '../../src/gate/results-file.js';
import type { ScanResults } from '../../src/engine/result.js';
import { readSnapshot } from '../../src/inventory/snapshot-read.js';
import { REGION, startFakeAws, type FakeAws } from './fake-aws/server.js';
import { fakeAwsEnv } from './loopback.js';

/**
 * The acceptance test for sharded collection: four shards collected
 * against the stateful fake AWS and scanned together give the same results as
 * one unsharded collection; a part left out is a collection error.
 */

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const SERVICES = 's3,kms,dynamodb,ec2,sqs';

let fake: FakeAws;
let dir: string;

async function createResources(endpoint: string): Promise<void> {
  const config = { endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const kms = new KMSClient(config);
  const ddb = new DynamoDBClient(config);
  const ec2 = new EC2Client(config);
  const sqs = new SQSClient(config);
  try {
    const rotated = (await kms.send(new CreateKeyCommand({ Description: 'rotated' }))).KeyMetadata!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: rotated.KeyId }));
    await kms.send(new CreateKeyCommand({ Description: 'not rotated' }));
    // The bucket names a key collected by another shard: the merged scan must still find it.
    await s3.send(new CreateBucketCommand({ Bucket: 'shard-secure', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(
      new PutBucketEncryptionCommand({ Bucket: 'shard-secure', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: rotated.Arn } }] } }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'shard-plain', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    const table = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }], BillingMode: 'PAY_PER_REQUEST' as const };
    await ddb.send(new CreateTableCommand({ ...table, TableName: 'orders', SSESpecification: { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: rotated.Arn } }));
    await ddb.send(new CreateTableCommand({ ...table, TableName: 'sessions' }));
    await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8, VolumeType: 'gp3' }));
    await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8, VolumeType: 'gp3', Encrypted: true, KmsKeyId: rotated.KeyId }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'jobs', Attributes: { KmsMasterKeyId: rotated.Arn } }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'plain', Attributes: { SqsManagedSseEnabled: 'false' } }));
  } finally {
    for (const c of [s3, kms, ddb, ec2, sqs]) c.destroy();
  }
}

/** Runs the built CLI without blocking this process (the fake AWS answers from it); resolves with the exit code and standard error. */
async function sealcheck(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await exec(process.execPath, ['bin/sealcheck.js', ...args], { cwd: ROOT, env: { ...fakeAwsEnv(REGION), ...env }, timeout: 170_000 });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code?: number; signal?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stderr: `${e.signal ?? ''} ${e.stderr ?? ''}` };
  }
}

const collect = (out: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  sealcheck(['collect', '--endpoint-url', fake.url, '--regions', REGION, '--services', SERVICES, '--out', out, '--quiet', ...extra], env);

async function scan(snapshot: string[], out: string, extra: string[] = []): Promise<{ code: number; stderr: string; results: ScanResults }> {
  const run = await sealcheck(['scan', '--snapshot', ...snapshot, '--format', 'json', '--out', out, '--fail-on', 'none', '--quiet', ...extra]);
  return { ...run, results: await readResultsFile(join(out, 'results.json')) };
}

/** Every verdict as one comparable line: rule, resource, status and message. */
const lines = (r: ScanResults) =>
  verdictsOf(r)
    .map((v) => `${v.ruleId} ${v.resourceType} ${v.resourceId} ${v.status} ${v.message ?? ''}`)
    .sort();

beforeAll(async () => {
  fake = await startFakeAws();
  dir = await mkdtemp(join(tmpdir(), 'sealcheck-shard-'));
  await createResources(fake.url);
  await mkdir(join(dir, 'parts'));
  const runs = await Promise.all([
    collect(join(dir, 'whole.json')),
    // Two parts by flag, one from a Kubernetes Indexed Job's environment, one from an AWS Batch array job's.
    collect(join(dir, 'parts', 'part-1.json'), ['--shard', '1/4', '--shard-run', 'nightly-7']),
    collect(join(dir, 'parts', 'part-2.ndjson'), ['--shard', '2/4', '--shard-run', 'nightly-7']),
    collect(join(dir, 'parts', 'part-3.json.gz'), [], { JOB_COMPLETION_INDEX: '2', SEALCHECK_SHARD_COUNT: '4', SEALCHECK_SHARD_RUN: 'nightly-7' }),
    collect(join(dir, 'parts', 'part-4.json'), [], { AWS_BATCH_JOB_ARRAY_INDEX: '3', AWS_BATCH_JOB_ARRAY_SIZE: '4', AWS_BATCH_JOB_ID: 'nightly-7:3' }),
  ]);
  expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0, 0, 0]);
}, 400_000);

afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sealcheck collect --shard I/N against the fake AWS', () => {
  it('splits the units into four disjoint parts that together are the whole, each recorded in its header', async () => {
    const files = ['part-1.json', 'part-2.ndjson', 'part-3.json.gz', 'part-4.json'];
    const parts = await Promise.all(files.map((f) => readSnapshot(join(dir, 'parts', f))));
    expect(parts.map((p) => [p.header.shard?.index, p.header.shard?.count, p.header.shard?.run])).toEqual([
      [1, 4, 'nightly-7'],
      [2, 4, 'nightly-7'],
      [3, 4, 'nightly-7'],
      [4, 4, 'nightly-7'],
    ]);
    const units = parts.flatMap((p) => p.header.shard!.units.map((u) => `${u.account}/${u.region}/${u.service}`));
    // s3 weighs 8, ec2 6, kms 4, dynamodb 3, sqs 2: the lightest part takes the next heaviest unit.
    expect(parts.map((p) => p.header.shard!.units.map((u) => u.service))).toEqual([['s3'], ['ec2'], ['kms'], ['dynamodb', 'sqs']]);
    expect(units.sort()).toEqual(['self/eu-west-1/dynamodb', 'self/eu-west-1/ec2', 'self/eu-west-1/kms', 'self/eu-west-1/sqs', 'self/global/s3'].sort());
    const whole = await readSnapshot(join(dir, 'whole.json'));
    expect(parts.flatMap((p) => p.resources.map((r) => r.arn)).sort()).toEqual(whole.resources.map((r) => r.arn).sort());
  });

  it('merges the four parts (a folder) into the same results as one unsharded collection', { timeout: 400_000 }, async () => {
    const whole = await scan([join(dir, 'whole.json')], join(dir, 'out-whole'));
    const merged = await scan([join(dir, 'parts')], join(dir, 'out-merged'));
    expect(merged.code, merged.stderr).toBe(0);
    expect(lines(merged.results)).toEqual(lines(whole.results));
    expect(merged.results.run.collectionErrors).toEqual([]);
    expect(merged.results.run.snapshot.accounts).toEqual(whole.results.run.snapshot.accounts);
    expect(merged.results.run.snapshot.resourceCount).toBe(whole.results.run.snapshot.resourceCount);
    // The bucket's key came from another part: found, so the verdict is not UNKNOWN.
    expect(lines(merged.results).filter((l) => l.includes('shard-secure') && l.includes(' UNKNOWN '))).toEqual([]);
  });

  it('takes the parts as files and as a glob too', { timeout: 400_000 }, async () => {
    const parts = ['part-1.json', 'part-2.ndjson', 'part-3.json.gz', 'part-4.json'].map((f) => join(dir, 'parts', f));
    const byFiles = await scan(parts, join(dir, 'out-files'));
    const byGlob = await scan([join(dir, 'parts', 'part-*')], join(dir, 'out-glob'));
    const whole = await readResultsFile(join(dir, 'out-whole', 'results.json'));
    expect(lines(byFiles.results)).toEqual(lines(whole));
    expect(lines(byGlob.results)).toEqual(lines(whole));
  });

  it('records a missing part as collection errors for what it held, and --strict exits 3', { timeout: 400_000 }, async () => {
    const some = ['part-1.json', 'part-2.ndjson', 'part-4.json'].map((f) => join(dir, 'parts', f));
    const run = await scan(some, join(dir, 'out-missing'), ['--strict']);
    expect(run.code).toBe(3);
    expect(run.results.run.collectionErrors).toEqual([
      expect.objectContaining({ code: 'MissingShard', service: 'kms', region: REGION, accountId: '123456789012', message: 'shard 3 of 4 of run nightly-7 is missing: kms in eu-west-1 was not collected' }),
    ]);
    // The keys were in the missing part: what refers to them is UNKNOWN now, never a PASS or FAIL it was not before.
    const whole = lines(await readResultsFile(join(dir, 'out-whole', 'results.json')));
    const changed = lines(run.results).filter((l) => !whole.includes(l) && !l.includes('AWS::KMS::'));
    expect(changed).not.toEqual([]);
    expect(changed.filter((l) => !l.includes(' UNKNOWN '))).toEqual([]);
  });

  it('refuses parts of different runs and a part given twice (exit 2)', async () => {
    await copyFile(join(dir, 'parts', 'part-1.json'), join(dir, 'copy-1.json'));
    const twice = await sealcheck(['scan', '--snapshot', join(dir, 'parts'), join(dir, 'copy-1.json'), '--out', join(dir, 'out-twice'), '--quiet']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('/header/shard/index: shard 1 of 4 of run nightly-7 is also');
    const other = join(dir, 'other-3.json');
    const made = await collect(other, ['--shard', '3/4', '--shard-run', 'nightly-8']);
    expect(made.code, made.stderr).toBe(0);
    const mixed = await sealcheck(['scan', '--snapshot', join(dir, 'parts', 'part-1.json'), join(dir, 'parts', 'part-2.ndjson'), other, join(dir, 'parts', 'part-4.json'), '--out', join(dir, 'out-mixed'), '--quiet']);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('parts of different runs');
  }, 400_000);

  it('rejects bad shard values before any AWS call (exit 2)', async () => {
    const before = fake.requests.length;
    for (const [args, env, message] of [
      [['--shard', '5/4'], {}, 'shard 5 is not one of 1 to 4'],
      [['--shard', '0/4'], {}, 'shard 0 is not one of 1 to 4'],
      [['--shard', 'two/4'], {}, 'is not a whole number'],
      [['--shard', '1/6'], {}, '6 shards for 5 unit(s) of work'],
      [[], { JOB_COMPLETION_INDEX: '1' }, 'SEALCHECK_SHARD_COUNT is not'],
      [[], { AWS_BATCH_JOB_ARRAY_INDEX: '1' }, 'AWS_BATCH_JOB_ARRAY_SIZE is not'],
    ] as const) {
      const run = await collect(join(dir, 'bad.json'), [...args], env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
    }
    // The plan is made from the flags alone: nothing was asked of AWS (STS included).
    expect(fake.requests.length).toBe(before);
  }, 400_000);
});
