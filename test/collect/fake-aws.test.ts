import { afterEach, describe, expect, it } from 'vitest';
import { DescribeKeyCommand, KMSClient, ListKeyPoliciesCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { REGION, startFakeAws, type FakeAws, type FakeAwsOptions } from './fake-aws/server.js';
import { ROTATED_KEY, UNROTATED_KEY, wireAccount } from './fake-aws/wire-account.js';

/** The stand-in's own faults, seen through the real SDK clients without retries. */

let fake: FakeAws | undefined;
afterEach(() => fake?.close());

async function clients(options: FakeAwsOptions) {
  fake = await startFakeAws(options);
  const config = { endpoint: fake.url, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
  return { fake, kms: new KMSClient(config), s3: new S3Client({ ...config, forcePathStyle: true }), sts: new STSClient(config) };
}

/** The error name the SDK gives a rejected call. */
const failure = (call: Promise<unknown>) => call.then(() => 'answered', (e: Error) => e.name);

describe('the AWS stand-in', () => {
  it('throttles only the calls that name the chosen resource, as many times as asked, then answers', async () => {
    const { fake, kms } = await clients({ account: wireAccount(), faults: { throttle: { 'kms:DescribeKey': { times: 2, where: ROTATED_KEY } } } });
    const describeKey = (id: string) => failure(kms.send(new DescribeKeyCommand({ KeyId: id })));
    expect([await describeKey(UNROTATED_KEY), await describeKey(ROTATED_KEY), await describeKey(ROTATED_KEY), await describeKey(ROTATED_KEY)]).toEqual([
      'answered',
      'ThrottlingException',
      'ThrottlingException',
      'answered',
    ]);
    expect(fake.calls('kms:DescribeKey')).toEqual({ total: 4, faulted: 2 });
  });

  it("denies every operation of a service named with a wildcard, in that service's own error, and nothing else", async () => {
    const { fake, kms, s3 } = await clients({ account: wireAccount(), faults: { deny: ['kms:*'] } });
    expect(await failure(kms.send(new ListKeysCommand({})))).toBe('AccessDeniedException');
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: ROTATED_KEY })))).toBe('AccessDeniedException');
    expect(await failure(s3.send(new ListBucketsCommand({})))).toBe('answered');
    expect(fake.requests.map((r) => r.fault)).toEqual(['denied', 'denied', undefined]);
  });

  it("answers an error of the test's choosing with its code and message", async () => {
    const { sts } = await clients({ faults: { fail: { 'sts:GetCallerIdentity': { code: 'ExpiredToken', status: 403, message: 'token expired' } } } });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'ExpiredToken', message: 'token expired' });
  });

  it('pages a list by the configured size', async () => {
    const { s3 } = await clients({ account: wireAccount(), faults: { pageSize: { 's3:ListBuckets': 2 } } });
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 1000 }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(['wire-elsewhere', 'wire-encrypted']);
    const second = await s3.send(new ListBucketsCommand({ MaxBuckets: 1000, ContinuationToken: first.ContinuationToken! }));
    expect(second.Buckets?.map((b) => b.Name)).toEqual(['wire-plain']);
    expect(second.ContinuationToken).toBeUndefined();
  });

  it('logs an operation it does not implement as unhandled', async () => {
    const { fake, kms } = await clients({ account: wireAccount() });
    await kms.send(new ListKeyPoliciesCommand({ KeyId: ROTATED_KEY }));
    expect(fake.requests).toEqual([expect.objectContaining({ service: 'kms', operation: 'ListKeyPolicies', handled: false })]);
  });
});
