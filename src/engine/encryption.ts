import type { Resource } from '../inventory/resource.js';
import type { SchemaNode } from '../inventory/resource-schemas.js';
import type { InventoryIndex } from './inventory-index.js';
import { own } from '../util/own.js';

/**
 * Encryption as a graded, cross-resource property. For every resource that
 * stores data the engine derives `$encryption`: how it is encrypted, joined
 * with the KMS key it uses, so that "encrypted with key K, and K is disabled"
 * is one fact a rule can test.
 */

export type EncryptionLevel = 'none' | 'sse' | 'aws-managed-kms' | 'customer-kms' | 'customer-kms-external' | 'customer-kms-hsm';

/** Why the key a resource depends on cannot be relied on. */
export type KeyProblem = 'disabled' | 'pending-deletion' | 'pending-import' | 'unavailable' | 'custom-key-store-disconnected' | 'material-expired' | 'material-expiring';

/** A derived value (`$encryption`, `$policy`): its known fields, and for each absent one why it is unknown. */
export interface Derived {
  values: Record<string, unknown>;
  missing: Record<string, string>;
}

/** What a resource's own properties say about its encryption, before the key is looked up. */
type Source =
  | { kind: 'none' }
  | { kind: 'sse' }
  /** The root key is kept in a hardware security module outside KMS (Redshift with CloudHSM or an on-premises HSM). */
  | { kind: 'hsm' }
  /** `customerManaged`: the source itself says the key is customer managed, though it may not name it (Firehose in AWS Config). */
  | { kind: 'kms'; keyRef: string | null; awsManagedAlias: string; customerManaged?: true }
  | { kind: 'unknown'; reason: string };

type Props = Record<string, unknown>;

const notCollected = (p: string): Source => ({ kind: 'unknown', reason: `${p} was not collected` });

function flagged(encryptedPath: string, keyPath: string, awsManagedAlias: string) {
  return (p: Props): Source => {
    if (!(encryptedPath in p)) return notCollected(encryptedPath);
    if (p[encryptedPath] !== true) return { kind: 'none' };
    if (!(keyPath in p)) return notCollected(keyPath);
    return { kind: 'kms', keyRef: (p[keyPath] as string | null) ?? null, awsManagedAlias };
  };
}

