import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { InputError, OutputError } from '../../../src/errors.js';
import { expandParts } from '../../../src/inventory/snapshot-parts.js';
import { readBoundedText } from '../../../src/util/bounded-read.js';
import { headObject, listObjects, openObjectStream, PART_BYTES, uploadObject } from '../../../src/util/storage/s3-objects.js';
import { REGION, startFakeAws, type FakeAws, type Faults } from '../../collect/fake-aws/server.js';
import { fakeAwsEnv } from '../../collect/loopback.js';

/** The storage layer against the fake S3: uploads in one piece and in parts, an aborted upload, reads, listings and their errors. */

const saved = { ...process.env };
let fake: FakeAws;

async function startWith(faults: Faults = {}): Promise<FakeAws> {
  fake = await startFakeAws({ faults });
  process.env.SEALCHECK_S3_ENDPOINT = fake.url;
  const s3 = new S3Client({ endpoint: fake.url, region: REGION, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: 'audit-store', CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await s3.send(new CreateBucketCommand({ Bucket: 'audit-kms', CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await s3.send(new PutBucketEncryptionCommand({ Bucket: 'audit-kms', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } }));
  s3.destroy();
  fake.requests.length = 0;
  return fake;
}

async function readAll(uri: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of openObjectStream(uri) as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

/** Bytes that do not repeat within a part, so a part put in the wrong place shows. */
const bulk = (bytes: number) => {
  const b = Buffer.alloc(bytes);
  for (let i = 0; i + 4 <= bytes; i += 4) b.writeUInt32LE(i, i);
  return b;
};

const ops = () => fake.requests.map((r) => r.operation);

beforeAll(() => {
  Object.assign(process.env, fakeAwsEnv(REGION));
});

afterEach(async () => {
  await fake?.close();
});

afterAll(() => {
  process.env = saved;
});

describe('S3 storage', () => {
  it('puts a small object in one PutObject and reads it back as a stream', async () => {
    await startWith();
    await uploadObject('s3://audit-store/run/a.json', '{"a":1}\n');
    expect(ops()).toEqual(['PutObject']);
    expect((await readAll('s3://audit-store/run/a.json')).toString()).toBe('{"a":1}\n');
    expect(await headObject('s3://audit-store/run/a.json')).toEqual({ bytes: 8 });
    expect(await readBoundedText('s3://audit-store/run/a.json')).toBe('{"a":1}\n');
  });

  it('uploads a body larger than a part in parts and reassembles it in order', async () => {
    await startWith();
    const data = bulk(2 * PART_BYTES + 12345);
    await uploadObject('s3://audit-store/big.bin', Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
    expect(fake.calls('s3:UploadPart').total).toBe(3);
    expect(fake.calls('s3:CompleteMultipartUpload').total).toBe(1);
    const stored = fake.state.buckets.get('audit-store')!.objects!.get('big.bin')!;
    expect(stored.parts).toBe(3);
    expect((await readAll('s3://audit-store/big.bin')).equals(data)).toBe(true);
  });

  it('aborts a multipart upload whose part is refused: no object, no parts left', async () => {
    await startWith({ failCall: { 's3:UploadPart': { call: 2, code: 'InvalidRequest', message: 'refused on purpose' } } });
    const upload = uploadObject('s3://audit-store/run/big.json', bulk(3 * PART_BYTES));
    await expect(upload).rejects.toThrow(OutputError);
    await expect(upload).rejects.toThrow(/^s3:\/\/audit-store\/run\/big\.json: cannot write \(/);
    expect(fake.calls('s3:AbortMultipartUpload').total).toBe(1);
    expect(fake.calls('s3:CompleteMultipartUpload').total).toBe(0);
    expect(fake.state.buckets.get('audit-store')!.objects?.has('run/big.json') ?? false).toBe(false);
    expect(fake.state.uploads?.size).toBe(0);
  });

  it('aborts when the body fails while it is uploaded', async () => {
    await startWith();
    async function* failing() {
      yield bulk(PART_BYTES + 10);
      // The body fails once its first part is on its way: the upload has begun and must be aborted.
      while (fake.calls('s3:UploadPart').total === 0) await new Promise((r) => setTimeout(r, 5));
      throw new Error('disk gone');
    }
    await expect(uploadObject('s3://audit-store/run/half.json', Readable.from(failing()))).rejects.toThrow(/half\.json: cannot write/);
    expect(fake.calls('s3:AbortMultipartUpload').total).toBe(1);
    expect(fake.state.buckets.get('audit-store')!.objects?.has('run/half.json') ?? false).toBe(false);
    expect(fake.state.uploads?.size).toBe(0);
  });

  it('says which location cannot be read: a missing key, a missing bucket', async () => {
    await startWith();
    await expect(headObject('s3://audit-store/none.json')).rejects.toThrow(new InputError('s3://audit-store/none.json: cannot read (not found (no such bucket or key))'));
    await expect(readAll('s3://no-such-bucket/x.json')).rejects.toThrow(new InputError('s3://no-such-bucket/x.json: cannot read (no such bucket)'));
    await expect(uploadObject('s3://no-such-bucket/x.json', 'x')).rejects.toThrow(new OutputError('s3://no-such-bucket/x.json: cannot write (no such bucket)'));
  });

  it('names the permission a denied read needs', async () => {
    await startWith({ deny: ['s3:GetObject'] });
    await uploadObject('s3://audit-store/x.json', 'x');
    await expect(readAll('s3://audit-store/x.json')).rejects.toThrow('s3://audit-store/x.json: cannot read (access denied (needs s3:GetObject; see policies/sealcheck-s3-storage.json))');
  });

  it('lists a prefix over several pages; --snapshot takes its snapshot objects directly under it', async () => {
    await startWith({ pageSize: { 's3:ListObjectsV2': 2 } });
    for (const key of ['run/part-2.json.gz', 'run/part-1.json', 'run/notes.txt', 'run/old/part-1.json', 'run/part-3.ndjson', 'other/part-1.json']) await uploadObject(`s3://audit-store/${key}`, 'x');
    expect(await listObjects('s3://audit-store/run/')).toEqual([
      's3://audit-store/run/notes.txt',
      's3://audit-store/run/old/part-1.json',
      's3://audit-store/run/part-1.json',
      's3://audit-store/run/part-2.json.gz',
      's3://audit-store/run/part-3.ndjson',
    ]);
    expect(fake.calls('s3:ListObjectsV2').total).toBe(3);
    expect(await expandParts(['s3://audit-store/run/'])).toEqual(['s3://audit-store/run/part-1.json', 's3://audit-store/run/part-2.json.gz', 's3://audit-store/run/part-3.ndjson']);
    expect(await expandParts(['s3://audit-store/run/part-*.json*'])).toEqual(['s3://audit-store/run/part-1.json', 's3://audit-store/run/part-2.json.gz']);
    await expect(expandParts(['s3://audit-store/empty/'])).rejects.toThrow('s3://audit-store/empty/: the prefix holds no snapshot object (.json, .ndjson, .jsonl, optionally .gz)');
  });

  it('records the KMS permissions S3 uses for the caller only in an SSE-KMS bucket', async () => {
    await startWith();
    await uploadObject('s3://audit-store/plain.json', 'x');
    await uploadObject('s3://audit-kms/a.json', 'x');
    await readAll('s3://audit-kms/a.json');
    expect(fake.requests.map((r) => [r.operation, r.implies ?? []])).toEqual([
      ['PutObject', []],
      ['PutObject', ['kms:GenerateDataKey']],
      ['GetObject', ['kms:Decrypt']],
    ]);
  });
});
