import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../../src/collect/collect.js';
import type { ServiceName } from '../../src/collect/services.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import type { Resource, Snapshot } from '../../src/inventory/resource.js';
import { ACCOUNT, startWireServer, type WireServer } from './aws-wire-server.js';
import { byId } from './helpers.js';

/**
 * Retries are exercised with the real SDK clients (aws-sdk-client-mock replaces
 * the whole middleware stack, retries included). A proxy in front of the local
 * stand-in answers chosen operations with each protocol's own throttling error,
 * a number of times or for good, and passes everything else through.
 */

interface Throttle {
  /** How many answers to throttle; Infinity: every one. */
  times: number;
  /** Only requests whose body or URL contains this (one bucket, one key). */
  only?: string;
}

/** `<service>:<operation>` as the proxy names a request. */
type OpKey = string;

interface Proxy {
  url: string;
  /** Requests seen per operation, throttled or not. */
  seen: Map<OpKey, number>;
  throttled: Map<OpKey, number>;
  close(): Promise<void>;
}

/** Service and operation of a request, from the protocol's own markers. */
function classify(method: string, url: URL, headers: IncomingHttpHeaders, body: string): OpKey {
  const target = String(headers['x-amz-target'] ?? '');
  if (target) {
    const [prefix = '', op = ''] = target.split('.');
    const service = prefix === 'TrentService' ? 'kms' : prefix.startsWith('DynamoDB') ? 'dynamodb' : prefix === 'AmazonSQS' ? 'sqs' : prefix;
    return `${service}:${op}`;
  }
  if (method === 'POST' && String(headers['content-type']).includes('x-www-form-urlencoded')) {
    const params = new URLSearchParams(body);
    const service = { '2011-06-15': 'sts', '2016-11-15': 'ec2', '2014-10-31': 'rds', '2010-03-31': 'sns' }[params.get('Version') ?? ''] ?? 'query';
    return `${service}:${params.get('Action')}`;
  }
  if (url.pathname.startsWith('/2015-03-31/functions')) return 'lambda:ListFunctions';
  if (url.pathname.startsWith('/v20180820/')) return 's3control:GetPublicAccessBlock';
  if (url.pathname === '/') return 's3:ListBuckets';
  const sub = [...url.searchParams.keys()].filter((k) => k !== 'x-id')[0] ?? 'object';
  return `s3:${sub}`;
}

