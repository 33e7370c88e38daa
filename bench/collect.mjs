// Benchmark of the live collectors against an in-process simulated AWS.
//
// Every SDK client of the run gets one extra middleware, placed after the SDK's
// retry middleware (so retries, backoff and the adaptive rate limiter are the
// real ones) and before any network I/O: it answers each command from a
// generated account after a fixed latency, and answers with the service's
// throttling error when the per-service, per-region request rate goes above a
// token-bucket limit. Run with `npm run bench:collect`.
import { collectFromApi } from '../dist/collect/runner.js';
import { DEFAULT_CONCURRENCY } from '../dist/collect/limits.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 40);
const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'];
const HOME = REGIONS[0];
const COUNTS = { buckets: 2000, keys: 500, dbInstances: 300, tables: 1000, volumes: 2000 };
const PARAMETER_PAGES = 3;

/** Requests per second each service accepts per region before it throttles (a token bucket, burst = 1/10 s). */
const RATE_LIMITS = { s3: 3500, kms: 300, rds: 100, dynamodb: 150, ec2: 100, sts: 50, sqs: 500, sns: 100, lambda: 50 };
/** The error each service answers when throttling. */
const THROTTLE = {
  s3: ['SlowDown', 503],
  kms: ['ThrottlingException', 400],
  rds: ['Throttling', 400],
  dynamodb: ['ThrottlingException', 400],
  ec2: ['RequestLimitExceeded', 503],
  sts: ['Throttling', 400],
  sqs: ['RequestThrottled', 400],
};
/** The runner's limiter (and so the simulated quota) each client kind counts against. */
const LIMITER_OF = { s3control: 's3' };

const inRegion = (i) => REGIONS[i % REGIONS.length];
const pad = (i) => String(i).padStart(5, '0');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the generated account -------------------------------------------------
const buckets = Array.from({ length: COUNTS.buckets }, (_, i) => ({ name: `bench-bucket-${pad(i)}`, region: inRegion(i) }));
const bucketRegion = new Map(buckets.map((b) => [b.name, b.region]));
const byRegion = (n, make) => Object.fromEntries(REGIONS.map((r) => [r, Array.from({ length: n }, (_, i) => i).filter((i) => inRegion(i) === r).map((i) => make(i, r))]));
const keys = byRegion(COUNTS.keys, (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const dbs = byRegion(COUNTS.dbInstances, (i) => `bench-db-${pad(i)}`);
const tables = byRegion(COUNTS.tables, (i) => `bench-table-${pad(i)}`);
const volumes = byRegion(COUNTS.volumes, (i) => `vol-${pad(i)}`);
const EXPECTED = {
  'AWS::S3::Bucket': COUNTS.buckets,
  'AWS::S3::AccountPublicAccessBlock': 1,
  'AWS::KMS::Key': COUNTS.keys,
  'AWS::KMS::Alias': COUNTS.keys,
  'AWS::RDS::DBInstance': COUNTS.dbInstances,
  'AWS::RDS::DBParameterGroup': REGIONS.length,
  'AWS::DynamoDB::Table': COUNTS.tables,
  'AWS::EC2::Volume': COUNTS.volumes,
  'AWS::EC2::EbsEncryptionByDefault': REGIONS.length,
};

/** A page of `items` after `token` (an index), and the next token. */
function page(items, token, size) {
  const start = token ? Number(token) : 0;
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), next };
}

class ServiceError extends Error {
  constructor(name, status, message = name) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
  }
}