/** Per resource type: how to read its encryption. Adding a data store is one entry. */
const SOURCES: Record<string, (p: Props) => Source> = {
  'AWS::S3::Bucket': (p) => {
    if (!('encryption' in p)) return notCollected('encryption');
    const enc = p.encryption as { rules?: { algorithm?: string; kmsKeyId?: string | null }[] } | null;
    const rule = enc?.rules?.[0];
    if (!rule) return { kind: 'none' };
    if (rule.algorithm === 'AES256') return { kind: 'sse' };
    return { kind: 'kms', keyRef: rule.kmsKeyId ?? null, awsManagedAlias: 'alias/aws/s3' };
  },
  'AWS::EC2::Volume': flagged('encrypted', 'kmsKeyId', 'alias/aws/ebs'),
  'AWS::EC2::Snapshot': flagged('encrypted', 'kmsKeyId', 'alias/aws/ebs'),
  'AWS::RDS::DBInstance': flagged('storageEncrypted', 'kmsKeyId', 'alias/aws/rds'),
  'AWS::RDS::DBCluster': flagged('storageEncrypted', 'kmsKeyId', 'alias/aws/rds'),
  'AWS::RDS::DBSnapshot': flagged('encrypted', 'kmsKeyId', 'alias/aws/rds'),
  'AWS::RDS::DBClusterSnapshot': flagged('encrypted', 'kmsKeyId', 'alias/aws/rds'),
  'AWS::EFS::FileSystem': flagged('encrypted', 'kmsKeyId', 'alias/aws/elasticfilesystem'),
  'AWS::SSM::Parameter': (p) => {
    if (!('type' in p)) return notCollected('type');
    if (p.type !== 'SecureString') return { kind: 'none' };
    if (!('keyId' in p)) return notCollected('keyId');
    return { kind: 'kms', keyRef: (p.keyId as string | null) ?? null, awsManagedAlias: 'alias/aws/ssm' };
  },
  'AWS::OpenSearch::Domain': flagged('encryptionAtRestEnabled', 'kmsKeyId', 'alias/aws/es'),
  // DAX encrypts with the AWS managed key aws/dax and never with a key of the account's choosing.
  'AWS::DAX::Cluster': (p) =>
    !('sseStatus' in p) ? notCollected('sseStatus') : p.sseStatus === 'ENABLED' ? { kind: 'kms', keyRef: null, awsManagedAlias: 'alias/aws/dax' } : { kind: 'none' },
  'AWS::ElastiCache::ReplicationGroup': (p) => {
    if (!('atRestEncryptionEnabled' in p)) return notCollected('atRestEncryptionEnabled');
    if (p.atRestEncryptionEnabled !== true) return { kind: 'none' };
    if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
    // Without a customer managed key ElastiCache encrypts with a key it owns, not one in the account.
    return typeof p.kmsKeyId === 'string' && p.kmsKeyId !== '' ? { kind: 'kms', keyRef: p.kmsKeyId, awsManagedAlias: 'alias/aws/elasticache' } : { kind: 'sse' };
  },
  'AWS::DynamoDB::Table': (p) => {
    if (!('sse' in p)) return notCollected('sse');
    const sse = p.sse as { status?: string; sseType?: string | null; kmsMasterKeyArn?: string | null } | null;
    // Without an SSE description DynamoDB encrypts with a key AWS owns: encrypted, but not under the account's control.
    if (!sse || sse.status === 'DISABLED' || sse.status === 'DISABLING') return { kind: 'sse' };
    // SSEType KMS is the only kind DynamoDB has besides the AWS owned key, which has no key ARN: a table that names a KMS key uses it.
    const key = typeof sse.kmsMasterKeyArn === 'string' && sse.kmsMasterKeyArn !== '' ? sse.kmsMasterKeyArn : null;
    if (sse.sseType !== 'KMS' && key === null) return { kind: 'sse' };
    return { kind: 'kms', keyRef: key, awsManagedAlias: 'alias/aws/dynamodb' };
  },
  'AWS::SQS::Queue': (p) => {
    if (!('kmsMasterKeyId' in p)) return notCollected('kmsMasterKeyId');
    if (typeof p.kmsMasterKeyId === 'string' && p.kmsMasterKeyId !== '') return { kind: 'kms', keyRef: p.kmsMasterKeyId, awsManagedAlias: 'alias/aws/sqs' };
    if (!('sqsManagedSseEnabled' in p)) return notCollected('sqsManagedSseEnabled');
    return p.sqsManagedSseEnabled === true ? { kind: 'sse' } : { kind: 'none' };
  },
  'AWS::SNS::Topic': (p) => {
    if (!('kmsMasterKeyId' in p)) return notCollected('kmsMasterKeyId');
    return typeof p.kmsMasterKeyId === 'string' && p.kmsMasterKeyId !== ''
      ? { kind: 'kms', keyRef: p.kmsMasterKeyId, awsManagedAlias: 'alias/aws/sns' }
      : { kind: 'none' };
  },
  'AWS::Kinesis::Stream': (p) => {
    if (!('encryptionType' in p)) return notCollected('encryptionType');
    if (p.encryptionType !== 'KMS') return { kind: 'none' };
    if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
    return { kind: 'kms', keyRef: (p.kmsKeyId as string | null) ?? null, awsManagedAlias: 'alias/aws/kinesis' };
  },
  'AWS::Backup::BackupVault': (p) => {
    if (!('encryptionKeyArn' in p)) return notCollected('encryptionKeyArn');
    // AWS Backup always encrypts a vault, with the AWS managed key aws/backup unless the account chose its own.
    return { kind: 'kms', keyRef: (p.encryptionKeyArn as string | null) ?? null, awsManagedAlias: 'alias/aws/backup' };
  },
  'AWS::Backup::RecoveryPoint': (p) => {
    if (!('isEncrypted' in p)) return notCollected('isEncrypted');
    if (p.isEncrypted !== true) return { kind: 'none' };
    // A key AWS owns encrypts, but outside the account's control, as DynamoDB's default does.
    if (p.encryptionKeyType === 'AWS_OWNED_KMS_KEY') return { kind: 'sse' };
    if (!('encryptionKeyArn' in p)) return notCollected('encryptionKeyArn');
    // An encrypted point that names no key may be under its source's own key (EBS, RDS): the key cannot be told.
    if (typeof p.encryptionKeyArn !== 'string' || p.encryptionKeyArn === '') return { kind: 'unknown', reason: 'the recovery point is encrypted but its key is not named' };
    return { kind: 'kms', keyRef: p.encryptionKeyArn, awsManagedAlias: 'alias/aws/backup' };
  },
  'AWS::SecretsManager::Secret': (p) => {
    if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
    // Secrets Manager always encrypts; without a key of the account's it uses the AWS managed key.
    return { kind: 'kms', keyRef: (p.kmsKeyId as string | null) ?? null, awsManagedAlias: 'alias/aws/secretsmanager' };
  },
  'AWS::QuickSight::AccountSettings': (p) => {
    if (!('subscribed' in p)) return notCollected('subscribed');
    // An account without QuickSight keeps no SPICE data.
    if (p.subscribed !== true) return { kind: 'none' };
    if (!('spiceKmsKeyArn' in p)) return notCollected('spiceKmsKeyArn');
    // Without a registered key SPICE uses a key QuickSight owns; only customer managed keys can be registered.
    return typeof p.spiceKmsKeyArn === 'string' && p.spiceKmsKeyArn !== ''
      ? { kind: 'kms', keyRef: p.spiceKmsKeyArn, awsManagedAlias: 'alias/aws/quicksight', customerManaged: true }
      : { kind: 'sse' };
  },
  'AWS::KinesisAnalyticsV2::Application': (p) => {
    if (!('encryption' in p)) return notCollected('encryption');
    const enc = p.encryption as { keyType?: string | null; keyId?: string | null } | null;
    if (enc === null) return { kind: 'unknown', reason: 'a SQL application has no setting for its data at rest' };
    // AWS_OWNED_KEY encrypts, but with a key outside the account's control.
    if (enc.keyType !== 'CUSTOMER_MANAGED_KEY') return { kind: 'sse' };
    return { kind: 'kms', keyRef: enc.keyId ?? null, awsManagedAlias: 'alias/aws/kinesisanalytics', customerManaged: true };
  },
  'AWS::CloudTrail::Trail': (p) => {
    if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
    // Without a KMS key CloudTrail log files get SSE-S3 only; CloudTrail accepts only customer managed keys.
    return typeof p.kmsKeyId === 'string' && p.kmsKeyId !== '' ? { kind: 'kms', keyRef: p.kmsKeyId, awsManagedAlias: 'alias/aws/cloudtrail', customerManaged: true } : { kind: 'sse' };
  },
  'AWS::KinesisFirehose::DeliveryStream': (p) => {
    if (!('encryption' in p)) return notCollected('encryption');
    const sse = p.encryption as { status?: string; keyType?: string | null; keyArn?: string | null } | null;
    // Only ENABLED, and a failed attempt to turn it off, leave the stream encrypted; a stream being turned on or off is not counted on.
    if (!sse || !['ENABLED', 'DISABLING_FAILED'].includes(sse.status ?? '')) return { kind: 'none' };
    // An AWS owned key encrypts, but outside the account's control, as DynamoDB's default does.
    if (sse.keyType !== 'CUSTOMER_MANAGED_CMK') return { kind: 'sse' };
    // AWS Config records the key type without the key: customer managed is known, the key's state is not.
    if (!('keyArn' in sse)) return { kind: 'kms', keyRef: null, awsManagedAlias: 'alias/aws/firehose', customerManaged: true };
    return { kind: 'kms', keyRef: sse.keyArn ?? null, awsManagedAlias: 'alias/aws/firehose' };
  },
  'AWS::RedshiftServerless::Namespace': (p) => {
    if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
    // Redshift Serverless always encrypts; AWS_OWNED_KMS_KEY is a key Redshift owns, outside the account's control.
    return typeof p.kmsKeyId === 'string' && p.kmsKeyId !== '' && p.kmsKeyId !== 'AWS_OWNED_KMS_KEY'
      ? { kind: 'kms', keyRef: p.kmsKeyId, awsManagedAlias: 'alias/aws/redshift' }
      : { kind: 'sse' };
  },
  'AWS::Redshift::Cluster': (p) => {
    if (!('encrypted' in p)) return notCollected('encrypted');
    if (p.encrypted !== true) return { kind: 'none' };
    if (!('hsmConfigurationIdentifier' in p)) return notCollected('hsmConfigurationIdentifier');
    if (typeof p.hsmConfigurationIdentifier === 'string' && p.hsmConfigurationIdentifier !== '') return { kind: 'hsm' };
    if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
    return { kind: 'kms', keyRef: (p.kmsKeyId as string | null) ?? null, awsManagedAlias: 'alias/aws/redshift' };
  },
  'AWS::Athena::WorkGroup': (p) => {
    if (!('resultEncryption' in p)) return notCollected('resultEncryption');
    const enc = p.resultEncryption as { option?: string; kmsKey?: string | null } | null;
    if (!enc) return { kind: 'none' };
    if (enc.option === 'SSE_S3') return { kind: 'sse' };
    // Query results land in S3, so without a key of the account's S3's own AWS managed key is used.
    return { kind: 'kms', keyRef: enc.kmsKey ?? null, awsManagedAlias: 'alias/aws/s3' };
  },
  'AWS::Glue::DataCatalogEncryptionSettings': (p) => {
    if (!('catalogEncryptionMode' in p)) return notCollected('catalogEncryptionMode');
    if (p.catalogEncryptionMode !== 'SSE-KMS' && p.catalogEncryptionMode !== 'SSE-KMS-WITH-SERVICE-ROLE') return { kind: 'none' };
    if (!('catalogKmsKeyId' in p)) return notCollected('catalogKmsKeyId');
    return { kind: 'kms', keyRef: (p.catalogKmsKeyId as string | null) ?? null, awsManagedAlias: 'alias/aws/glue' };
  },
  'AWS::Glue::MLTransform': (p) => {
    if (!('mlUserDataEncryptionMode' in p)) return notCollected('mlUserDataEncryptionMode');
    if (p.mlUserDataEncryptionMode !== 'SSE-KMS') return { kind: 'none' };
    if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
    // The user data is kept in Amazon S3 with SSE-KMS: without a key of the account's, S3's own AWS managed key is used.
    return { kind: 'kms', keyRef: (p.kmsKeyId as string | null) ?? null, awsManagedAlias: 'alias/aws/s3' };
  },
  'AWS::Lambda::Function': (p) => {
    if (!('kmsKeyArn' in p)) return notCollected('kmsKeyArn');
    // Lambda always encrypts environment variables; without a key of the account's, with the AWS managed one.
    return { kind: 'kms', keyRef: (p.kmsKeyArn as string | null) ?? null, awsManagedAlias: 'alias/aws/lambda' };
  },
};

