import { beforeAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../../src/collect/collect.js';
import type { ServiceName } from '../../src/collect/services.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import type { Resource, Snapshot } from '../../src/inventory/resource.js';
import type { Throttle } from './fake-aws/faults.js';
import { ACCOUNT, startFakeAws, type FakeAws } from './fake-aws/server.js';
import { ROTATED_KEY, THROTTLED_LISTS_IN_TWO_PAGES, UNROTATED_KEY, wireAccount } from './fake-aws/wire-account.js';
import { byId } from './helpers.js';

/**
 * Retries are exercised with the real SDK clients (aws-sdk-client-mock replaces
 * the whole middleware stack, retries included). The stand-in answers chosen
 * operations with each protocol's own throttling error, a number of times or
 * for good, besides the throttled first answer of each list it always gives here.
 */

const SERVICES: ServiceName[] = ['s3', 'kms', 'rds', 'dynamodb', 'ec2', 'sqs', 'sns', 'lambda'];
const ATTEMPTS = 4;

/** `<service>:<Operation>`, as the collectors and the stand-in name a call. */
type OpKey = string;

interface Collected {
  snapshot: Snapshot;
  fake: FakeAws;
}

async function collectThrough(throttles: Record<OpKey, Throttle>): Promise<Collected> {
  const fake = await startFakeAws({
    account: wireAccount(),
    faults: { ...THROTTLED_LISTS_IN_TWO_PAGES, throttle: { ...THROTTLED_LISTS_IN_TWO_PAGES.throttle, ...throttles } },
  });
  try {
    const snapshot = await collectInventory({
      endpoint: fake.url,
      regions: ['eu-west-1'],
      services: SERVICES,
      homeRegion: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      // The SDK's own back-off would wait seconds per throttled answer; the retries are the same with a short one.
      client: { maxAttempts: ATTEMPTS, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
    });
    return { snapshot, fake };
  } finally {
    await fake.close();
  }
}

/** Keys in a fixed order: properties are filled in as answers arrive, so their order varies. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  // Queue URLs name the stand-in's port, which differs between runs.
  return typeof value === 'string' ? value.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT') : value;
}

/** Resources as comparable data, in a fixed order. */
const comparable = (resources: Resource[]) => resources.map((r) => JSON.stringify(canonical(r))).sort();

// A detail operation of every service, throttled twice before it is answered (the lists' first answers are throttled as well).
const TWICE: Record<OpKey, Throttle> = {
  's3:GetBucketEncryption': { times: 2 },
  's3control:GetPublicAccessBlock': { times: 2 },
  'kms:GetKeyPolicy': { times: 2 },
  'kms:DescribeKey': { times: 2 },
  'rds:DescribeDBParameters': { times: 2 },
  'rds:DescribeDBSnapshotAttributes': { times: 2 },
  'dynamodb:DescribeTable': { times: 2 },
  'ec2:DescribeSnapshotAttribute': { times: 2 },
  'ec2:GetEbsEncryptionByDefault': { times: 2 },
  'ec2:DescribeRegions': { times: 2 },
  'sqs:GetQueueAttributes': { times: 2 },
  'sns:ListTopics': { times: 2 },
  'lambda:ListFunctions': { times: 2 },
  'sts:GetCallerIdentity': { times: 2 },
};

let baseline: Snapshot;
let baselineFake: FakeAws;
beforeAll(async () => {
  ({ snapshot: baseline, fake: baselineFake } = await collectThrough({}));
}, 120_000);

/** How many calls of `op` the account itself answered. */
const answered = (fake: FakeAws, op: OpKey) => fake.calls(op).total - fake.calls(op).faulted;

describe('throttling at the wire, with the real SDK retries', () => {
  it('a throttled answer of any service is retried and the result is the same as without throttling', async () => {
    const { snapshot, fake } = await collectThrough(TWICE);
    for (const op of Object.keys(TWICE)) {
      expect(fake.calls(op).faulted, `${op} was throttled`).toBe(2);
      // Every call the account answered without throttling was answered after it, too.
      expect(answered(fake, op), `${op} was answered after the throttling`).toBe(answered(baselineFake, op));
    }
    expect(snapshot.header.errors).toEqual(baseline.header.errors);
    expect(comparable(snapshot.resources)).toEqual(comparable(baseline.resources));
    expect(snapshot.resources.length).toBeGreaterThan(15);
  }, 120_000);

  it('throttling that outlives the retries is recorded on the property it made absent; the rest of the run goes on', async () => {
    const { snapshot, fake } = await collectThrough({
      's3:GetBucketEncryption': { times: Infinity, where: 'wire-encrypted' },
      'kms:GetKeyRotationStatus': { times: Infinity, where: ROTATED_KEY },
      'sqs:GetQueueAttributes': { times: Infinity, where: 'kms-queue' },
      'dynamodb:ListTables': { times: Infinity },
    });
    // Exactly the bounded number of attempts, no more.
    expect(fake.calls('s3:GetBucketEncryption').faulted).toBe(ATTEMPTS);
    expect(fake.calls('kms:GetKeyRotationStatus').faulted).toBe(ATTEMPTS);
    expect(fake.calls('dynamodb:ListTables').faulted).toBe(ATTEMPTS);

    const bucket = byId(snapshot.resources, 'AWS::S3::Bucket', 'wire-encrypted');
    expect('encryption' in bucket.properties).toBe(false);
    expect(bucket.errors).toEqual([expect.objectContaining({ property: 'encryption', operation: 's3:GetBucketEncryption', code: 'SlowDown' })]);
    // The other properties of the bucket, and the other bucket's encryption, are there.
    expect(bucket.properties).toMatchObject({ versioning: { status: 'Enabled' }, policyStatus: { isPublic: false } });
    expect(byId(snapshot.resources, 'AWS::S3::Bucket', 'wire-plain').properties.encryption).toBeNull();

    const key = byId(snapshot.resources, 'AWS::KMS::Key', ROTATED_KEY);
    expect('rotationEnabled' in key.properties).toBe(false);
    expect(key.errors).toContainEqual(expect.objectContaining({ property: 'rotationEnabled', operation: 'kms:GetKeyRotationStatus', code: 'ThrottlingException' }));
    expect(key.properties.keyPolicy).toBeTruthy();
    expect(byId(snapshot.resources, 'AWS::KMS::Key', UNROTATED_KEY).properties.rotationEnabled).toBe(false);

    const queue = snapshot.resources.find((r) => r.name === 'kms-queue')!;
    expect(queue.errors).toContainEqual(expect.objectContaining({ property: 'kmsMasterKeyId', operation: 'sqs:GetQueueAttributes', code: 'RequestThrottled' }));

    // A list that could not be read is a header error for its service and region.
    expect(snapshot.header.errors).toContainEqual(expect.objectContaining({ operation: 'dynamodb:ListTables', code: 'ThrottlingException', service: 'dynamodb', region: 'eu-west-1', accountId: ACCOUNT }));
    expect(snapshot.resources.some((r) => r.resourceType === 'AWS::DynamoDB::Table')).toBe(false);
    // Per-resource failures are in the header too, naming the resource.
    expect(snapshot.header.errors).toContainEqual(expect.objectContaining({ property: 'encryption', resourceArn: 'arn:aws:s3:::wire-encrypted', service: 's3' }));
    // Everything else was collected as without throttling.
    const untouched = (s: Snapshot) => comparable(s.resources.filter((r) => !['AWS::DynamoDB::Table'].includes(r.resourceType) && !r.errors));
    expect(untouched(snapshot).length).toBe(untouched(baseline).length - 3);

    // A rule that needs the missing property says UNKNOWN, never PASS.
    const resources = (async function* () {
      yield* snapshot.resources;
    })();
    const { results } = await scanInventory({ header: snapshot.header, resources, unsupported: {} }, { rules: loadRules() });
    const verdict = (ruleId: string, id: string) => results.find((r) => r.ruleId === ruleId && r.resourceId === id)?.status;
    expect(verdict('s3-bucket-default-encryption', 'wire-encrypted')).toBe('UNKNOWN');
    expect(verdict('s3-bucket-default-encryption', 'wire-plain')).toBe('FAIL');
    expect(verdict('kms-key-rotation-enabled', ROTATED_KEY)).toBe('UNKNOWN');
    expect(verdict('kms-key-rotation-enabled', UNROTATED_KEY)).toBe('FAIL');
  }, 120_000);
});

