import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateBucketCommand, PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { ACCOUNT, REGION, startFakeAws, type FakeAws } from '../collect/fake-aws/server.js';
import { fakeAwsEnv } from '../collect/loopback.js';

/**
 * Issue 15 §4: roles, policies and a bucket encrypted with a KMS key are
 * created through the real SDK clients against the stateful fake AWS, the
 * account is collected with the built CLI, and `access who-can` answers on
 * the collected snapshot: reading needs the objects and the key.
 */

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const BUCKET = 'arn:aws:s3:::e2e-access-data';
const arn = (kind: 'role' | 'user', name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;

let fake: FakeAws;
let dir: string;
let snapshot: string;

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });

async function createAccount(endpoint: string): Promise<void> {
  const config = { endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const kms = new KMSClient(config);
  const iam = new IAMClient(config);
  try {
    // The key's default policy delegates to the account: IAM policies decide who may use it.
    const key = (await kms.send(new CreateKeyCommand({ Description: 'data key' }))).KeyMetadata!;
    await s3.send(new CreateBucketCommand({ Bucket: 'e2e-access-data', CreateBucketConfiguration: { LocationConstraint: REGION } }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'e2e-access-data',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.Arn } }] },
      }),
    );
    const readObjects = { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` };
    const decrypt = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.Arn };

    // Reader: objects and key, from an inline policy and a managed one.
    await iam.send(new CreateRoleCommand({ RoleName: 'Reader', AssumeRolePolicyDocument: trustAccount }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Reader', PolicyName: 'read-objects', PolicyDocument: doc({ Sid: 'ReadObjects', ...readObjects }) }));
    const keyUse = (await iam.send(new CreatePolicyCommand({ PolicyName: 'data-key-use', PolicyDocument: doc({ Sid: 'Decrypt', ...decrypt }) }))).Policy!;
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'Reader', PolicyArn: keyUse.Arn }));
    // Analyst: the objects only; it cannot read the plaintext.
    await iam.send(new CreateRoleCommand({ RoleName: 'Analyst', AssumeRolePolicyDocument: trustAccount }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Analyst', PolicyName: 'read-objects', PolicyDocument: doc(readObjects) }));
    // Ops: may assume Reader, nothing else; it reads through the role.
    await iam.send(new CreateUserCommand({ UserName: 'ops' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'ops', PolicyName: 'assume-reader', PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'Reader') }) }));
    // Keys: the key alone, no objects.
    await iam.send(new CreateUserCommand({ UserName: 'keys' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'keys', PolicyName: 'decrypt', PolicyDocument: doc(decrypt) }));
  } finally {
    for (const c of [s3, kms, iam]) c.destroy();
  }
}

beforeAll(async () => {
  fake = await startFakeAws();
  dir = await mkdtemp(join(tmpdir(), 'sealcheck-create-access-'));
  await createAccount(fake.url);
  snapshot = join(dir, 'snap.json');
  await run(process.execPath, ['bin/sealcheck.js', 'collect', '--endpoint-url', fake.url, '--regions', REGION, '--services', 's3,kms,iam', '--out', snapshot, '--quiet'], {
    cwd: ROOT,
    env: fakeAwsEnv(REGION),
    timeout: 60_000,
  });
}, 120_000);

afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Answer {
  grantees: { principal: string; via: string[]; reasons: { kind: string; sid?: string; policyArn: string }[]; keyReasons?: { kind: string; policyArn: string }[] }[];
  bounds: { lower: boolean; upper: boolean; reasons: string[] };
}

async function whoCan(cls: string): Promise<Answer> {
  const { stdout } = await run(process.execPath, ['bin/sealcheck.js', 'access', 'who-can', '--snapshot', snapshot, '--resource', BUCKET, '--class', cls, '--format', 'json'], {
    cwd: ROOT,
    timeout: 60_000,
  });
  return JSON.parse(stdout) as Answer;
}

describe('create, collect, then access who-can (fake AWS)', () => {
  it('read: the role with objects and key, and the user who assumes it; not the role without the key', async () => {
    const read = await whoCan('read');
    expect(read.grantees.map((g) => [g.principal, g.via])).toEqual([
      [arn('role', 'Reader'), []],
      [arn('user', 'ops'), [arn('role', 'Reader')]],
    ]);
    const reader = read.grantees[0]!;
    expect(reader.reasons).toEqual([expect.objectContaining({ kind: 'identity', sid: 'ReadObjects', policyArn: arn('role', 'Reader') })]);
    expect(reader.keyReasons?.map((r) => r.kind)).toEqual(['key-policy', 'identity']);
    expect(reader.keyReasons?.[1]?.policyArn).toBe(`arn:aws:iam::${ACCOUNT}:policy/data-key-use`);
    expect(read.bounds.lower).toBe(false);
  });

  it('decrypt: everyone whose policies reach the key, whether or not they can read the objects', async () => {
    const decrypt = await whoCan('decrypt');
    expect(decrypt.grantees.map((g) => [g.principal, g.via])).toEqual([
      [arn('role', 'Reader'), []],
      [arn('user', 'keys'), []],
      [arn('user', 'ops'), [arn('role', 'Reader')]],
    ]);
  });
});