/** The throttling answer each protocol gives, as the SDKs expect it. */
function throttleReply(service: string): { status: number; headers: Record<string, string>; body: string } {
  const xml = { 'content-type': 'application/xml' };
  switch (service) {
    case 's3':
    case 's3control':
      return { status: 503, headers: xml, body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' };
    case 'ec2':
      return { status: 503, headers: xml, body: '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>' };
    case 'rds':
    case 'sns':
    case 'sts':
      return { status: 400, headers: xml, body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>' };
    case 'sqs':
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'RequestThrottled;Sender' }, body: JSON.stringify({ __type: 'com.amazonaws.sqs#RequestThrottled', message: 'Request is throttled.' }) };
    case 'lambda':
      return { status: 429, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }, body: JSON.stringify({ message: 'Rate exceeded', Reason: 'CallerRateLimitExceeded' }) };
    default:
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) };
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function startProxy(backend: string, throttles: Record<OpKey, Throttle>): Promise<Proxy> {
  const seen = new Map<OpKey, number>();
  const throttled = new Map<OpKey, number>();
  const bump = (m: Map<OpKey, number>, k: OpKey) => m.set(k, (m.get(k) ?? 0) + 1);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://proxy');
      const op = classify(req.method ?? 'GET', url, req.headers, body.toString('utf8'));
      bump(seen, op);
      const t = throttles[op];
      if (t && (!t.only || body.toString('utf8').includes(t.only) || url.pathname.includes(t.only)) && (throttled.get(op) ?? 0) < t.times) {
        bump(throttled, op);
        const reply = throttleReply(op.split(':')[0]!);
        res.writeHead(reply.status, { ...reply.headers, 'x-amzn-requestid': 'r', 'x-amz-request-id': 'r' });
        res.end(reply.body);
        return;
      }
      const forward = request(`${backend}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    throttled,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SERVICES: ServiceName[] = ['s3', 'kms', 'rds', 'dynamodb', 'ec2', 'sqs', 'sns', 'lambda'];
const ATTEMPTS = 4;

async function collectThrough(throttles: Record<OpKey, Throttle>): Promise<{ snapshot: Snapshot; proxy: Proxy; backend: WireServer }> {
  const backend = await startWireServer();
  const proxy = await startProxy(backend.url, throttles);
  try {
    const snapshot = await collectInventory({
      endpoint: proxy.url,
      regions: ['eu-west-1'],
      services: SERVICES,
      homeRegion: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      // The SDK's own back-off would wait seconds per throttled answer; the retries are the same with a short one.
      client: { maxAttempts: ATTEMPTS, requestTimeoutMs: 5_000, retryDelayMs: () => 5 },
    });
    return { snapshot, proxy, backend };
  } finally {
    await proxy.close();
    await backend.close();
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

// A detail operation of every service, throttled twice before it is answered (the lists' first answers are throttled by the stand-in itself).
const TWICE: Record<OpKey, Throttle> = {
  's3:encryption': { times: 2 },
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
beforeAll(async () => {
  baseline = (await collectThrough({})).snapshot;
}, 120_000);

describe('throttling at the wire, with the real SDK retries', () => {
  it('a throttled answer of any service is retried and the result is the same as without throttling', async () => {
    const { snapshot, proxy } = await collectThrough(TWICE);
    for (const op of Object.keys(TWICE)) {
      expect(proxy.throttled.get(op), `${op} was throttled`).toBe(2);
      expect(proxy.seen.get(op)! > 2, `${op} was answered after the throttling`).toBe(true);
    }
    expect(snapshot.header.errors).toEqual(baseline.header.errors);
    expect(comparable(snapshot.resources)).toEqual(comparable(baseline.resources));
    expect(snapshot.resources.length).toBeGreaterThan(15);
  }, 120_000);

  it('throttling that outlives the retries is recorded on the property it made absent; the rest of the run goes on', async () => {
    const { snapshot, proxy } = await collectThrough({
      's3:encryption': { times: Infinity, only: 'wire-encrypted' },
      'kms:GetKeyRotationStatus': { times: Infinity, only: '1234abcd-12ab-34cd-56ef-1234567890ab' },
      'sqs:GetQueueAttributes': { times: Infinity, only: 'kms-queue' },
      'dynamodb:ListTables': { times: Infinity },
    });
    // Exactly the bounded number of attempts, no more.
    expect(proxy.throttled.get('s3:encryption')).toBe(ATTEMPTS);
    expect(proxy.throttled.get('kms:GetKeyRotationStatus')).toBe(ATTEMPTS);
    expect(proxy.throttled.get('dynamodb:ListTables')).toBe(ATTEMPTS);

    const bucket = byId(snapshot.resources, 'AWS::S3::Bucket', 'wire-encrypted');
    expect('encryption' in bucket.properties).toBe(false);
    expect(bucket.errors).toEqual([expect.objectContaining({ property: 'encryption', operation: 's3:GetBucketEncryption', code: 'SlowDown' })]);
    // The other properties of the bucket, and the other bucket's encryption, are there.
    expect(bucket.properties).toMatchObject({ versioning: { status: 'Enabled' }, policyStatus: { isPublic: false } });
    expect(byId(snapshot.resources, 'AWS::S3::Bucket', 'wire-plain').properties.encryption).toBeNull();

    const key = byId(snapshot.resources, 'AWS::KMS::Key', '1234abcd-12ab-34cd-56ef-1234567890ab');
    expect('rotationEnabled' in key.properties).toBe(false);
    expect(key.errors).toContainEqual(expect.objectContaining({ property: 'rotationEnabled', operation: 'kms:GetKeyRotationStatus', code: 'ThrottlingException' }));
    expect(key.properties.keyPolicy).toBeTruthy();
    expect(byId(snapshot.resources, 'AWS::KMS::Key', '5678efgh-12ab-34cd-56ef-1234567890ab').properties.rotationEnabled).toBe(false);

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
    expect(verdict('kms-key-rotation-enabled', '1234abcd-12ab-34cd-56ef-1234567890ab')).toBe('UNKNOWN');
    expect(verdict('kms-key-rotation-enabled', '5678efgh-12ab-34cd-56ef-1234567890ab')).toBe('FAIL');
  }, 120_000);
});

