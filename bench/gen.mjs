#!/usr/bin/env node
/**
 * Synthetic inventories for the benchmarks: `node bench/gen.mjs --resources N --out FILE [--seed S] [--format json|ndjson|config]`.
 *
 * The same seed always gives the same bytes. Resources come in the proportions
 * of a real estate (many volumes, snapshots, buckets and tables; few keys,
 * clusters and parameter groups), spread over several accounts and regions,
 * about a third of them misconfigured in one of the ways the rules look for,
 * with realistic policies and tags, and with KMS keys named by id, ARN and
 * alias. Output is written as it is generated, so a million resources never
 * sit in memory as one string.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** When the synthetic inventory was "captured": fixed, so verdicts with dates do not drift. */
export const CAPTURED_AT = '2026-11-18T08:00:00.000Z';

const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const ORG_ID = 'o-a1b2c3d4e5';
/** An account outside the organization: grants to it are cross-account findings. */
const OUTSIDE_ACCOUNT = '999988887777';

/**
 * Share of the inventory per resource type (relative weights). Account- and
 * region-wide settings are not weighted: there is one per account (region).
 */
const WEIGHTS = {
  'AWS::EC2::Volume': 300,
  'AWS::EC2::Snapshot': 200,
  'AWS::S3::Bucket': 120,
  'AWS::DynamoDB::Table': 80,
  'AWS::Lambda::Function': 60,
  'AWS::RDS::DBSnapshot': 50,
  'AWS::SQS::Queue': 50,
  'AWS::SNS::Topic': 30,
  'AWS::RDS::DBInstance': 30,
  'AWS::RDS::DBClusterSnapshot': 20,
  'AWS::KMS::Key': 20,
  'AWS::KMS::Alias': 20,
  'AWS::RDS::DBCluster': 10,
  'AWS::EFS::FileSystem': 10,
  'AWS::Kinesis::Stream': 10,
  'AWS::RDS::DBParameterGroup': 6,
  'AWS::RDS::DBClusterParameterGroup': 4,
  // Services added later, in the small numbers an estate has of them (parameters are the exception: many per application).
  'AWS::SSM::Parameter': 40,
  'AWS::KinesisFirehose::DeliveryStream': 8,
  'AWS::ElastiCache::ReplicationGroup': 6,
  'AWS::ElastiCache::CacheCluster': 6,
  'AWS::Glue::Connection': 6,
  'AWS::IoT::Policy': 6,
  'AWS::OpenSearch::Domain': 4,
  'AWS::Athena::WorkGroup': 4,
  'AWS::EMR::Cluster': 4,
  'AWS::EMR::SecurityConfiguration': 3,
  'AWS::Glue::SecurityConfiguration': 3,
  'AWS::Redshift::Cluster': 3,
  'AWS::Redshift::ClusterParameterGroup': 3,
  'AWS::DAX::Cluster': 2,
};

/** Modelled types that AWS Config does not record: left out of Config snapshot files. */
const NOT_IN_CONFIG = new Set([
  'AWS::EC2::Snapshot',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::EC2::EbsEncryptionByDefault',
  // Not written in the Config form yet (their Config mappers have recorded fixtures of their own; TO_CONFIG lacks them).
  'AWS::SSM::Parameter',
  'AWS::KinesisFirehose::DeliveryStream',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::Glue::Connection',
  'AWS::Glue::DataCatalogEncryptionSettings',
  'AWS::Glue::SecurityConfiguration',
  'AWS::Glue::MLTransform',
  'AWS::EMR::BlockPublicAccessConfiguration', // not recorded by Config
  'AWS::IoT::Policy',
  'AWS::OpenSearch::Domain',
  'AWS::Athena::WorkGroup',
  'AWS::EMR::Cluster',
  'AWS::EMR::SecurityConfiguration',
  'AWS::Redshift::Cluster',
  'AWS::Redshift::ClusterParameterGroup',
  'AWS::DAX::Cluster',
]);

/**
 * Generation (and file) order. The types other resources refer to come first, as sealcheck
 * writes snapshots (src/inventory/referenced-types.ts): a scan then reads the file once. Builders
 * also rely on it: a key, parameter group or stream exists before what uses it.
 */
const ORDER = [
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::S3::AccountPublicAccessBlock',
  'AWS::S3::Bucket',
  'AWS::RDS::DBParameterGroup',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::Redshift::ClusterParameterGroup',
  'AWS::EMR::SecurityConfiguration',
  'AWS::Kinesis::Stream',
  'AWS::EC2::EbsEncryptionByDefault',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSnapshot',
  'AWS::RDS::DBClusterSnapshot',
  'AWS::DynamoDB::Table',
  'AWS::EC2::Volume',
  'AWS::EC2::Snapshot',
  'AWS::SQS::Queue',
  'AWS::SNS::Topic',
  'AWS::Lambda::Function',
  'AWS::EFS::FileSystem',
  'AWS::KinesisFirehose::DeliveryStream',
  'AWS::Redshift::Cluster',
  'AWS::EMR::Cluster',
  'AWS::EMR::BlockPublicAccessConfiguration',
  'AWS::Glue::DataCatalogEncryptionSettings',
  'AWS::Glue::SecurityConfiguration',
  'AWS::Glue::Connection',
  'AWS::SSM::Parameter',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::ElastiCache::CacheCluster',
  'AWS::OpenSearch::Domain',
  'AWS::Athena::WorkGroup',
  'AWS::DAX::Cluster',
  'AWS::IoT::Policy',
  // Generated last (see plan): the estate drawn before them stays as it was.
  'AWS::Glue::MLTransform',
];

/** A small seeded PRNG (mulberry32 over an FNV-1a hash of the seed): same seed, same sequence, on every platform. */
function rng(seed) {
  let h = 2166136261;
  for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let s = '';
      while (s.length < n) s += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
      return s.slice(0, n);
    },
  };
}

