import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readResultsFile, verdictsOf } from '../../src/gate/results-file.js';
import type { ScanResults } from '../../src/engine/result.js';
import { REGION, startFakeAws, type FakeAws } from '../collect/fake-aws/server.js';
import { fakeAwsEnv } from '../collect/loopback.js';
import { ROOT } from './run-cli.js';

/**
 * Snapshots and results kept in S3 (issue 18 §2), on the built CLI against the
 * fake AWS: a sharded collection written to s3://, scanned from the prefix,
 * results written to and reported from S3; multipart for a large snapshot and
 * its abort; the errors for what is not there; and the permissions the calls
 * need held to policies/sealcheck-s3-storage.json.
 */

const exec = promisify(execFile);
const SERVICES = 'kms,dynamodb,sqs,s3';
const BUCKET = 'sealcheck-runs';

let fake: FakeAws;
let big: FakeAws;
let dir: string;

const config = (endpoint: string) => ({ endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

async function storageBucket(endpoint: string): Promise<void> {
  const s3 = new S3Client({ ...config(endpoint), forcePathStyle: true });
  const kms = new KMSClient(config(endpoint));
  try {
    const key = (await kms.send(new CreateKeyCommand({ Description: 'storage' }))).KeyMetadata!;
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    // SSE-KMS: S3 uses the caller's kms:GenerateDataKey and kms:Decrypt, which the policy must then grant.
    await s3.send(new PutBucketEncryptionCommand({ Bucket: BUCKET, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.Arn } }] } }));
  } finally {
    s3.destroy();
    kms.destroy();
  }
}

async function auditedResources(endpoint: string): Promise<void> {
  const ddb = new DynamoDBClient(config(endpoint));
  const sqs = new SQSClient(config(endpoint));
  try {
    const table = { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }], BillingMode: 'PAY_PER_REQUEST' as const };
    await ddb.send(new CreateTableCommand({ ...table, TableName: 'orders' }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'jobs', Attributes: { SqsManagedSseEnabled: 'true' } }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'plain', Attributes: { SqsManagedSseEnabled: 'false' } }));
  } finally {
    ddb.destroy();
    sqs.destroy();
  }
}

/** Runs the built CLI without blocking this process (the fake answers from it), S3 pointed at `at`. */
async function sealcheck(args: string[], at: FakeAws = fake): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await exec(process.execPath, ['bin/sealcheck.js', ...args], { cwd: ROOT, env: { ...fakeAwsEnv(REGION), SEALCHECK_S3_ENDPOINT: at.url }, timeout: 170_000, maxBuffer: 64 * 2 ** 20 });
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code?: number; signal?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stderr: `${e.signal ?? ''} ${e.stderr ?? ''}` };
  }
}

const collect = (out: string, extra: string[] = [], at: FakeAws = fake) =>
  sealcheck(['collect', '--endpoint-url', at.url, '--regions', REGION, '--services', SERVICES, '--out', out, '--quiet', ...extra], at);

const stored = (at: FakeAws, key: string) => at.state.buckets.get(BUCKET)?.objects?.get(key);

/** Every verdict as one comparable line. */
const lines = (r: ScanResults) =>
  verdictsOf(r)
    .map((v) => `${v.ruleId} ${v.resourceType} ${v.resourceId} ${v.status} ${v.message ?? ''}`)
    .sort();

/** The lines of standard error, without the SDK's Node 20 notice (a warning of several lines). */
const errorLines = (stderr: string) =>
  stderr
    .replace(/^.*Warning:[\s\S]*?\(Use `node --trace-warnings[^\n]*\n/gm, '')
    .split('\n')
    .filter((l) => l.trim() !== '');

beforeAll(async () => {
  [fake, big] = await Promise.all([startFakeAws(), startFakeAws({ faults: { failCall: { 's3:UploadPart': { call: 2, code: 'InvalidRequest', message: 'part refused on purpose' } } } })]);
  dir = await mkdtemp(join(tmpdir(), 'sealcheck-s3-'));
  await storageBucket(fake.url);
  await auditedResources(fake.url);
  const runs = await Promise.all([
    collect(join(dir, 'whole.json')),
    ...[1, 2, 3, 4].map((i) => collect(`s3://${BUCKET}/run/part-{shard}.json${i % 2 ? '.gz' : ''}`, ['--shard', `${i}/4`, '--shard-run', 'nightly-9'])),
  ]);
  expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0, 0, 0]);
  // The same parts as local files, for the local merge to compare with.
  await mkdir(join(dir, 'local-parts'));
  for (const [key, object] of fake.state.buckets.get(BUCKET)!.objects!) await writeFile(join(dir, 'local-parts', key.slice('run/'.length)), object.body);
}, 400_000);