/** Answers one command: the SDK output object, or throws the service's error. */
function answer(kind, region, command, input) {
  switch (`${kind}:${command}`) {
    case 'sts:GetCallerIdentityCommand':
      return { Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/bench`, UserId: 'AIDABENCH' };
    case 'ec2:DescribeRegionsCommand':
      return { Regions: [...REGIONS, 'me-south-1'].map((r) => ({ RegionName: r, OptInStatus: r === 'me-south-1' ? 'not-opted-in' : 'opt-in-not-required' })) };
    case 's3:ListBucketsCommand': {
      const p = page(buckets, input.ContinuationToken, input.MaxBuckets ?? 1000);
      // Like S3 today, ListBuckets names each bucket's region.
      return { Buckets: p.items.map((b) => ({ Name: b.name, BucketRegion: b.region, CreationDate: new Date('2024-01-01T00:00:00Z') })), ContinuationToken: p.next };
    }
    case 's3:GetBucketLocationCommand': {
      const r = bucketRegion.get(input.Bucket);
      return { LocationConstraint: r === 'us-east-1' ? undefined : r };
    }
    case 's3:GetBucketEncryptionCommand':
      return { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] } };
    case 's3:GetBucketPolicyCommand':
      if (Number(input.Bucket.slice(-1)) % 2) throw new ServiceError('NoSuchBucketPolicy', 404);
      return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `arn:aws:s3:::${input.Bucket}/*`, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] }) };
    case 's3:GetBucketPolicyStatusCommand':
      return { PolicyStatus: { IsPublic: false } };
    case 's3:GetPublicAccessBlockCommand':
    case 's3control:GetPublicAccessBlockCommand':
      return { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } };
    case 's3:GetBucketVersioningCommand':
      return { Status: 'Enabled' };
    case 's3:GetBucketAclCommand':
      return { Owner: { ID: 'owner' }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }] };
    case 's3:GetBucketOwnershipControlsCommand':
      return { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } };
    case 's3:GetBucketLoggingCommand':
      return {};
    case 's3:GetBucketTaggingCommand':
      throw new ServiceError('NoSuchTagSet', 404);
    case 'kms:ListKeysCommand': {
      const p = page(keys[region], input.Marker, input.Limit ?? 100);
      return { Keys: p.items.map((k) => ({ KeyId: k })), Truncated: Boolean(p.next), NextMarker: p.next };
    }
    case 'kms:ListAliasesCommand': {
      const p = page(keys[region], input.Marker, input.Limit ?? 50);
      return { Aliases: p.items.map((k) => ({ AliasName: `alias/${k}`, TargetKeyId: k })), Truncated: Boolean(p.next), NextMarker: p.next };
    }
    case 'kms:DescribeKeyCommand':
      return {
        KeyMetadata: { KeyId: input.KeyId, Arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${input.KeyId}`, Enabled: true, KeyState: 'Enabled', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', MultiRegion: false, CreationDate: new Date('2024-01-01T00:00:00Z') },
      };
    case 'kms:GetKeyRotationStatusCommand':
      return { KeyRotationEnabled: true, RotationPeriodInDays: 365 };
    case 'kms:GetKeyPolicyCommand':
      return { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }) };
    case 'kms:ListResourceTagsCommand':
      return { Tags: [], Truncated: false };
    case 'rds:DescribeDBInstancesCommand': {
      const p = page(dbs[region], input.Marker, input.MaxRecords ?? 100);
      return {
        DBInstances: p.items.map((id) => ({ DBInstanceIdentifier: id, DbiResourceId: `db-${id}`, Engine: 'postgres', StorageEncrypted: true, DBParameterGroups: [{ DBParameterGroupName: 'bench-pg', ParameterApplyStatus: 'in-sync' }] })),
        Marker: p.next,
      };
    }
    case 'rds:DescribeDBParameterGroupsCommand':
      return { DBParameterGroups: [{ DBParameterGroupName: 'bench-pg', DBParameterGroupFamily: 'postgres16', Description: 'bench' }] };
    case 'rds:DescribeDBParametersCommand': {
      const n = input.Marker ? Number(input.Marker) : 0;
      const params = Array.from({ length: 100 }, (_, i) => ({ ParameterName: `p${n}_${i}`, ParameterValue: '0' }));
      if (n === PARAMETER_PAGES - 1) params.push({ ParameterName: 'rds.force_ssl', ParameterValue: '1' });
      return { Parameters: params, Marker: n + 1 < PARAMETER_PAGES ? String(n + 1) : undefined };
    }
    case 'rds:DescribeDBClustersCommand':
      return { DBClusters: [] };
    case 'rds:DescribeDBClusterParameterGroupsCommand':
      return { DBClusterParameterGroups: [] };
    case 'rds:DescribeDBSnapshotsCommand':
      return { DBSnapshots: [] };
    case 'rds:DescribeDBClusterSnapshotsCommand':
      return { DBClusterSnapshots: [] };
    case 'dynamodb:ListTablesCommand': {
      const all = tables[region];
      const start = input.ExclusiveStartTableName ? all.indexOf(input.ExclusiveStartTableName) + 1 : 0;
      const items = all.slice(start, start + (input.Limit ?? 100));
      return { TableNames: items, LastEvaluatedTableName: start + items.length < all.length ? items.at(-1) : undefined };
    }
    case 'dynamodb:DescribeTableCommand':
      return { Table: { TableName: input.TableName, TableStatus: 'ACTIVE', TableArn: `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${input.TableName}`, SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: `arn:aws:kms:${region}:${ACCOUNT}:key/x` } } };
    case 'dynamodb:ListTagsOfResourceCommand':
      return { Tags: [] };
    case 'ec2:DescribeVolumesCommand': {
      const p = page(volumes[region], input.NextToken, input.MaxResults ?? 500);
      return { Volumes: p.items.map((id) => ({ VolumeId: id, Encrypted: true, KmsKeyId: 'alias/aws/ebs', State: 'in-use', Size: 8, VolumeType: 'gp3', Attachments: [] })), NextToken: p.next };
    }
    case 'ec2:DescribeSnapshotsCommand':
      return { Snapshots: [] };
    case 'ec2:GetEbsEncryptionByDefaultCommand':
      return { EbsEncryptionByDefault: true };
    case 'ec2:GetEbsDefaultKmsKeyIdCommand':
      return { KmsKeyId: 'alias/aws/ebs' };
    default:
      throw new ServiceError('UnknownOperationException', 400, `${kind}:${command} is not simulated`);
  }
}

// ---- the simulated service front: latency, rate limits, counters -----------
const stats = { calls: 0, throttled: 0, byPartition: new Map() };
const buckets_ = new Map();

/** Takes a token from the (service, region) bucket; false when the request must be throttled. */
function admit(service, region) {
  const rate = RATE_LIMITS[service] ?? 100;
  const key = `${service}|${region}`;
  const now = performance.now();
  let b = buckets_.get(key);
  if (!b) buckets_.set(key, (b = { tokens: rate / 10, at: now }));
  b.tokens = Math.min(rate / 10, b.tokens + ((now - b.at) / 1000) * rate);
  b.at = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

function configure(client, kind, region) {
  const service = LIMITER_OF[kind] ?? kind;
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      stats.calls++;
      const partition = `${service}|${region}`;
      const p = stats.byPartition.get(partition) ?? { calls: 0, ok: 0 };
      stats.byPartition.set(partition, p);
      p.calls++;
      const allowed = admit(service, region);
      await sleep(LATENCY_MS);
      if (!allowed) {
        stats.throttled++;
        const [code, status] = THROTTLE[service] ?? ['ThrottlingException', 400];
        throw new ServiceError(code, status, 'Rate exceeded');
      }
      p.ok++;
      const output = answer(kind, region, context.commandName, args.input ?? {});
      return { output: { ...output, $metadata: { httpStatusCode: 200 } }, response: { statusCode: 200, headers: {} } };
    },
    { step: 'finalizeRequest', priority: 'low', name: 'benchSimulatedAws' },
  );
}

// ---- run ---------------------------------------------------------------------
const started = performance.now();
const snapshot = await collectFromApi({
  regions: REGIONS,
  services: ['s3', 'kms', 'rds', 'dynamodb', 'ec2'],
  homeRegion: HOME,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  client: { configure },
});
const wallMs = performance.now() - started;

// Ideal: each (service, region) quota partition works at most at min(concurrency ÷ latency, its rate limit)
// and partitions run side by side, so the slowest partition sets the pace.
let idealMs = 0;
let slowest = '';
for (const [partition, p] of stats.byPartition) {
  const [service] = partition.split('|');
  const concurrency = DEFAULT_CONCURRENCY[service] ?? 1;
  const rate = Math.min(concurrency / (LATENCY_MS / 1000), RATE_LIMITS[service] ?? Infinity);
  const ms = (p.ok / rate) * 1000;
  if (ms > idealMs) { idealMs = ms; slowest = partition; }
}

const counts = {};
for (const r of snapshot.resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
let lost = 0;
for (const [type, n] of Object.entries(EXPECTED)) lost += Math.max(0, n - (counts[type] ?? 0));
const withErrors = snapshot.resources.filter((r) => r.errors?.length).length;
const outlived = snapshot.header.errors.filter((e) => /Throttl|SlowDown|RequestLimitExceeded/.test(e.code)).length;

const line = (label, value) => console.log(`${label.padEnd(34)} ${value}`);
console.log(`sealcheck collect benchmark: ${COUNTS.buckets} buckets, ${COUNTS.keys} keys, ${COUNTS.dbInstances} RDS instances, ${COUNTS.tables} tables, ${COUNTS.volumes} volumes in ${REGIONS.length} regions`);
line('latency per call', `${LATENCY_MS} ms`);
line('rate limits (req/s per region)', Object.entries(RATE_LIMITS).filter(([s]) => ['s3', 'kms', 'rds', 'dynamodb', 'ec2'].includes(s)).map(([s, r]) => `${s}=${r}`).join(' '));
line('concurrency (per region)', ['s3', 'kms', 'rds', 'dynamodb', 'ec2'].map((s) => `${s}=${DEFAULT_CONCURRENCY[s]}`).join(' '));
line('API calls answered', `${stats.calls - stats.throttled} (+ ${stats.throttled} throttled)`);
line('wall time', `${(wallMs / 1000).toFixed(2)} s`);
line('ideal time', `${(idealMs / 1000).toFixed(2)} s (slowest partition ${slowest})`);
line('ratio wall / ideal', `${(wallMs / idealMs).toFixed(3)} (target <= 1.25)`);
line('throttling errors answered', String(stats.throttled));
line('retries', String(stats.throttled - outlived));
line('throttling that outlived retries', String(outlived));
line('resources collected', `${snapshot.resources.length} (expected ${Object.values(EXPECTED).reduce((a, b) => a + b, 0)})`);
line('resources lost', String(lost));
line('resources with collection errors', String(withErrors));
line('header errors', String(snapshot.header.errors.length));
if (lost > 0 || withErrors > 0) process.exitCode = 1;