const uuid = (r) => {
  const h = r.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** How many of each type: fixed settings first, the rest by weight; rounding goes to the largest type so the total is exact. */
export function plan(total, format = 'json') {
  const accountCount = Math.min(40, Math.max(3, Math.ceil(total / 25_000)));
  const accounts = Array.from({ length: accountCount }, (_, i) => String(100000000000 + i * 1_111_111).padStart(12, '0'));
  const units = accounts.flatMap((account) => REGIONS.map((region) => ({ account, region })));
  const config = format === 'config';
  const counts = {};
  counts['AWS::S3::AccountPublicAccessBlock'] = Math.min(accounts.length, total);
  counts['AWS::EC2::EbsEncryptionByDefault'] = config ? 0 : Math.min(units.length, total - counts['AWS::S3::AccountPublicAccessBlock']);
  counts['AWS::Glue::DataCatalogEncryptionSettings'] = config ? 0 : Math.min(units.length, total - counts['AWS::S3::AccountPublicAccessBlock'] - counts['AWS::EC2::EbsEncryptionByDefault']);
  counts['AWS::EMR::BlockPublicAccessConfiguration'] = config ? 0 : Math.min(units.length, total - counts['AWS::S3::AccountPublicAccessBlock'] - counts['AWS::EC2::EbsEncryptionByDefault'] - counts['AWS::Glue::DataCatalogEncryptionSettings']);
  const rest = total - counts['AWS::S3::AccountPublicAccessBlock'] - counts['AWS::EC2::EbsEncryptionByDefault'] - counts['AWS::Glue::DataCatalogEncryptionSettings'] - counts['AWS::EMR::BlockPublicAccessConfiguration'];
  const weighted = Object.entries(WEIGHTS).filter(([type]) => !(config && NOT_IN_CONFIG.has(type)));
  const sum = weighted.reduce((s, [, w]) => s + w, 0);
  let given = 0;
  for (const [type, w] of weighted) {
    counts[type] = Math.floor((rest * w) / sum);
    given += counts[type];
  }
  counts['AWS::EC2::Volume'] += rest - given;
  // Machine learning transforms are few in any estate. They take their share from the IoT policies, the last type
  // generated before them, so that every resource drawn before them (and the counts of every other type) stay as they were.
  if (!config) {
    const transforms = Math.min(counts['AWS::IoT::Policy'], Math.max(1, Math.floor(rest / 5_000)));
    counts['AWS::IoT::Policy'] -= transforms;
    counts['AWS::Glue::MLTransform'] = transforms;
  }
  // One alias per key: a key's alias list and the alias resources tell the same story.
  counts['AWS::KMS::Alias'] = counts['AWS::KMS::Key'];
  const diff = total - Object.values(counts).reduce((s, n) => s + n, 0);
  counts['AWS::EC2::Volume'] += diff;
  return { accounts, units, counts };
}

const TAG_VALUES = {
  env: ['prod', 'prod', 'staging', 'dev', 'sandbox'],
  owner: ['payments', 'data-platform', 'identity', 'marketing', 'search', 'ml', 'ops'],
  'data-classification': ['confidential', 'internal', 'public', 'restricted', 'internal'],
  'cost-center': ['cc-1001', 'cc-2040', 'cc-3300', 'cc-4100'],
};

function tags(r) {
  /** @type {Record<string, string>} */
  const out = {};
  if (r.chance(0.1)) return out; // untagged resources exist in every estate
  for (const [k, values] of Object.entries(TAG_VALUES)) if (k === 'env' || r.chance(0.7)) out[k] = r.pick(values);
  if (r.chance(0.2)) out.Name = `res-${r.hex(6)}`;
  return out;
}

/** Resource policy statements, the kinds seen in real accounts. */
const POLICIES = {
  tlsDeny: (service, resources) => ({
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: `${service}:*`,
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  }),
  public: (action, resource) => ({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: action, Resource: resource }),
  orgOnly: (action, resource) => ({
    Sid: 'OrgRead',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: action,
    Resource: resource,
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
  }),
  vpceOnly: (action, resource, r) => ({
    Sid: 'VpcEndpointOnly',
    Effect: 'Allow',
    Principal: '*',
    Action: action,
    Resource: resource,
    Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${r.hex(17)}` } },
  }),
  crossAccount: (account, action, resource) => ({
    Sid: 'PartnerAccess',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: action,
    Resource: resource,
  }),
  service: (service, action, resource, sourceArn) => ({
    Sid: 'AllowService',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: action,
    Resource: resource,
    Condition: { ArnEquals: { 'aws:SourceArn': sourceArn } },
  }),
};

const doc = (statements) => ({ Version: '2012-10-17', Statement: statements });

/**
 * Builds one resource of each type. `ctx` holds what references point at
 * (keys and parameter groups per account and region) and the PRNG; `bad`
 * says whether this one is misconfigured.
 */
class Estate {
  constructor(total, seed, format) {
    this.r = rng(seed);
    this.format = format;
    const { accounts, units, counts } = plan(total, format);
    this.accounts = accounts;
    this.units = units;
    this.counts = counts;
    /** Per unit: the keys generated there, as { id, arn, alias, bad }. @type {any[][]} */
    this.keys = units.map(() => []);
    this.paramGroups = units.map(() => []);
    this.clusterParamGroups = units.map(() => []);
    this.clusters = units.map(() => []);
    this.instances = units.map(() => []);
    this.volumes = units.map(() => []);
    this.streams = units.map(() => []);
    this.redshiftParamGroups = units.map(() => []);
    this.emrSecurityConfigs = units.map(() => []);
    this.flawTurns = new Map();
  }

  /** A key reference as an ARN (services that report keys by ARN): the unit's own key, another account's, or the AWS managed one. */
  keyArn(u, managedAlias) {
    const { account, region } = this.units[u];
    const ref = this.keyRef(u, managedAlias);
    if (ref === null) return `arn:aws:kms:${region}:${account}:alias/aws/${managedAlias}`;
    if (ref.startsWith('arn:')) return ref;
    return `arn:aws:kms:${region}:${account}:${ref.startsWith('alias/') ? ref : `key/${ref}`}`;
  }

  /**
   * The next flaw of a type's list, in turn: types an estate has few of get
   * every flaw the rules look for, whatever the draws before them.
   */
  nextFlaw(type, flaws) {
    const n = this.flawTurns.get(type) ?? 0;
    this.flawTurns.set(type, n + 1);
    return flaws[n % flaws.length];
  }

  /** Unit of the i-th resource of a type: round-robin, so every account and region gets its share. */
  unit(i) {
    const u = i % this.units.length;
    return { ...this.units[u], u };
  }

  /** A reference to a KMS key of the unit: by id, ARN or alias, now and then the AWS managed key, a key of another account, or none. */
  keyRef(u, managedAlias) {
    const { r } = this;
    const keys = this.keys[u].filter((k) => k.manager === 'CUSTOMER');
    const roll = r.next();
    if (keys.length === 0 || roll < 0.15) return null;
    if (roll < 0.22) return `alias/aws/${managedAlias}`;
    if (roll < 0.25) return `arn:aws:kms:${this.units[u].region}:${OUTSIDE_ACCOUNT}:key/${uuid(r)}`;
    const k = r.pick(keys);
    if (roll < 0.55) return k.arn;
    if (roll < 0.8) return k.id;
    return r.chance(0.5) ? k.alias : `arn:aws:kms:${this.units[u].region}:${this.units[u].account}:${k.alias}`;
  }

  *resources() {
    for (const type of ORDER) {
      const n = this.counts[type] ?? 0;
      const build = BUILDERS[type];
      for (let i = 0; i < n; i++) yield build(this, i, this.r.chance(1 / 3));
    }
  }
}

const envelope = (type, id, arn, account, region, name, r, properties) => {
  const res = { resourceType: type, resourceId: id, arn, accountId: account, region, tags: tags(r), properties };
  if (name !== undefined) res.name = name;
  return res;
};

const BUILDERS = {
  'AWS::S3::AccountPublicAccessBlock'(e, i, bad) {
    const account = e.accounts[i];
    const all = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    const pab = !bad ? all : e.r.chance(0.5) ? null : { ...all, blockPublicPolicy: false, restrictPublicBuckets: false };
    const res = envelope('AWS::S3::AccountPublicAccessBlock', account, `arn:aws:s3::${account}:account-public-access-block`, account, 'global', undefined, e.r, { publicAccessBlock: pab });
    res.tags = {};
    return res;
  },
  'AWS::EC2::EbsEncryptionByDefault'(e, i, bad) {
    const { account, region, u } = e.unit(i);
    const props = { enabled: !bad, defaultKmsKeyId: bad ? null : (e.keyRef(u, 'ebs') ?? 'alias/aws/ebs') };
    const res = envelope('AWS::EC2::EbsEncryptionByDefault', region, `arn:aws:ec2:${region}:${account}:ebs-encryption-by-default`, account, region, undefined, e.r, props);
    res.tags = {};
    return res;
  },
  'AWS::KMS::Key'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = uuid(r);
    const arn = `arn:aws:kms:${region}:${account}:key/${id}`;
    // The first key of each account and region is the AWS managed key for EBS; the rest are the account's own.
    const managed = e.keys[u].length === 0;
    const alias = managed ? 'alias/aws/ebs' : `alias/${r.pick(TAG_VALUES.owner)}-${r.pick(['data', 'logs', 'backup', 'app', 'pii'])}-${e.keys[u].length}`;
    const problem = bad && !managed ? r.pick(['rotation', 'rotation', 'disabled', 'pending-deletion', 'public-policy', 'cross-account', 'imported-expiring']) : null;
    const external = problem === 'imported-expiring';
    const keyState = problem === 'disabled' ? 'Disabled' : problem === 'pending-deletion' ? 'PendingDeletion' : 'Enabled';
    const rootStatement = { Sid: 'EnableIAMUserPermissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' };
    /** @type {object[]} */
    const statements = [rootStatement];
    if (problem === 'public-policy') statements.push({ Sid: 'AllowUse', Effect: 'Allow', Principal: '*', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' });
    else if (problem === 'cross-account') statements.push(POLICIES.crossAccount(OUTSIDE_ACCOUNT, ['kms:Decrypt', 'kms:GenerateDataKey'], '*'));
    else if (!managed && r.chance(0.3)) statements.push(POLICIES.orgOnly(['kms:Decrypt'], '*'));
    const props = {
      keyId: id,
      description: managed ? 'Default key that protects my EBS volumes when no other key is defined' : `${alias.slice(6)} key`,
      keyManager: managed ? 'AWS' : 'CUSTOMER',
      keyState,
      enabled: keyState === 'Enabled',
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: external ? 'EXTERNAL' : 'AWS_KMS',
      customKeyStoreId: null,
      multiRegion: false,
      multiRegionKeyType: null,
      creationDate: `202${r.int(6)}-0${1 + r.int(9)}-1${r.int(10)}T10:00:00.000Z`,
      deletionDate: keyState === 'PendingDeletion' ? '2026-12-01T00:00:00.000Z' : null,
      pendingDeletionWindowInDays: keyState === 'PendingDeletion' ? 14 : null,
      validTo: external ? '2026-12-05T00:00:00.000Z' : null,
      expirationModel: external ? 'KEY_MATERIAL_EXPIRES' : null,
      rotationEnabled: external ? null : managed ? true : problem !== 'rotation',
      rotationPeriodInDays: external ? null : 365,
      keyPolicy: doc(statements),
      aliases: [alias],
    };
    e.keys[u].push({ id, arn, alias, manager: props.keyManager });
    return envelope('AWS::KMS::Key', id, arn, account, region, undefined, r, props);
  },
  'AWS::KMS::Alias'(e, i) {
    const { account, region, u } = e.unit(i);
    const keys = e.keys[u];
    const key = keys[Math.floor(i / e.units.length)] ?? keys[0];
    const aliasName = key ? key.alias : `alias/orphan-${i}`;
    const arn = `arn:aws:kms:${region}:${account}:${aliasName}`;
    const res = envelope('AWS::KMS::Alias', arn, arn, account, region, aliasName, e.r, { aliasName, targetKeyId: key ? key.id : null });
    res.tags = {};
    return res;
  },
  'AWS::RDS::DBParameterGroup'(e, i, bad) {
    const { account, region, u } = e.unit(i);
    const engine = e.r.pick(['postgres', 'mysql']);
    const name = `${engine}-${e.r.pick(TAG_VALUES.owner)}-${i}`;
    const parameters =
      engine === 'postgres'
        ? { 'rds.force_ssl': bad ? e.r.pick(['0', null]) : '1', require_secure_transport: null, ssl_min_protocol_version: bad ? null : 'TLSv1.2', tls_version: null }
        : { 'rds.force_ssl': null, require_secure_transport: bad ? e.r.pick(['0', 'OFF', null]) : 'ON', ssl_min_protocol_version: null, tls_version: bad ? 'TLSv1,TLSv1.1,TLSv1.2' : 'TLSv1.2,TLSv1.3' };
    e.paramGroups[u].push({ name, engine });
    return envelope('AWS::RDS::DBParameterGroup', name, `arn:aws:rds:${region}:${account}:pg:${name}`, account, region, name, e.r, {
      name,
      family: engine === 'postgres' ? 'postgres16' : 'mysql8.0',
      description: `${engine} parameters`,
      parameters,
    });
  },
  'AWS::RDS::DBClusterParameterGroup'(e, i, bad) {
    const { account, region, u } = e.unit(i);
    const engine = e.r.pick(['aurora-postgresql', 'aurora-mysql']);
    const name = `${engine}-${i}`;
    const pg = engine === 'aurora-postgresql';
    const parameters = {
      'rds.force_ssl': pg ? (bad ? '0' : '1') : null,
      require_secure_transport: pg ? null : bad ? 'OFF' : 'ON',
      ssl_min_protocol_version: pg && !bad ? 'TLSv1.2' : null,
      tls_version: pg ? null : 'TLSv1.2',
    };
    e.clusterParamGroups[u].push({ name, engine });
    return envelope('AWS::RDS::DBClusterParameterGroup', name, `arn:aws:rds:${region}:${account}:cluster-pg:${name}`, account, region, name, e.r, {
      name,
      family: pg ? 'aurora-postgresql16' : 'aurora-mysql8.0',
      description: `${engine} cluster parameters`,
      parameters,
    });
  },
  'AWS::RDS::DBCluster'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `${r.pick(TAG_VALUES.owner)}-aurora-${i}`;
    const group = e.clusterParamGroups[u].length ? r.pick(e.clusterParamGroups[u]) : null;
    const flaw = bad ? r.pick(['unencrypted', 'no-iam-auth', 'no-deletion-protection']) : null;
    const encrypted = flaw !== 'unencrypted';
    const props = {
      dbClusterIdentifier: id,
      engine: group?.engine ?? 'aurora-postgresql',
      engineVersion: '16.4',
      engineMode: 'provisioned',
      storageEncrypted: encrypted,
      kmsKeyId: encrypted ? (e.keyRef(u, 'rds') ?? `arn:aws:kms:${region}:${account}:alias/aws/rds`) : null,
      iamDatabaseAuthenticationEnabled: flaw !== 'no-iam-auth',
      deletionProtection: flaw !== 'no-deletion-protection',
      dbClusterParameterGroup: group ? group.name : `default.aurora-postgresql16`,
      members: [
        { dbInstanceIdentifier: `${id}-1`, isClusterWriter: true, parameterGroupStatus: 'in-sync' },
        { dbInstanceIdentifier: `${id}-2`, isClusterWriter: false, parameterGroupStatus: r.chance(0.1) ? 'pending-reboot' : 'in-sync' },
      ],
    };
    e.clusters[u].push(id);
    return envelope('AWS::RDS::DBCluster', `cluster-${r.hex(26).toUpperCase()}`, `arn:aws:rds:${region}:${account}:cluster:${id}`, account, region, id, r, props);
  },
  'AWS::RDS::DBInstance'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const group = e.paramGroups[u].length ? r.pick(e.paramGroups[u]) : null;
    const engine = group?.engine ?? 'postgres';
    const id = `${r.pick(TAG_VALUES.owner)}-${engine}-${i}`;
    const flaw = bad ? r.pick(['unencrypted', 'public', 'no-iam-auth', 'old-ca', 'missing-group']) : null;
    const encrypted = flaw !== 'unencrypted';
    const props = {
      dbInstanceIdentifier: id,
      engine,
      engineVersion: engine === 'postgres' ? '16.4' : '8.0.39',
      dbInstanceClass: r.pick(['db.t4g.medium', 'db.m6g.large', 'db.r6g.xlarge']),
      dbClusterIdentifier: null,
      storageEncrypted: encrypted,
      kmsKeyId: encrypted ? (e.keyRef(u, 'rds') ?? `arn:aws:kms:${region}:${account}:alias/aws/rds`) : null,
      iamDatabaseAuthenticationEnabled: flaw !== 'no-iam-auth',
      publiclyAccessible: flaw === 'public',
      deletionProtection: r.chance(0.7),
      dbParameterGroups: [{ name: flaw === 'missing-group' || !group ? `default.${engine}16` : group.name, applyStatus: r.chance(0.05) ? 'pending-reboot' : 'in-sync' }],
      caCertificateIdentifier: flaw === 'old-ca' ? 'rds-ca-2019' : 'rds-ca-rsa2048-g1',
    };
    e.instances[u].push(id);
    return envelope('AWS::RDS::DBInstance', `db-${r.hex(26).toUpperCase()}`, `arn:aws:rds:${region}:${account}:db:${id}`, account, region, id, r, props);
  },
  'AWS::RDS::DBSnapshot'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const source = e.instances[u].length ? r.pick(e.instances[u]) : `db-${i}`;
    const id = `${source}-2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}-${i}`;
    const flaw = bad ? r.pick(['unencrypted', 'public', 'shared']) : null;
    const encrypted = flaw !== 'unencrypted';
    const props = {
      snapshotIdentifier: id,
      sourceIdentifier: source,
      engine: 'postgres',
      snapshotType: r.chance(0.7) ? 'automated' : 'manual',
      encrypted,
      kmsKeyId: encrypted ? (e.keyRef(u, 'rds') ?? `arn:aws:kms:${region}:${account}:alias/aws/rds`) : null,
      restoreAttributeValues: flaw === 'public' ? ['all'] : flaw === 'shared' ? [OUTSIDE_ACCOUNT] : [],
    };
    return envelope('AWS::RDS::DBSnapshot', id, `arn:aws:rds:${region}:${account}:snapshot:${id}`, account, region, id, r, props);
  },
  'AWS::RDS::DBClusterSnapshot'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const source = e.clusters[u].length ? r.pick(e.clusters[u]) : `cluster-${i}`;
    const id = `${source}-snap-${i}`;
    const flaw = bad ? r.pick(['unencrypted', 'public', 'shared']) : null;
    const encrypted = flaw !== 'unencrypted';
    const props = {
      snapshotIdentifier: id,
      sourceIdentifier: source,
      engine: 'aurora-postgresql',
      snapshotType: 'manual',
      encrypted,
      kmsKeyId: encrypted ? (e.keyRef(u, 'rds') ?? `arn:aws:kms:${region}:${account}:alias/aws/rds`) : null,
      restoreAttributeValues: flaw === 'public' ? ['all'] : flaw === 'shared' ? [OUTSIDE_ACCOUNT] : [],
    };
    return envelope('AWS::RDS::DBClusterSnapshot', id, `arn:aws:rds:${region}:${account}:cluster-snapshot:${id}`, account, region, id, r, props);
  },
  'AWS::S3::Bucket'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['logs', 'data', 'assets', 'backups', 'exports', 'raw', 'curated'])}-${account.slice(-4)}-${i}`;
    const arn = `arn:aws:s3:::${name}`;
    const objects = `${arn}/*`;
    const flaw = bad ? r.pick(['no-encryption', 'public-policy', 'no-tls', 'public-acl', 'no-versioning', 'no-pab', 'cross-account']) : null;
    const kms = r.chance(0.6);
    const encryption =
      flaw === 'no-encryption'
        ? null
        : { rules: [kms ? { algorithm: 'aws:kms', kmsKeyId: e.keyRef(u, 's3'), bucketKeyEnabled: true, blockedEncryptionTypes: ['SSE-C'] } : { algorithm: 'AES256', kmsKeyId: null, bucketKeyEnabled: false, blockedEncryptionTypes: [] }] };
    const statements = [];
    if (flaw !== 'no-tls') statements.push(POLICIES.tlsDeny('s3', [arn, objects]));
    if (flaw === 'public-policy') statements.push(POLICIES.public('s3:GetObject', objects));
    else if (flaw === 'cross-account') statements.push(POLICIES.crossAccount(OUTSIDE_ACCOUNT, ['s3:GetObject', 's3:ListBucket'], [arn, objects]));
    else if (r.chance(0.25)) statements.push(POLICIES.orgOnly('s3:GetObject', objects));
    else if (r.chance(0.15)) statements.push(POLICIES.vpceOnly(['s3:GetObject', 's3:PutObject'], objects, r));
    else if (r.chance(0.1)) statements.push(POLICIES.crossAccount(e.accounts[(e.accounts.indexOf(account) + 1) % e.accounts.length], 's3:GetObject', objects));
    const owner = r.hex(64);
    /** @type {{ granteeType: string, granteeId: string | null, granteeUri: string | null, permission: string }[]} */
    const grants = [{ granteeType: 'CanonicalUser', granteeId: owner, granteeUri: null, permission: 'FULL_CONTROL' }];
    if (flaw === 'public-acl') grants.push({ granteeType: 'Group', granteeId: null, granteeUri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' });
    const pab = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    const props = {
      creationDate: `202${r.int(6)}-0${1 + r.int(9)}-1${r.int(10)}T09:30:00.000Z`,
      encryption,
      policy: statements.length ? doc(statements) : null,
      policyStatus: { isPublic: flaw === 'public-policy' },
      publicAccessBlock: flaw === 'no-pab' || flaw === 'public-policy' || flaw === 'public-acl' ? null : pab,
      versioning: { status: flaw === 'no-versioning' ? null : r.chance(0.9) ? 'Enabled' : 'Suspended', mfaDelete: 'Disabled' },
      acl: { ownerId: owner, grants },
      ownershipControls: flaw === 'public-acl' ? { objectOwnership: 'ObjectWriter' } : { objectOwnership: 'BucketOwnerEnforced' },
      logging: r.chance(0.6) ? { targetBucket: `logs-${account}-${region}`, targetPrefix: `${name}/` } : null,
    };
    const res = envelope('AWS::S3::Bucket', name, arn, account, region, name, r, props);
    // Now and then a policy could not be read: the property is absent and the error recorded, as a collector does it.
    if (r.chance(0.01)) {
      delete res.properties.policy;
      delete res.properties.policyStatus;
      res.errors = [
        { property: 'policy', operation: 's3:GetBucketPolicy', code: 'AccessDenied', message: 'Access Denied' },
        { property: 'policyStatus', operation: 's3:GetBucketPolicyStatus', code: 'AccessDenied', message: 'Access Denied' },
      ];
    }
    return res;
  },
  'AWS::DynamoDB::Table'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['sessions', 'orders', 'events', 'profiles', 'locks'])}-${i}`;
    const arn = `arn:aws:dynamodb:${region}:${account}:table/${name}`;
    let sse = null;
    if (!bad && r.chance(0.6)) {
      const ref = e.keyRef(u, 'dynamodb');
      const keyArn = ref === null ? null : ref.startsWith('arn:') ? ref : `arn:aws:kms:${region}:${account}:key/${e.keys[u].find((k) => k.id === ref || k.alias === ref)?.id ?? uuid(r)}`;
      sse = { status: 'ENABLED', sseType: 'KMS', kmsMasterKeyArn: keyArn };
    }
    return envelope('AWS::DynamoDB::Table', name, arn, account, region, name, r, { tableName: name, tableStatus: 'ACTIVE', sse });
  },
  'AWS::EC2::Volume'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `vol-${r.hex(17)}`;
    const encrypted = !bad || r.chance(0.3);
    const props = {
      volumeId: id,
      encrypted,
      kmsKeyId: encrypted ? (e.keyRef(u, 'ebs') ?? `arn:aws:kms:${region}:${account}:alias/aws/ebs`) : null,
      state: r.chance(0.85) ? 'in-use' : 'available',
      size: r.pick([8, 20, 50, 100, 200, 500, 1000]),
      volumeType: r.pick(['gp3', 'gp3', 'gp2', 'io2', 'st1']),
      snapshotId: r.chance(0.3) ? `snap-${r.hex(17)}` : null,
      attachedInstanceIds: r.chance(0.85) ? [`i-${r.hex(17)}`] : [],
    };
    if (e.volumes[u].length < 64) e.volumes[u].push(id);
    return envelope('AWS::EC2::Volume', id, `arn:aws:ec2:${region}:${account}:volume/${id}`, account, region, undefined, r, props);
  },
  'AWS::EC2::Snapshot'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `snap-${r.hex(17)}`;
    const flaw = bad ? r.pick(['unencrypted', 'unencrypted', 'public', 'shared']) : null;
    const encrypted = flaw !== 'unencrypted';
    const perms = flaw === 'public' ? [{ group: 'all', userId: null }] : flaw === 'shared' ? [{ group: null, userId: OUTSIDE_ACCOUNT }] : [];
    const props = {
      snapshotId: id,
      volumeId: e.volumes[u].length ? r.pick(e.volumes[u]) : null,
      encrypted,
      kmsKeyId: encrypted ? (e.keyRef(u, 'ebs') ?? `arn:aws:kms:${region}:${account}:alias/aws/ebs`) : null,
      state: 'completed',
      ownerId: account,
      createVolumePermissions: perms,
    };
    return envelope('AWS::EC2::Snapshot', id, `arn:aws:ec2:${region}::snapshot/${id}`, account, region, undefined, r, props);
  },
  'AWS::SQS::Queue'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const fifo = r.chance(0.15);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['events', 'jobs', 'dlq', 'intake'])}-${i}${fifo ? '.fifo' : ''}`;
    const arn = `arn:aws:sqs:${region}:${account}:${name}`;
    const flaw = bad ? r.pick(['unencrypted', 'public', 'no-tls', 'cross-account']) : null;
    const key = flaw === 'unencrypted' ? null : r.chance(0.5) ? e.keyRef(u, 'sqs') : null;
    const statements = [];
    if (flaw !== 'no-tls' && r.chance(0.7)) statements.push(POLICIES.tlsDeny('sqs', arn));
    if (flaw === 'public') statements.push(POLICIES.public('sqs:SendMessage', arn));
    else if (flaw === 'cross-account') statements.push(POLICIES.crossAccount(OUTSIDE_ACCOUNT, 'sqs:SendMessage', arn));
    else statements.push(POLICIES.service('sns.amazonaws.com', 'sqs:SendMessage', arn, `arn:aws:sns:${region}:${account}:${name.replace('.fifo', '')}`));
    const props = {
      queueName: name,
      queueUrl: `https://sqs.${region}.amazonaws.com/${account}/${name}`,
      fifoQueue: fifo,
      kmsMasterKeyId: key,
      kmsDataKeyReusePeriodSeconds: key === null ? null : 300,
      sqsManagedSseEnabled: flaw !== 'unencrypted' && key === null,
      policy: doc(statements),
    };
    return envelope('AWS::SQS::Queue', props.queueUrl, arn, account, region, name, r, props);
  },
  'AWS::SNS::Topic'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['alerts', 'events', 'notifications'])}-${i}`;
    const arn = `arn:aws:sns:${region}:${account}:${name}`;
    const flaw = bad ? r.pick(['unencrypted', 'public', 'no-tls']) : null;
    /** @type {object[]} */
    const statements = [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['SNS:Publish', 'SNS:Subscribe', 'SNS:GetTopicAttributes'],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ];
    if (flaw === 'public') statements.push(POLICIES.public('SNS:Subscribe', arn));
    if (flaw !== 'no-tls' && r.chance(0.5)) statements.push(POLICIES.tlsDeny('sns', arn));
    const props = { topicName: name, kmsMasterKeyId: flaw === 'unencrypted' ? null : (e.keyRef(u, 'sns') ?? 'alias/aws/sns'), policy: { ...doc(statements), Id: '__default_policy_ID' } };
    return envelope('AWS::SNS::Topic', arn, arn, account, region, name, r, props);
  },
  'AWS::Lambda::Function'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['handler', 'worker', 'api', 'cron', 'etl'])}-${i}`;
    const arn = `arn:aws:lambda:${region}:${account}:function:${name}`;
    const flaw = bad ? r.pick(['public', 'cross-account', 'deprecated-runtime']) : null;
    let policy = null;
    if (flaw === 'public') policy = doc([{ ...POLICIES.public('lambda:InvokeFunction', arn), Sid: 'public-invoke' }]);
    else if (flaw === 'cross-account') policy = doc([POLICIES.crossAccount(OUTSIDE_ACCOUNT, 'lambda:InvokeFunction', arn)]);
    else if (r.chance(0.4)) policy = doc([POLICIES.service('apigateway.amazonaws.com', 'lambda:InvokeFunction', arn, `arn:aws:execute-api:${region}:${account}:${r.hex(10)}/*`)]);
    const key = r.chance(0.3) ? e.keyRef(u, 'lambda') : null;
    const props = {
      functionName: name,
      runtime: flaw === 'deprecated-runtime' ? r.pick(['nodejs14.x', 'python3.7']) : r.pick(['nodejs20.x', 'python3.12', 'java21']),
      kmsKeyArn: key === null || key.startsWith('arn:') ? key : `arn:aws:kms:${region}:${account}:${key.startsWith('alias/') ? key : `key/${key}`}`,
      environmentVariableNames: r.chance(0.7) ? ['LOG_LEVEL', 'TABLE_NAME', ...(r.chance(0.3) ? ['DB_PASSWORD'] : [])] : [],
      policy,
    };
    return envelope('AWS::Lambda::Function', name, arn, account, region, name, r, props);
  },
  'AWS::EFS::FileSystem'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `fs-${r.hex(17)}`;
    const arn = `arn:aws:elasticfilesystem:${region}:${account}:file-system/${id}`;
    const flaw = bad ? r.pick(['unencrypted', 'no-policy', 'no-tls', 'public']) : null;
    const encrypted = flaw !== 'unencrypted';
    const ref = encrypted ? e.keyRef(u, 'elasticfilesystem') : null;
    const keyArn = !encrypted ? null : ref === null ? `arn:aws:kms:${region}:${account}:alias/aws/elasticfilesystem` : ref.startsWith('arn:') ? ref : `arn:aws:kms:${region}:${account}:${ref.startsWith('alias/') ? ref : `key/${ref}`}`;
    const statements = [];
    if (flaw !== 'no-tls') statements.push(POLICIES.tlsDeny('elasticfilesystem', arn));
    if (flaw === 'public') statements.push(POLICIES.public(['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'], arn));
    else statements.push(POLICIES.orgOnly(['elasticfilesystem:ClientMount'], arn));
    const props = {
      fileSystemId: id,
      encrypted,
      kmsKeyId: keyArn,
      lifeCycleState: 'available',
      performanceMode: r.pick(['generalPurpose', 'generalPurpose', 'maxIO']),
      policy: flaw === 'no-policy' ? null : doc(statements),
    };
    return envelope('AWS::EFS::FileSystem', id, arn, account, region, undefined, r, props);
  },
  'AWS::Kinesis::Stream'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['clicks', 'events', 'audit', 'cdc'])}-${i}`;
    const arn = `arn:aws:kinesis:${region}:${account}:stream/${name}`;
    const flaw = bad ? r.pick(['unencrypted', 'public', 'cross-account']) : null;
    const key = flaw === 'unencrypted' ? null : (e.keyRef(u, 'kinesis') ?? 'alias/aws/kinesis');
    let policy = null;
    if (flaw === 'public') policy = doc([POLICIES.public(['kinesis:GetRecords', 'kinesis:GetShardIterator'], arn)]);
    else if (flaw === 'cross-account') policy = doc([POLICIES.crossAccount(OUTSIDE_ACCOUNT, ['kinesis:GetRecords', 'kinesis:DescribeStream'], arn)]);
    const props = { streamName: name, retentionPeriodHours: r.pick([24, 24, 168]), encryptionType: key === null ? 'NONE' : 'KMS', kmsKeyId: key, policy };
    e.streams[u].push({ arn, encrypted: key !== null });
    return envelope('AWS::Kinesis::Stream', name, arn, account, region, name, r, props);
  },
  'AWS::KinesisFirehose::DeliveryStream'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['clicks', 'audit', 'logs'])}-archive-${i}`;
    const arn = `arn:aws:firehose:${region}:${account}:deliverystream/${name}`;
    const flaw = bad ? r.pick(['unencrypted', 'plain-source']) : null;
    const sources = e.streams[u].filter((s) => (flaw === 'plain-source' ? !s.encrypted : s.encrypted));
    const fromStream = flaw === 'plain-source' ? sources.length > 0 : sources.length > 0 && r.chance(0.4);
    const bucket = `arn:aws:s3:::${r.pick(TAG_VALUES.owner)}-archive-${r.hex(6)}`;
    const props = {
      deliveryStreamName: name,
      deliveryStreamType: fromStream ? 'KinesisStreamAsSource' : 'DirectPut',
      // A stream fed by Kinesis has no encryption of its own: the source stream's applies.
      encryption: fromStream ? null : flaw ? { status: 'DISABLED', keyType: null, keyArn: null } : r.chance(0.5) ? { status: 'ENABLED', keyType: 'AWS_OWNED_CMK', keyArn: null } : { status: 'ENABLED', keyType: 'CUSTOMER_MANAGED_CMK', keyArn: e.keyArn(u, 'firehose') },
      sourceKinesisStreamArn: fromStream ? r.pick(sources).arn : null,
      s3Destinations: [{ bucketArn: bucket, kmsKeyArn: r.chance(0.5) ? e.keyArn(u, 's3') : null }],
    };
    return envelope('AWS::KinesisFirehose::DeliveryStream', name, arn, account, region, name, r, props);
  },
  'AWS::Redshift::ClusterParameterGroup'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `redshift-${r.pick(['tls', 'default', 'etl', 'audit'])}-${i}`;
    // `bad` groups leave require_ssl at its default (false); some groups do not set it at all.
    const requireSsl = bad ? r.pick(['false', null]) : r.pick(['true', 'true', 'TRUE']);
    e.redshiftParamGroups[u].push({ name, bad });
    return envelope('AWS::Redshift::ClusterParameterGroup', name, `arn:aws:redshift:${region}:${account}:parametergroup:${name}`, account, region, name, e.r, {
      name,
      family: 'redshift-1.0',
      description: `${name} parameters`,
      parameters: { require_ssl: requireSsl },
    });
  },
  'AWS::Redshift::Cluster'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `${r.pick(TAG_VALUES.owner)}-warehouse-${i}`;
    const flaw = bad ? r.pick(['unencrypted', 'public', 'no-tls']) : null;
    const all = e.redshiftParamGroups[u];
    const fitting = all.filter((g) => (flaw === 'no-tls' ? g.bad : !g.bad));
    // The default group is not in the inventory (UNKNOWN): only where the region has no group of its own.
    const group = fitting.length > 0 ? r.pick(fitting).name : all.length > 0 ? r.pick(all).name : 'default.redshift-1.0';
    const applyStatus = r.chance(0.9) ? 'in-sync' : 'pending-reboot';
    const props = {
      clusterIdentifier: id,
      encrypted: flaw !== 'unencrypted',
      kmsKeyId: flaw === 'unencrypted' ? null : e.keyArn(u, 'redshift'),
      hsmConfigurationIdentifier: null,
      publiclyAccessible: flaw === 'public',
      clusterParameterGroups: [{ name: group, applyStatus, requireSslApplyStatus: applyStatus }],
    };
    return envelope('AWS::Redshift::Cluster', id, `arn:aws:redshift:${region}:${account}:cluster:${id}`, account, region, id, r, props);
  },
  'AWS::EMR::SecurityConfiguration'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `emr-${r.pick(['secure', 'etl', 'adhoc'])}-${i}`;
    const flaw = bad ? r.pick(['no-at-rest', 'no-in-transit', 'no-local-disk']) : null;
    const atRest = flaw !== 'no-at-rest';
    const key = e.keyArn(u, 'elasticmapreduce');
    e.emrSecurityConfigs[u].push({ name, encrypting: flaw === null || flaw === 'no-local-disk' });
    return envelope('AWS::EMR::SecurityConfiguration', name, `arn:aws:elasticmapreduce:${region}:${account}:security-configuration/${name}`, account, region, name, e.r, {
      name,
      atRestEncryptionEnabled: atRest,
      inTransitEncryptionEnabled: flaw !== 'no-in-transit',
      s3EncryptionMode: atRest ? r.pick(['SSE-S3', 'SSE-KMS']) : null,
      s3KmsKey: atRest ? key : null,
      localDiskEncryption: atRest && flaw !== 'no-local-disk' ? { keyProviderType: 'AwsKms', kmsKey: key, ebsEncryption: true } : null,
    });
  },
  'AWS::EMR::Cluster'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `j-${r.hex(13).toUpperCase()}`;
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['nightly', 'adhoc', 'spark'])}-${i}`;
    const configs = e.emrSecurityConfigs[u].filter((c) => c.encrypting !== bad);
    const securityConfiguration = bad && (configs.length === 0 || r.chance(0.5)) ? null : configs.length > 0 ? r.pick(configs).name : null;
    // A bad cluster has a flaw drawn from two: no encrypting security configuration, or a primary node with a public IP.
    // Neither is drawn from the PRNG, so the resources generated after this one stay as they were.
    const primaryNodes = [{ ec2InstanceId: `i-0${id.slice(2).toLowerCase()}e1a`, publicIp: bad && i % 2 === 0 }];
    const props = { clusterId: id, name, state: r.pick(['WAITING', 'RUNNING', 'WAITING']), releaseLabel: r.pick(['emr-7.2.0', 'emr-6.15.0']), securityConfiguration, kerberosEnabled: r.chance(0.3), primaryNodes };
    return envelope('AWS::EMR::Cluster', id, `arn:aws:elasticmapreduce:${region}:${account}:cluster/${id}`, account, region, name, r, props);
  },
  'AWS::Glue::DataCatalogEncryptionSettings'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    // One setting per account and region, so few of them: the two flaws take turns rather than being drawn, so both occur.
    const flaw = bad ? (i % 2 === 0 ? 'catalog' : 'passwords') : null;
    const key = e.keyArn(u, 'glue');
    // The resource policy takes the same turns: a public statement with the catalog flaw, a grant to another account with the password flaw.
    const resources = [`arn:aws:glue:${region}:${account}:catalog`, `arn:aws:glue:${region}:${account}:database/*`, `arn:aws:glue:${region}:${account}:table/*/*`];
    const grantee = flaw === 'catalog' ? '*' : { AWS: `arn:aws:iam::${flaw === 'passwords' ? OUTSIDE_ACCOUNT : account}:root` };
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: grantee, Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables'], Resource: resources }] };
    const props = {
      catalogEncryptionMode: flaw === 'catalog' ? 'DISABLED' : 'SSE-KMS',
      catalogKmsKeyId: flaw === 'catalog' ? null : key,
      connectionPasswordEncryption: flaw !== 'passwords',
      connectionPasswordKmsKeyId: flaw === 'passwords' ? null : key,
      policy: i % 3 === 0 && !flaw ? null : policy,
    };
    return envelope('AWS::Glue::DataCatalogEncryptionSettings', region, `arn:aws:glue:${region}:${account}:catalog`, account, region, undefined, r, props);
  },
  'AWS::EMR::BlockPublicAccessConfiguration'(e, i, bad) {
    const { account, region } = e.unit(i);
    // One setting per account and region: the two flaws take turns (off; on but a port besides 22 left open).
    const flaw = bad ? (i % 2 === 0 ? 'off' : 'port') : null;
    const props = {
      blockPublicSecurityGroupRules: flaw !== 'off',
      permittedPublicSecurityGroupRuleRanges: flaw === 'port' ? [{ minRange: 22, maxRange: null }, { minRange: 3389, maxRange: null }] : [{ minRange: 22, maxRange: null }],
    };
    const res = envelope('AWS::EMR::BlockPublicAccessConfiguration', region, `arn:aws:elasticmapreduce:${region}:${account}:block-public-access-configuration`, account, region, undefined, e.r, props);
    res.tags = {};
    return res;
  },
  'AWS::Glue::SecurityConfiguration'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `glue-${r.pick(['etl', 'crawler', 'secure'])}-${i}`;
    const flaw = bad ? r.pick(['s3', 'cloudwatch', 'bookmarks']) : null;
    const key = e.keyArn(u, 'glue');
    const props = {
      name,
      s3EncryptionMode: flaw === 's3' ? 'DISABLED' : r.pick(['SSE-S3', 'SSE-KMS']),
      s3KmsKeyArn: flaw === 's3' ? null : key,
      cloudWatchEncryptionMode: flaw === 'cloudwatch' ? 'DISABLED' : 'SSE-KMS',
      cloudWatchKmsKeyArn: flaw === 'cloudwatch' ? null : key,
      jobBookmarksEncryptionMode: flaw === 'bookmarks' ? 'DISABLED' : 'CSE-KMS',
      jobBookmarksKmsKeyArn: flaw === 'bookmarks' ? null : key,
    };
    return envelope('AWS::Glue::SecurityConfiguration', name, `arn:aws:glue:${region}:${account}:securityConfiguration/${name}`, account, region, name, r, props);
  },
  'AWS::Glue::MLTransform'(e, i, _bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `tfm-${r.hex(32)}`;
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['dedupe', 'match'])}-${i}`;
    // Few of them: encrypted and not take turns rather than being drawn, so both occur.
    const encrypted = i % 2 === 1;
    const props = {
      transformId: id,
      name,
      status: 'READY',
      mlUserDataEncryptionMode: encrypted ? 'SSE-KMS' : 'DISABLED',
      kmsKeyId: encrypted ? e.keyArn(u, 's3') : null,
      taskRunSecurityConfiguration: null,
    };
    return envelope('AWS::Glue::MLTransform', id, `arn:aws:glue:${region}:${account}:mlTransform/${id}`, account, region, name, r, props);
  },
  'AWS::Glue::Connection'(e, i, bad) {
    const { r } = e;
    const { account, region } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-${r.pick(['orders', 'warehouse', 'crm'])}-${i}`;
    const connectionType = r.chance(0.8) ? 'JDBC' : r.pick(['KAFKA', 'NETWORK']);
    const jdbc = connectionType === 'JDBC';
    const props = { name, connectionType, jdbcEnforceSsl: jdbc ? !bad : null, customJdbcCertificate: jdbc ? r.chance(0.2) : null };
    return envelope('AWS::Glue::Connection', name, `arn:aws:glue:${region}:${account}:connection/${name}`, account, region, name, r, props);
  },
  'AWS::SSM::Parameter'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const app = r.pick(TAG_VALUES.owner);
    const env = r.pick(TAG_VALUES.env);
    const secret = r.chance(0.4);
    const leaf = secret ? r.pick(['db_password', 'api-key', 'client_secret', 'token']) : r.pick(['log_level', 'feature-flags', 'endpoint', 'batch_size']);
    const name = `/${app}/${env}/${leaf}-${i}`;
    // A secret stored as plain String is the finding; otherwise a SecureString under the AWS managed key.
    const type = secret ? (bad ? 'String' : 'SecureString') : r.chance(0.2) ? 'SecureString' : r.pick(['String', 'StringList']);
    const keyId = type !== 'SecureString' ? null : bad || r.chance(0.3) ? 'alias/aws/ssm' : e.keyRef(u, 'ssm') ?? 'alias/aws/ssm';
    const props = { name, type, keyId, tier: 'Standard', dataType: 'text', lastModifiedDate: new Date(Date.parse(CAPTURED_AT) - r.int(400) * 86_400_000).toISOString() };
    return envelope('AWS::SSM::Parameter', name, `arn:aws:ssm:${region}:${account}:parameter${name}`, account, region, name, r, props);
  },
  'AWS::ElastiCache::ReplicationGroup'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const id = `${r.pick(TAG_VALUES.owner)}-${r.pick(['sessions', 'cache', 'queue'])}-${i}`;
    const flaw = bad ? r.pick(['at-rest', 'tls-off', 'tls-preferred', 'no-auth']) : null;
    const tls = flaw !== 'tls-off';
    const auth = flaw === 'no-auth' ? 'none' : r.pick(['token', 'rbac']);
    const props = {
      replicationGroupId: id,
      engine: r.pick(['redis', 'valkey']),
      status: 'available',
      atRestEncryptionEnabled: flaw !== 'at-rest',
      kmsKeyId: flaw === 'at-rest' || r.chance(0.5) ? null : e.keyArn(u, 'elasticache'),
      transitEncryptionEnabled: tls,
      transitEncryptionMode: !tls ? null : flaw === 'tls-preferred' ? 'preferred' : 'required',
      authTokenEnabled: auth === 'token',
      userGroupIds: auth === 'rbac' ? [`${id}-users`] : [],
      clusterEnabled: r.chance(0.5),
    };
    // Node versions from the index, not the random stream, so the rest of the estate stays as it was: a third of the Redis OSS groups are pre-6.0.
    const version = props.engine === 'valkey' ? '7.2.6' : i % 3 === 0 ? '5.0.6' : '7.1.0';
    props.memberClusters = [1, 2].map((n) => ({ cacheClusterId: `${id}-00${n}`, engineVersion: version }));
    return envelope('AWS::ElastiCache::ReplicationGroup', id, `arn:aws:elasticache:${region}:${account}:replicationgroup:${id}`, account, region, id, r, props);
  },
  // Clusters outside replication groups: mostly Memcached; the Valkey and Redis OSS ones are old standalone clusters.
  'AWS::ElastiCache::CacheCluster'(e, i, bad) {
    const { r } = e;
    const { account, region } = e.unit(i);
    const id = `${r.pick(TAG_VALUES.owner)}-${r.pick(['memcached', 'lookup', 'cache'])}-${i}`;
    const engine = r.chance(0.6) ? 'memcached' : r.pick(['redis', 'valkey']);
    const memcached = engine === 'memcached';
    const flaw = bad ? (memcached ? r.pick(['tls-off', 'old-version']) : r.pick(['at-rest', 'tls-off', 'tls-preferred'])) : null;
    const tls = flaw !== 'tls-off' && flaw !== 'old-version';
    const props = {
      cacheClusterId: id,
      engine,
      engineVersion: memcached ? (flaw === 'old-version' ? '1.6.6' : '1.6.22') : engine === 'valkey' ? '7.2.6' : '7.1.0',
      status: 'available',
      atRestEncryptionEnabled: !memcached && flaw !== 'at-rest',
      transitEncryptionEnabled: tls,
      transitEncryptionMode: !tls || memcached ? null : flaw === 'tls-preferred' ? 'preferred' : 'required',
      authTokenEnabled: false,
    };
    return envelope('AWS::ElastiCache::CacheCluster', id, `arn:aws:elasticache:${region}:${account}:cluster:${id}`, account, region, id, r, props);
  },
  'AWS::OpenSearch::Domain'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-search-${i}`;
    const arn = `arn:aws:es:${region}:${account}:domain/${name}`;
    const flaw = bad ? e.nextFlaw('opensearch', ['at-rest', 'node-to-node', 'http', 'old-tls', 'public', 'no-fgac']) : null;
    const inVpc = flaw !== 'public' && r.chance(0.7);
    const policy = flaw === 'public' ? doc([POLICIES.public('es:ESHttp*', `${arn}/*`)]) : doc([POLICIES.orgOnly(['es:ESHttpGet', 'es:ESHttpPost'], `${arn}/*`)]);
    const props = {
      domainName: name,
      engineVersion: r.pick(['OpenSearch_2.13', 'OpenSearch_2.11', 'Elasticsearch_7.10']),
      encryptionAtRestEnabled: flaw !== 'at-rest',
      kmsKeyId: flaw === 'at-rest' ? null : e.keyArn(u, 'es'),
      nodeToNodeEncryptionEnabled: flaw !== 'node-to-node',
      enforceHttps: flaw !== 'http',
      tlsSecurityPolicy: flaw === 'old-tls' ? 'Policy-Min-TLS-1-0-2019-07' : r.pick(['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10']),
      inVpc,
      vpcId: inVpc ? `vpc-${r.hex(17)}` : null,
      accessPolicy: policy,
      advancedSecurityEnabled: flaw !== 'no-fgac',
      anonymousAuthEnabled: flaw === 'no-fgac' ? null : false,
    };
    return envelope('AWS::OpenSearch::Domain', name, arn, account, region, name, r, props);
  },
  'AWS::Athena::WorkGroup'(e, i, bad) {
    const { r } = e;
    const { account, region, u } = e.unit(i);
    const name = i === 0 ? 'primary' : `${r.pick(TAG_VALUES.owner)}-analysts-${i}`;
    const flaw = bad ? r.pick(['unencrypted', 'not-enforced']) : null;
    const option = flaw === 'unencrypted' ? null : r.pick(['SSE_S3', 'SSE_KMS', 'CSE_KMS']);
    const props = {
      workGroupName: name,
      state: 'ENABLED',
      enforceWorkGroupConfiguration: flaw !== 'not-enforced',
      outputLocation: `s3://${r.pick(TAG_VALUES.owner)}-athena-results-${r.hex(6)}/`,
      resultEncryption: option === null ? null : { option, kmsKey: option === 'SSE_S3' ? null : e.keyArn(u, 's3') },
    };
    return envelope('AWS::Athena::WorkGroup', name, `arn:aws:athena:${region}:${account}:workgroup/${name}`, account, region, name, r, props);
  },
  'AWS::DAX::Cluster'(e, i, bad) {
    const { r } = e;
    const { account, region } = e.unit(i);
    const name = `${r.pick(TAG_VALUES.owner)}-dax-${i}`;
    const flaw = bad ? r.pick(['sse', 'tls']) : null;
    const props = { clusterName: name, status: 'available', sseStatus: flaw === 'sse' ? 'DISABLED' : 'ENABLED', clusterEndpointEncryptionType: flaw === 'tls' ? 'NONE' : 'TLS' };
    return envelope('AWS::DAX::Cluster', name, `arn:aws:dax:${region}:${account}:cache/${name}`, account, region, name, r, props);
  },
  'AWS::IoT::Policy'(e, i, bad) {
    const { r } = e;
    const { account, region } = e.unit(i);
    const name = `${r.pick(['sensor', 'gateway', 'fleet'])}-policy-${i}`;
    const thing = '${iot:Connection.Thing.ThingName}';
    const statements = bad
      ? [{ Effect: 'Allow', Action: r.pick(['iot:*', ['iot:Connect', 'iot:*']]), Resource: '*' }]
      : [
          { Effect: 'Allow', Action: 'iot:Connect', Resource: `arn:aws:iot:${region}:${account}:client/${thing}` },
          { Effect: 'Allow', Action: 'iot:Publish', Resource: `arn:aws:iot:${region}:${account}:topic/fleet/${thing}/telemetry` },
        ];
    const props = { policyName: name, defaultVersionId: String(1 + r.int(4)), policyDocument: doc(statements) };
    return envelope('AWS::IoT::Policy', name, `arn:aws:iot:${region}:${account}:policy/${name}`, account, region, name, r, props);
  },
};