afterAll(async () => {
  await fake?.close();
  await big?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('snapshots and results in S3', () => {
  it('scans the parts under an s3:// prefix as the same inventory as the local parts and the unsharded collection', { timeout: 400_000 }, async () => {
    expect([...fake.state.buckets.get(BUCKET)!.objects!.keys()].sort()).toEqual(['run/part-1.json.gz', 'run/part-2.json', 'run/part-3.json.gz', 'run/part-4.json']);
    const scan = (snapshot: string, out: string) => sealcheck(['scan', '--snapshot', snapshot, '--format', 'json', '--out', join(dir, out), '--fail-on', 'none', '--quiet']);
    const runs = await Promise.all([scan(`s3://${BUCKET}/run/`, 'from-s3'), scan(join(dir, 'local-parts'), 'from-local'), scan(join(dir, 'whole.json'), 'from-whole')]);
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 0]);
    const [fromS3, fromLocal, whole] = await Promise.all(['from-s3', 'from-local', 'from-whole'].map((o) => readResultsFile(join(dir, o, 'results.json'))));
    expect(lines(fromS3!)).toEqual(lines(fromLocal!));
    expect(lines(fromS3!)).toEqual(lines(whole!));
    // Not an empty comparison: the unencrypted queue fails, the table and the storage bucket are there.
    expect(lines(fromS3!).filter((l) => / FAIL /.test(l)).map((l) => l.split(' ').slice(1, 3).join(' '))).toEqual(expect.arrayContaining([expect.stringMatching(/^AWS::SQS::Queue \S*plain/)]));
    const types = new Set(verdictsOf(fromS3!).map((v) => v.resourceType));
    expect(['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::SQS::Queue'].filter((t) => !types.has(t))).toEqual([]);
    expect(fromS3!.run.collectionErrors).toEqual([]);
  });

  it('writes results to S3, renders a report and a baseline from there into S3', { timeout: 400_000 }, async () => {
    const scanned = await sealcheck(['scan', '--snapshot', `s3://${BUCKET}/run/`, '--format', 'json,html', '--out', `s3://${BUCKET}/results/`, '--fail-on', 'none', '--quiet']);
    expect(scanned.code, scanned.stderr).toBe(0);
    const results = JSON.parse(stored(fake, 'results/results.json')!.body.toString('utf8')) as ScanResults;
    expect(results.format).toBe('sealcheck-results');
    expect(stored(fake, 'results/report.html')!.body.toString('utf8')).toContain('<html');
    const reported = await sealcheck(['report', '--results', `s3://${BUCKET}/results/results.json`, '--format', 'junit', '--out', `s3://${BUCKET}/report`]);
    expect(reported.code, reported.stderr).toBe(0);
    expect(errorLines(reported.stderr)).toEqual([`wrote s3://${BUCKET}/report/junit.xml`]);
    expect(stored(fake, 'report/junit.xml')!.body.toString('utf8')).toContain('<testsuites');
    const baseline = await sealcheck(['baseline', 'create', '--results', `s3://${BUCKET}/results/results.json`, '--out', `s3://${BUCKET}/baseline.json`]);
    expect(baseline.code, baseline.stderr).toBe(0);
    const gated = await sealcheck(['scan', '--snapshot', `s3://${BUCKET}/run/`, '--format', 'json', '--out', join(dir, 'gated'), '--baseline', `s3://${BUCKET}/baseline.json`, '--fail-on', 'low', '--quiet']);
    expect(gated.code, gated.stderr).toBe(0);
    const diffed = await sealcheck(['diff', `s3://${BUCKET}/results/results.json`, join(dir, 'gated', 'results.json'), '--format', 'json', '-o', `s3://${BUCKET}/diff.json`]);
    expect(diffed.code, diffed.stderr).toBe(0);
    const diff = JSON.parse(stored(fake, 'diff.json')!.body.toString('utf8')) as { findings: Record<string, unknown[]> };
    expect([diff.findings.new!.length, diff.findings.fixed!.length, diff.findings.unchanged!.length > 0]).toEqual([0, 0, true]);
  });

  it('makes a part missing from the S3 prefix a MissingShard collection error; --strict exits 3', { timeout: 400_000 }, async () => {
    const objects = fake.state.buckets.get(BUCKET)!.objects!;
    for (const i of [1, 2, 4]) {
      const key = [...objects.keys()].find((k) => k.startsWith(`run/part-${i}.`))!;
      objects.set(`partial/${key.slice('run/'.length)}`, objects.get(key)!);
    }
    const run = await sealcheck(['scan', '--snapshot', `s3://${BUCKET}/partial/`, '--format', 'json', '--out', join(dir, 'partial'), '--fail-on', 'none', '--strict', '--quiet']);
    expect(run.code, run.stderr).toBe(3);
    const results = await readResultsFile(join(dir, 'partial', 'results.json'));
    expect(results.run.collectionErrors.map((e) => e.code)).toContain('MissingShard');
    expect(results.run.collectionErrors.every((e) => e.code === 'MissingShard' && /^shard 3 of 4 of run nightly-9 is missing: /.test(e.message))).toBe(true);
  });

  it('says in one line which s3:// location is not there (exit 2)', { timeout: 400_000 }, async () => {
    const cases: [string[], string][] = [
      [['scan', '--snapshot', 's3://no-such-bucket/run/', '--out', join(dir, 'x')], 's3://no-such-bucket/run/: cannot read (no such bucket)'],
      [['scan', '--snapshot', `s3://${BUCKET}/run/part-9.json`, '--out', join(dir, 'x')], `s3://${BUCKET}/run/part-9.json: cannot read (not found (no such bucket or key))`],
      [['scan', '--snapshot', `s3://${BUCKET}/nothing/`, '--out', join(dir, 'x')], `s3://${BUCKET}/nothing/: the prefix holds no snapshot object (.json, .ndjson, .jsonl, optionally .gz)`],
      [['report', '--results', `s3://${BUCKET}/none/results.json`, '--out', join(dir, 'x')], `s3://${BUCKET}/none/results.json: cannot read (not found (no such bucket or key))`],
      [['collect', '--endpoint-url', fake.url, '--regions', REGION, '--services', 'sqs', '--out', 's3://no-such-bucket/p.json', '--quiet'], 's3://no-such-bucket/p.json: cannot write (no such bucket)'],
    ];
    const runs = await Promise.all(cases.map(([args]) => sealcheck(args)));
    expect(runs.map((r) => [r.code, errorLines(r.stderr)])).toEqual(cases.map(([, message]) => [2, [`sealcheck: ${message}`]]));
  });

  it('uploads a large snapshot in parts, and aborts the upload whose part fails', { timeout: 400_000 }, async () => {
    await storageBucket(big.url);
    // ~6.5 MiB of snapshot: queues with many long tags, put straight into the fake's state.
    const tags = Object.fromEntries(Array.from({ length: 40 }, (_, t) => [`tag-${t}`, 'v'.repeat(500)]));
    for (let i = 0; i < 320; i++) big.state.queues.set(`bulk-${i}`, { name: `bulk-${i}`, attributes: { SqsManagedSseEnabled: 'true' }, tags });
    const failed = await collect(`s3://${BUCKET}/big/part.json`, ['--services', 'sqs'], big);
    expect(failed.code, failed.stderr).toBe(2);
    expect(errorLines(failed.stderr)).toEqual([expect.stringMatching(new RegExp(`^sealcheck: s3://${BUCKET}/big/part\\.json: cannot write \\(`))]);
    expect(big.calls('s3:AbortMultipartUpload').total).toBe(1);
    expect(stored(big, 'big/part.json')).toBeUndefined();
    expect(big.state.uploads?.size).toBe(0);

    const done = await collect(`s3://${BUCKET}/big/part.json`, ['--services', 'sqs'], big);
    expect(done.code, done.stderr).toBe(0);
    const object = stored(big, 'big/part.json')!;
    expect(object.body.length).toBeGreaterThan(5 * 2 ** 20);
    expect(object.parts).toBe(Math.ceil(object.body.length / (5 * 2 ** 20)));
    const scanned = await sealcheck(['scan', '--snapshot', `s3://${BUCKET}/big/part.json`, '--format', 'json', '--out', join(dir, 'big'), '--fail-on', 'none', '--quiet'], big);
    expect(scanned.code, scanned.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'big', 'results.json'), 'utf8')) as { resources: { resourceType: string }[] };
    expect(results.resources.filter((r) => r.resourceType === 'AWS::SQS::Queue')).toHaveLength(320);
  });

  it('needs exactly the permissions of policies/sealcheck-s3-storage.json, no more, no less', () => {
    // The IAM action each S3 call is authorised by (Amazon S3 API reference, "Permissions" of each operation).
    const ACTION: Record<string, string> = {
      PutObject: 's3:PutObject',
      CreateMultipartUpload: 's3:PutObject',
      UploadPart: 's3:PutObject',
      CompleteMultipartUpload: 's3:PutObject',
      AbortMultipartUpload: 's3:AbortMultipartUpload',
      GetObject: 's3:GetObject',
      HeadObject: 's3:GetObject',
      ListObjectsV2: 's3:ListBucket',
    };
    const OBJECT_CALLS = new Set([...Object.keys(ACTION), 'DeleteObject']);
    const seen = new Set<string>();
    for (const r of [...fake.requests, ...big.requests]) {
      if (r.service !== 's3' || !OBJECT_CALLS.has(r.operation)) continue;
      // A call the table does not know is a permission the policy does not grant.
      seen.add(ACTION[r.operation] ?? `unmapped ${r.operation}`);
      for (const a of r.implies ?? []) seen.add(a);
    }
    const policy = JSON.parse(readFileSync(join(ROOT, 'policies', 'sealcheck-s3-storage.json'), 'utf8')) as { Statement: { Action: string[] }[] };
    expect([...seen].sort()).toEqual([...new Set(policy.Statement.flatMap((s) => s.Action))].sort());
  });
});
