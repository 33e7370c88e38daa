import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without type declarations
import { generate, plan } from '../../bench/gen.mjs';
import { loadRules } from '../../src/engine/load-rules.js';
import { scanInventory } from '../../src/engine/scan.js';
import { openInventory, readSnapshot } from '../../src/inventory/snapshot-read.js';
import { resourceSchemas } from '../../src/inventory/resource-schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'sealcheck-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 2000;
const GENERATED_TYPES = [
  'AWS::Athena::WorkGroup', 'AWS::DAX::Cluster', 'AWS::DynamoDB::Table', 'AWS::EC2::EbsEncryptionByDefault', 'AWS::EC2::Snapshot',
  'AWS::EC2::Volume', 'AWS::EFS::FileSystem', 'AWS::EMR::BlockPublicAccessConfiguration', 'AWS::EMR::Cluster', 'AWS::EMR::SecurityConfiguration', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster', 'AWS::Glue::Connection', 'AWS::Glue::DataCatalogEncryptionSettings', 'AWS::Glue::MLTransform', 'AWS::Glue::SecurityConfiguration', 'AWS::IoT::Policy',
  'AWS::KMS::Alias', 'AWS::KMS::Key', 'AWS::Kinesis::Stream', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Lambda::Function',
  'AWS::OpenSearch::Domain', 'AWS::RDS::DBCluster', 'AWS::RDS::DBClusterParameterGroup', 'AWS::RDS::DBClusterSnapshot',
  'AWS::RDS::DBInstance', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBSnapshot', 'AWS::Redshift::Cluster',
  'AWS::Redshift::ClusterParameterGroup', 'AWS::S3::AccountPublicAccessBlock', 'AWS::S3::Bucket', 'AWS::SNS::Topic', 'AWS::SQS::Queue',
  'AWS::SSM::Parameter',
];
/** Types the Config form leaves out: not recorded by Config, or not written in Config's form by gen.mjs yet. */
const CONFIG_TYPES_MISSING = [
  'AWS::EC2::Snapshot', 'AWS::RDS::DBParameterGroup', 'AWS::RDS::DBClusterParameterGroup', 'AWS::EC2::EbsEncryptionByDefault',
  'AWS::SSM::Parameter', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster', 'AWS::Glue::Connection',
  'AWS::Glue::DataCatalogEncryptionSettings', 'AWS::Glue::MLTransform', 'AWS::Glue::SecurityConfiguration', 'AWS::IoT::Policy', 'AWS::OpenSearch::Domain',
  'AWS::Athena::WorkGroup', 'AWS::EMR::BlockPublicAccessConfiguration', 'AWS::EMR::Cluster', 'AWS::EMR::SecurityConfiguration', 'AWS::Redshift::Cluster',
  'AWS::Redshift::ClusterParameterGroup', 'AWS::DAX::Cluster',
];

function countTypes(types: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of types) counts[t] = (counts[t] ?? 0) + 1;
  return counts;
}