// ---------------------------------------------------------------- AWS Config form

const ACL_NAMES = { FULL_CONTROL: 'FullControl', READ: 'Read', WRITE: 'Write', READ_ACP: 'ReadAcp', WRITE_ACP: 'WriteAcp' };
const GROUP_NAMES = { 'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers' };
const json = (v) => JSON.stringify(v);

/** Per type: the `configuration` and `supplementaryConfiguration` AWS Config records for a resource, with Config's field names. */
const TO_CONFIG = {
  'AWS::S3::AccountPublicAccessBlock': (p) => ({ configuration: p.publicAccessBlock ?? {}, supplementaryConfiguration: {} }),
  'AWS::KMS::Key': (p, res) => ({
    configuration: {
      awsaccountId: res.accountId,
      keyId: p.keyId,
      arn: res.arn,
      creationDate: p.creationDate,
      enabled: p.enabled,
      description: p.description,
      keyUsage: p.keyUsage,
      keyState: p.keyState,
      deletionDate: p.deletionDate,
      validTo: p.validTo,
      origin: p.origin,
      customKeyStoreId: p.customKeyStoreId,
      expirationModel: p.expirationModel,
      keyManager: p.keyManager,
      customerMasterKeySpec: p.keySpec,
      keySpec: p.keySpec,
      encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      multiRegion: p.multiRegion,
      multiRegionConfiguration: null,
      pendingDeletionWindowInDays: p.pendingDeletionWindowInDays,
    },
    supplementaryConfiguration: p.rotationEnabled === null ? {} : { KeyRotationStatus: p.rotationEnabled },
  }),
  'AWS::KMS::Alias': (p, res) => ({
    configuration: { AliasName: p.aliasName, AliasArn: res.arn, TargetKeyId: p.targetKeyId },
    supplementaryConfiguration: {},
    relationships: p.targetKeyId ? [{ resourceId: p.targetKeyId, resourceName: null, resourceType: 'AWS::KMS::Key', name: 'Is associated with KMS key' }] : [],
  }),
  'AWS::RDS::DBInstance': (p, res) => ({
    configuration: {
      dBInstanceIdentifier: p.dbInstanceIdentifier,
      dBInstanceClass: p.dbInstanceClass,
      engine: p.engine,
      engineVersion: p.engineVersion,
      dBInstanceStatus: 'available',
      dBParameterGroups: p.dbParameterGroups.map((g) => ({ dBParameterGroupName: g.name, parameterApplyStatus: g.applyStatus })),
      publiclyAccessible: p.publiclyAccessible,
      storageEncrypted: p.storageEncrypted,
      kmsKeyId: p.kmsKeyId,
      dbiResourceId: res.resourceId,
      cACertificateIdentifier: p.caCertificateIdentifier,
      iAMDatabaseAuthenticationEnabled: p.iamDatabaseAuthenticationEnabled,
      deletionProtection: p.deletionProtection,
      dBInstanceArn: res.arn,
      dBClusterIdentifier: p.dbClusterIdentifier,
    },
    supplementaryConfiguration: {},
  }),
  'AWS::RDS::DBCluster': (p, res) => ({
    configuration: {
      dbclusterIdentifier: p.dbClusterIdentifier,
      dbclusterParameterGroup: p.dbClusterParameterGroup,
      status: 'available',
      engine: p.engine,
      engineVersion: p.engineVersion,
      engineMode: p.engineMode,
      storageEncrypted: p.storageEncrypted,
      kmsKeyId: p.kmsKeyId,
      dbClusterResourceId: res.resourceId,
      dbclusterArn: res.arn,
      iamdatabaseAuthenticationEnabled: p.iamDatabaseAuthenticationEnabled,
      deletionProtection: p.deletionProtection,
      dbclusterMembers: p.members.map((m) => ({ dbinstanceIdentifier: m.dbInstanceIdentifier, isClusterWriter: m.isClusterWriter, dbclusterParameterGroupStatus: m.parameterGroupStatus, promotionTier: 1 })),
    },
    supplementaryConfiguration: {},
  }),
  'AWS::RDS::DBSnapshot': (p, res) => ({
    configuration: {
      dBSnapshotIdentifier: p.snapshotIdentifier,
      dBInstanceIdentifier: p.sourceIdentifier,
      engine: p.engine,
      snapshotType: p.snapshotType,
      encrypted: p.encrypted,
      kmsKeyId: p.kmsKeyId,
      status: 'available',
      dBSnapshotArn: res.arn,
    },
    supplementaryConfiguration: { DBSnapshotAttributes: [{ attributeName: 'restore', attributeValues: p.restoreAttributeValues }] },
  }),
  'AWS::RDS::DBClusterSnapshot': (p, res) => ({
    configuration: {
      dbclusterSnapshotIdentifier: p.snapshotIdentifier,
      dbclusterIdentifier: p.sourceIdentifier,
      engine: p.engine,
      snapshotType: p.snapshotType,
      storageEncrypted: p.encrypted,
      kmsKeyId: p.kmsKeyId,
      status: 'available',
      dbclusterSnapshotArn: res.arn,
    },
    supplementaryConfiguration: { DBClusterSnapshotAttributes: [{ attributeName: 'restore', attributeValues: p.restoreAttributeValues }] },
  }),
  'AWS::S3::Bucket': (p, res) => {
    const supp = {
      AccessControlList: json({
        grantSet: null,
        grantList: p.acl.grants.map((g) => ({ grantee: g.granteeType === 'Group' ? GROUP_NAMES[g.granteeUri] : { id: g.granteeId, displayName: null }, permission: ACL_NAMES[g.permission] })),
        owner: { displayName: null, id: p.acl.ownerId },
        isRequesterCharged: false,
      }),
      BucketLoggingConfiguration: { destinationBucketName: p.logging?.targetBucket ?? null, logFilePrefix: p.logging?.targetPrefix ?? null },
      BucketOwnershipControls: { bucketName: res.name, ownershipControls: { rules: [{ ownership: p.ownershipControls.objectOwnership }] } },
      BucketVersioningConfiguration: { status: p.versioning.status ?? 'Off', isMfaDeleteEnabled: p.versioning.mfaDelete === 'Enabled' },
      IsRequesterPaysEnabled: false,
      ServerSideEncryptionConfiguration:
        p.encryption === null
          ? null
          : {
              rules: p.encryption.rules.map((rule) => ({
                applyServerSideEncryptionByDefault: { sseAlgorithm: rule.algorithm, kmsMasterKeyID: rule.kmsKeyId },
                bucketKeyEnabled: rule.bucketKeyEnabled,
                blockedEncryptionTypes: { encryptionType: rule.blockedEncryptionTypes },
              })),
            },
    };
    if ('policy' in p) supp.BucketPolicy = { policyText: p.policy === null ? null : json(p.policy) };
    supp.PublicAccessBlockConfiguration = p.publicAccessBlock;
    return { configuration: { name: res.name, owner: { displayName: null, id: p.acl.ownerId }, creationDate: p.creationDate }, supplementaryConfiguration: supp };
  },
  'AWS::DynamoDB::Table': (p, res) => ({
    configuration: {
      tableName: p.tableName,
      tableStatus: p.tableStatus,
      tableArn: res.arn,
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      billingModeSummary: { billingMode: 'PAY_PER_REQUEST' },
      ssedescription: p.sse === null ? null : { status: p.sse.status, ssetype: p.sse.sseType, kmsmasterKeyArn: p.sse.kmsMasterKeyArn },
    },
    supplementaryConfiguration: {},
  }),
  'AWS::EC2::Volume': (p) => ({
    configuration: {
      attachments: p.attachedInstanceIds.map((id) => ({ device: '/dev/xvda', instanceId: id, state: 'attached', volumeId: p.volumeId, deleteOnTermination: true })),
      encrypted: p.encrypted,
      kmsKeyId: p.kmsKeyId,
      size: p.size,
      snapshotId: p.snapshotId ?? '',
      state: { value: p.state },
      volumeId: p.volumeId,
      volumeType: p.volumeType,
    },
    supplementaryConfiguration: {},
  }),
  'AWS::SQS::Queue': (p, res) => {
    const conf = {
      QueueArn: res.arn,
      QueueUrl: p.queueUrl,
      QueueName: p.queueName,
      VisibilityTimeout: '30',
      MessageRetentionPeriod: '345600',
      SqsManagedSseEnabled: String(p.sqsManagedSseEnabled),
      Policy: json(p.policy),
    };
    if (p.fifoQueue) conf.FifoQueue = 'true';
    if (p.kmsMasterKeyId !== null) {
      conf.KmsMasterKeyId = p.kmsMasterKeyId;
      conf.KmsDataKeyReusePeriodSeconds = String(p.kmsDataKeyReusePeriodSeconds);
    }
    return { configuration: conf, supplementaryConfiguration: {} };
  },
  'AWS::SNS::Topic': (p, res) => {
    const conf = { TopicArn: res.arn, Owner: res.accountId, DisplayName: '', SubscriptionsConfirmed: '1', Policy: json(p.policy) };
    if (p.kmsMasterKeyId !== null) conf.KmsMasterKeyId = p.kmsMasterKeyId;
    return { configuration: conf, supplementaryConfiguration: {} };
  },
  'AWS::Lambda::Function': (p, res) => ({
    configuration: {
      functionName: p.functionName,
      functionArn: res.arn,
      runtime: p.runtime,
      handler: 'index.handler',
      timeout: 30,
      memorySize: 256,
      kmskeyArn: p.kmsKeyArn,
      packageType: 'Zip',
      // Values are placeholders: synthetic, and sealcheck keeps only the names anyway.
      environment: { variables: Object.fromEntries(p.environmentVariableNames.map((n) => [n, 'synthetic'])), error: null },
    },
    supplementaryConfiguration: p.policy === null ? {} : { Policy: json(p.policy) },
  }),
  'AWS::EFS::FileSystem': (p, res) => ({
    configuration: {
      FileSystemId: p.fileSystemId,
      Arn: res.arn,
      Encrypted: p.encrypted,
      ...(p.kmsKeyId === null ? {} : { KmsKeyId: p.kmsKeyId }),
      PerformanceMode: p.performanceMode,
      FileSystemPolicy: p.policy === null ? null : p.policy,
    },
    supplementaryConfiguration: {},
  }),
  'AWS::Kinesis::Stream': (p, res) => ({
    configuration: {
      Name: p.streamName,
      Arn: res.arn,
      RetentionPeriodHours: p.retentionPeriodHours,
      ...(p.encryptionType === 'KMS' ? { StreamEncryption: { EncryptionType: 'KMS', KeyId: p.kmsKeyId } } : {}),
    },
    supplementaryConfiguration: {},
  }),
};