/** The fields of `$encryption`, for checking rule paths at load. */
export const ENCRYPTION_SCHEMA: SchemaNode = {
  type: 'object',
  additionalProperties: false,
  properties: {
    encrypted: { type: 'boolean' },
    /** Encrypted with a KMS key, AWS managed or customer managed, whether or not the key is in the inventory. */
    kms: { type: 'boolean' },
    level: { enum: ['none', 'sse', 'aws-managed-kms', 'customer-kms', 'customer-kms-external', 'customer-kms-hsm'] },
    keyRef: { type: ['string', 'null'] },
    keyArn: { type: ['string', 'null'] },
    keyState: { type: ['string', 'null'] },
    keyManager: { type: ['string', 'null'] },
    keyOrigin: { type: ['string', 'null'] },
    keyProblem: { type: ['string', 'null'] },
    /** The connection state of the custom key store the key lives in; null for a key outside one. */
    keyStoreState: { type: ['string', 'null'] },
    keyDeletionDate: { type: ['string', 'null'] },
    keyValidTo: { type: ['string', 'null'] },
  },
};

const DAY = 86_400_000;

function isAwsManagedAlias(ref: string): boolean {
  return /(^|:)alias\/aws\//.test(ref);
}

/**
 * The custom key store a key lives in, when the key names one and the store is
 * in the inventory. Only a CONNECTED store lets its keys be used; KMS also marks
 * the keys of a disconnected store Unavailable, so without the store the key's
 * own state still tells, with less of the reason.
 */