describe('bench/gen.mjs', () => {
  it.each(['json', 'ndjson'] as const)('writes %s that reads back, every resource valid, every modelled type present', async (format) => {
    const out = join(dir, `inv.${format}`);
    const planned = (await generate({ resources: N, out, seed: 'test', format })) as Record<string, number>;
    const snap = await readSnapshot(out);
    expect(snap.resources).toHaveLength(N);
    expect(snap.header.unsupported).toEqual({});
    const counts = countTypes(snap.resources.map((r) => r.resourceType));
    expect(counts).toEqual(planned);
    // Every generated type is modelled, and the generator covers every type it knows (types added to
    // schemas/resources/ since need a builder in bench/gen.mjs: see GENERATED_TYPES).
    expect(Object.keys(counts).sort()).toEqual([...GENERATED_TYPES].sort());
    expect(GENERATED_TYPES.every((t) => resourceSchemas().types.includes(t))).toBe(true);
    // Realistic proportions: volumes and snapshots dominate, keys and clusters are few.
    expect(counts['AWS::EC2::Volume']!).toBeGreaterThan(counts['AWS::S3::Bucket']!);
    expect(counts['AWS::S3::Bucket']!).toBeGreaterThan(counts['AWS::KMS::Key']!);
    expect(counts['AWS::KMS::Key']!).toBeGreaterThan(counts['AWS::RDS::DBCluster']!);
    expect(snap.header.accounts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(snap.resources.map((r) => r.region)).size).toBeGreaterThanOrEqual(4);
  });

  it('writes an AWS Config snapshot file that imports without error, with every Config-recorded type', async () => {
    const out = join(dir, 'config.json');
    await generate({ resources: N, out, seed: 'test', format: 'config' });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { fileVersion: string; configurationItems: { ARN: string; awsAccountId: string }[] };
    expect(doc.fileVersion).toBe('1.0');
    expect(doc.configurationItems).toHaveLength(N);
    const snap = await readSnapshot(out);
    expect(snap.header.source.kind).toBe('aws-config-file');
    expect(snap.resources).toHaveLength(N);
    expect(snap.header.unsupported).toEqual({});
    const types = Object.keys(countTypes(snap.resources.map((r) => r.resourceType))).sort();
    expect(types).toEqual(GENERATED_TYPES.filter((t) => !CONFIG_TYPES_MISSING.includes(t)).sort());
    // Keys get their aliases back from the alias items, as the importer does for real Config data.
    const keys = snap.resources.filter((r) => r.resourceType === 'AWS::KMS::Key');
    expect(keys.every((k) => Array.isArray(k.properties.aliases) && (k.properties.aliases as string[]).length === 1)).toBe(true);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    const c = join(dir, 'c.ndjson');
    await generate({ resources: 500, out: a, seed: 42 });
    await generate({ resources: 500, out: b, seed: 42 });
    await generate({ resources: 500, out: c, seed: 43 });
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(readFileSync(a, 'utf8')).not.toBe(readFileSync(c, 'utf8'));
  });

  it('misconfigures about a third of the data resources and refers to keys by id, ARN and alias', async () => {
    const out = join(dir, 'mix.ndjson');
    await generate({ resources: N, out, seed: 'mix' });
    const snap = await readSnapshot(out);
    const volumes = snap.resources.filter((r) => r.resourceType === 'AWS::EC2::Volume');
    const unencrypted = volumes.filter((v) => v.properties.encrypted === false).length / volumes.length;
    expect(unencrypted).toBeGreaterThan(0.15);
    expect(unencrypted).toBeLessThan(0.4);
    const refs = volumes.map((v) => v.properties.kmsKeyId).filter((k): k is string => typeof k === 'string');
    expect(refs.some((k) => /^arn:aws:kms:.*:key\//.test(k))).toBe(true);
    expect(refs.some((k) => /^[0-9a-f]{8}-/.test(k))).toBe(true);
    expect(refs.some((k) => k.startsWith('alias/') || k.includes(':alias/'))).toBe(true);
    const buckets = snap.resources.filter((r) => r.resourceType === 'AWS::S3::Bucket');
    const publicPolicy = buckets.filter((b) => JSON.stringify(b.properties.policy ?? null).includes('"Principal":"*","Action":"s3:GetObject"'));
    expect(publicPolicy.length).toBeGreaterThan(0);
    expect(buckets.some((b) => JSON.stringify(b.properties.policy ?? null).includes('aws:SecureTransport'))).toBe(true);
  });

  it('gives every rule on the services added later both PASS and FAIL results, and no ERROR', async () => {
    const out = join(dir, 'rules.ndjson');
    await generate({ resources: 20_000, out, seed: 'rules' });
    const later = /^AWS::(Athena|DAX|ElastiCache|EMR|KinesisFirehose|Glue|IoT|OpenSearch|Redshift|SSM)::/;
    const rules = loadRules().filter((l) => l.rule.resourceTypes.some((t) => later.test(t)));
    expect(rules.length).toBeGreaterThanOrEqual(25);
    const scan = await scanInventory(await openInventory(out), { rules });
    for (const { rule } of rules) {
      const statuses = new Set(scan.results.filter((r) => r.ruleId === rule.id).map((r) => r.status));
      expect([...statuses].sort(), rule.id).toEqual(expect.arrayContaining(['FAIL', 'PASS']));
      expect(statuses.has('ERROR'), rule.id).toBe(false);
    }
  });

  it('plans exact totals with settings once per account (and region)', () => {
    const p = plan(1_000_000) as { accounts: string[]; counts: Record<string, number> };
    expect(Object.values(p.counts).reduce((s, n) => s + n, 0)).toBe(1_000_000);
    expect(p.counts['AWS::S3::AccountPublicAccessBlock']).toBe(p.accounts.length);
  });
});