/** A sealcheck resource as the configuration item AWS Config would deliver for it in a snapshot file. */
export function toConfigItem(res) {
  const { configuration, supplementaryConfiguration, relationships = [] } = TO_CONFIG[res.resourceType](res.properties, res);
  return {
    relatedEvents: [],
    relationships,
    configuration,
    supplementaryConfiguration,
    tags: res.tags,
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: CAPTURED_AT,
    awsAccountId: res.accountId,
    configurationItemStatus: 'OK',
    resourceType: res.resourceType,
    resourceId: res.resourceId,
    resourceName: res.name ?? null,
    ARN: res.arn,
    awsRegion: res.region === 'global' ? 'us-east-1' : res.region,
    availabilityZone: 'Regional',
  };
}

// ---------------------------------------------------------------- output

/** Chunks of the output file, in order. */
function* chunks(estate, format, seed) {
  const header = {
    source: { kind: 'synthetic', description: `sealcheck bench/gen.mjs, seed ${seed}` },
    capturedAt: CAPTURED_AT,
    accounts: estate.accounts,
    regions: REGIONS,
    errors: [],
    referencedFirst: true,
  };
  let first = true;
  if (format === 'ndjson') {
    yield `${json({ format: 'sealcheck-snapshot', version: 1, header })}\n`;
    for (const res of estate.resources()) yield `${json(res)}\n`;
    return;
  }
  if (format === 'config') {
    yield `{"fileVersion":"1.0","configSnapshotId":${json(uuid(rng(`${seed}/snapshot-id`)))},"configurationItems":[`;
    for (const res of estate.resources()) {
      yield `${first ? '\n' : ',\n'}${json(toConfigItem(res))}`;
      first = false;
    }
    yield '\n]}\n';
    return;
  }
  yield `{"format":"sealcheck-snapshot","version":1,"header":${json(header)},"resources":[`;
  for (const res of estate.resources()) {
    yield `${first ? '\n' : ',\n'}${json(res)}`;
    first = false;
  }
  yield '\n]}\n';
}