function storeOf(key: Resource, index: InventoryIndex): Resource | undefined {
  const id = key.properties.customKeyStoreId;
  return typeof id === 'string' && id !== '' ? index.resolve('AWS::KMS::CustomKeyStore', id, key) : undefined;
}

function keyProblem(key: Props, store: Resource | undefined, now: number, expiringDays: number): KeyProblem | null {
  switch (key.keyState) {
    case 'Disabled':
      return 'disabled';
    case 'PendingDeletion':
    case 'PendingReplicaDeletion':
      return 'pending-deletion';
    case 'PendingImport':
      return 'pending-import';
  }
  const connection = store?.properties.connectionState;
  if (typeof connection === 'string' && connection !== 'CONNECTED') return 'custom-key-store-disconnected';
  if (key.keyState === 'Unavailable') return 'unavailable';
  if (typeof key.validTo === 'string') {
    const validTo = Date.parse(key.validTo);
    if (validTo <= now) return 'material-expired';
    if (validTo - now <= expiringDays * DAY) return 'material-expiring';
  }
  return null;
}

function levelOf(key: Props): EncryptionLevel {
  if (key.keyManager === 'AWS') return 'aws-managed-kms';
  if (key.origin === 'AWS_CLOUDHSM' || key.origin === 'EXTERNAL_KEY_STORE' || (typeof key.customKeyStoreId === 'string' && key.customKeyStoreId !== '')) {
    return 'customer-kms-hsm';
  }
  if (key.origin === 'EXTERNAL') return 'customer-kms-external';
  return 'customer-kms';
}

