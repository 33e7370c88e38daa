import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/inventory/snapshot-read.js';
import { readResultsFile, verdictsOf } from '../../src/gate/results-file.js';
import { ACCOUNT, startFakeAws, type FakeAws } from './fake-aws/server.js';
import { THROTTLED_LISTS_IN_TWO_PAGES, wireAccount } from './fake-aws/wire-account.js';
import { fakeAwsEnv } from './loopback.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');


let server: FakeAws;
let dir: string;

beforeAll(async () => {
  server = await startFakeAws({ account: wireAccount(), faults: THROTTLED_LISTS_IN_TWO_PAGES });
  dir = await mkdtemp(join(tmpdir(), 'sealcheck-collect-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('sealcheck collect, end to end', () => {
  it('writes a valid snapshot of the endpoint, then scan gives the verdicts the fake account was built for', async () => {
    const out = join(dir, 'tmp.json');
    const collected = await run(
      process.execPath,
      ['bin/sealcheck.js', 'collect', '--endpoint-url', server.url, '--regions', 'eu-west-1', '--out', out, '--concurrency', 's3=4,kms=2',
        // The services the local stand-in serves.
        '--services', 's3,kms,rds,dynamodb,ec2,sqs,sns,lambda'],
      { cwd: ROOT, env: fakeAwsEnv(), timeout: 60_000 },
    );
    expect(collected.stderr).toMatch(/wrote .*tmp\.json: \d+ resources from 1 account/);
    // stderr is not a terminal here: plain progress lines, one per service and region.
    expect(collected.stderr).toMatch(/sealcheck: s3 global: 2 resources/);
    expect(collected.stderr).toMatch(/sealcheck: kms eu-west-1: 3 resources/);

    const snapshot = await readSnapshot(out);
    expect(snapshot.header.accounts).toEqual([ACCOUNT]);
    expect(snapshot.header.source.kind).toBe('aws-api');
    const types = new Set(snapshot.resources.map((r) => r.resourceType));
    for (const t of ['AWS::S3::Bucket', 'AWS::S3::AccountPublicAccessBlock', 'AWS::KMS::Key', 'AWS::RDS::DBInstance', 'AWS::DynamoDB::Table', 'AWS::EC2::Volume', 'AWS::SQS::Queue']) {
      expect(types.has(t), t).toBe(true);
    }
    expect(snapshot.header.errors).toEqual([]);
    expect(new Set(server.requests.map((r) => r.host.split(':')[0]))).toEqual(new Set(['127.0.0.1']));

    const reports = join(dir, 'reports');
    await run(process.execPath, ['bin/sealcheck.js', 'scan', '--snapshot', out, '--out', reports, '--format', 'json', '--fail-on', 'none', '--quiet'], {
      cwd: ROOT,
      env: fakeAwsEnv(),
      timeout: 60_000,
    });
    const results = verdictsOf(await readResultsFile(join(reports, 'results.json')));
    const verdict = (ruleId: string, resourceId: string) => results.find((r) => r.ruleId === ruleId && r.resourceId === resourceId)?.status;
    expect(verdict('s3-bucket-default-encryption', 'wire-encrypted')).toBe('PASS');
    expect(verdict('s3-bucket-default-encryption', 'wire-plain')).toBe('FAIL');
    expect(verdict('s3-bucket-tls-only', 'wire-encrypted')).toBe('PASS');
    expect(verdict('s3-bucket-tls-only', 'wire-plain')).toBe('FAIL');
    expect(verdict('s3-bucket-versioning-enabled', 'wire-encrypted')).toBe('PASS');
    expect(verdict('s3-account-public-access-block', ACCOUNT)).toBe('PASS');
  });

  it('rejects bad usage with exit code 2 and one line, before any request', async () => {
    const before = server.requests.length;
    const failed = await run(process.execPath, ['bin/sealcheck.js', 'collect', '--out', join(dir, 'x.json'), '--services', 's3,nope', '--endpoint-url', server.url], {
      cwd: ROOT,
      env: fakeAwsEnv(),
    }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/--services: unknown nope/);
    expect(server.requests.length).toBe(before);
  });
});