/** The resources of an inventory, generated lazily (for in-process benchmarks and tests). */
export function generateResources({ resources, seed = 1, format = 'json' }) {
  return new Estate(resources, seed, format).resources();
}

/**
 * Writes a synthetic inventory to `out`, honouring back-pressure; returns the resource count by type.
 * @param {{ resources: number, out: string, seed?: string | number, format?: string }} options
 */
export async function generate({ resources, out, seed = 1, format = formatOf(out) }) {
  if (!['json', 'ndjson', 'config'].includes(format)) throw new Error(`--format must be json, ndjson or config, not "${format}"`);
  if (!Number.isInteger(resources) || resources < 1) throw new Error('--resources must be a positive integer');
  await mkdir(dirname(out), { recursive: true });
  const estate = new Estate(resources, seed, format);
  const stream = createWriteStream(out);
  let batch = '';
  for (const chunk of chunks(estate, format, seed)) {
    batch += chunk;
    if (batch.length >= 1 << 20) {
      if (!stream.write(batch)) await once(stream, 'drain');
      batch = '';
    }
  }
  stream.end(batch);
  await once(stream, 'finish');
  return Object.fromEntries(Object.entries(estate.counts).filter(([, n]) => n > 0));
}

export function formatOf(file) {
  return /\.(ndjson|jsonl)$/.test(file) ? 'ndjson' : 'json';
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--resources') args.resources = Number(value().replace(/_/g, ''));
    else if (a === '--out') args.out = value();
    else if (a === '--seed') args.seed = value();
    else if (a === '--format') args.format = value();
    else throw new Error(`unknown option ${a} (usage: --resources N --out FILE [--seed S] [--format json|ndjson|config])`);
  }
  if (!args.out || args.resources === undefined) throw new Error('usage: --resources N --out FILE [--seed S] [--format json|ndjson|config]');
  return args;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const started = performance.now();
    const counts = await generate(args);
    const total = Object.values(counts).reduce((s, n) => s + n, 0);
    process.stderr.write(`bench:gen: ${total} resources (${Object.keys(counts).length} types) → ${args.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    process.stderr.write(`bench:gen: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