const KEY_FIELDS = ['keyArn', 'keyState', 'keyManager', 'keyOrigin', 'keyProblem', 'keyStoreState', 'keyDeletionDate', 'keyValidTo'];
const LEVEL_AND_KEY_FIELDS = ['level', ...KEY_FIELDS];
const ALL_FIELDS = ['encrypted', 'kms', 'level', 'keyRef', ...KEY_FIELDS];

/** The account of a key named by ARN, undefined for an id or alias (relative to the resource's own account). */
function keyAccount(ref: string): string | undefined {
  return /^arn:aws[a-z-]*:kms:[^:]*:([0-9]{12}):/.exec(ref)?.[1];
}

/**
 * A customer managed key whose own record is not at hand: its manager is known, nothing else.
 * The level is the lowest customer managed one, as no more can be told without the key.
 */
function customerKeyNotInInventory(values: Record<string, unknown>, missing: Record<string, string>, reason: string): Derived {
  values.level = 'customer-kms';
  values.keyManager = 'CUSTOMER';
  for (const f of KEY_FIELDS) if (f !== 'keyManager') missing[f] = reason;
  return { values, missing };
}

/** Derives `$encryption` for a resource; undefined for types that hold no data. */
export function deriveEncryption(r: Resource, index: InventoryIndex, now: number, expiringDays = 30): Derived | undefined {
  const read = own(SOURCES, r.resourceType);
  if (!read) return undefined;
  const source = read(r.properties);
  const values: Record<string, unknown> = {};
  const missing: Record<string, string> = {};
  if (source.kind === 'unknown') {
    for (const f of ALL_FIELDS) missing[f] = source.reason;
    return { values, missing };
  }
  values.encrypted = source.kind !== 'none';
  values.kms = source.kind === 'kms';
  if (source.kind !== 'kms') {
    values.level = source.kind === 'hsm' ? 'customer-kms-hsm' : source.kind;
    values.keyRef = null;
    for (const f of KEY_FIELDS) values[f] = null;
    return { values, missing };
  }
  values.keyRef = source.keyRef;
  if (source.customerManaged && source.keyRef === null) {
    return customerKeyNotInInventory(values, missing, 'the source records a customer managed key without naming it');
  }
  const ref = source.keyRef ?? source.awsManagedAlias;
  const key = index.resolve('AWS::KMS::Key', ref, r);
  if (key) {
    const k = key.properties;
    values.level = levelOf(k);
    values.keyArn = key.arn;
    values.keyState = k.keyState ?? null;
    values.keyManager = k.keyManager ?? null;
    values.keyOrigin = k.origin ?? null;
    const store = storeOf(key, index);
    values.keyProblem = keyProblem(k, store, now, expiringDays);
    if (typeof k.customKeyStoreId !== 'string' || k.customKeyStoreId === '') values.keyStoreState = null;
    else if (store && typeof store.properties.connectionState === 'string') values.keyStoreState = store.properties.connectionState;
    else missing.keyStoreState = `custom key store "${k.customKeyStoreId}" is not in the inventory or its state was not read`;
    values.keyDeletionDate = k.deletionDate ?? null;
    values.keyValidTo = k.validTo ?? null;
    return { values, missing };
  }
  const reason = `KMS key "${ref}" is not in the inventory`;
  // AWS managed keys are always enabled and rotated by AWS, so their absence from the inventory hides nothing a rule asks.
  if (source.keyRef === null || isAwsManagedAlias(ref)) {
    values.level = 'aws-managed-kms';
    values.keyArn = null;
    values.keyState = 'Enabled';
    values.keyManager = 'AWS';
    values.keyOrigin = 'AWS_KMS';
    values.keyProblem = null;
    values.keyStoreState = null;
    values.keyDeletionDate = null;
    values.keyValidTo = null;
    return { values, missing };
  }
  // AWS managed keys serve only their own account: a key of another account is customer managed.
  const account = keyAccount(ref);
  if (account !== undefined && account !== r.accountId) return customerKeyNotInInventory(values, missing, `${reason} (a key of account ${account})`);
  for (const f of LEVEL_AND_KEY_FIELDS) missing[f] = reason;
  return { values, missing };
}
