import type { Faults } from './faults.js';
import { ACCOUNT, REGION, emptyAccount, type AccountState, type KeyState } from './state.js';

/** The two customer keys of {@link wireAccount}: the first rotated and named `alias/wire`, the second not rotated. */
export const ROTATED_KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const UNROTATED_KEY = '5678efgh-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${ROTATED_KEY}`;
const CREATED = new Date('2024-01-01T00:00:00.000Z');

function customerKey(id: string, rotation: boolean): KeyState {
  return {
    id,
    arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`,
    description: 'wire key',
    manager: 'CUSTOMER',
    state: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    created: CREATED,
    rotation,
    policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] }),
    tags: { owner: 'wire' },
  };
}

const BLOCK_ALL = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

/**
 * A small account with a good and a bad example of each resource the wire
 * tests read, in every service and protocol: S3 buckets (one encrypted,
 * TLS-only and versioned, one plain, one in another region), two KMS keys,
 * two EBS volumes and a public snapshot, two RDS instances with a TLS
 * parameter group and a public snapshot, two DynamoDB tables and two SQS queues.
 */
export function wireAccount(): AccountState {
  const state = emptyAccount();
  for (const key of [customerKey(ROTATED_KEY, true), customerKey(UNROTATED_KEY, false)]) state.keys.set(key.id, key);
  state.aliases.set('alias/wire', ROTATED_KEY);

  const tlsOnly = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::wire-encrypted', 'arn:aws:s3:::wire-encrypted/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
  };
  const created = new Date('2024-01-02T03:04:05.000Z');
  state.buckets.set('wire-encrypted', {
    name: 'wire-encrypted',
    region: REGION,
    created,
    encryption: { algorithm: 'aws:kms', kmsKeyId: KEY_ARN, bucketKeyEnabled: true },
    policy: JSON.stringify(tlsOnly),
    versioning: { status: 'Enabled', mfaDelete: 'Disabled' },
    publicAccessBlock: BLOCK_ALL,
    tags: { team: 'data' },
  });
  state.buckets.set('wire-plain', { name: 'wire-plain', region: REGION, created });
  state.buckets.set('wire-elsewhere', { name: 'wire-elsewhere', region: 'us-west-2', created });
  state.accountPublicAccessBlock = BLOCK_ALL;

  const volume = (id: string, encrypted: boolean) => ({
    id,
    size: 8,
    zone: `${REGION}a`,
    volumeType: 'gp3',
    encrypted,
    ...(encrypted ? { kmsKeyArn: KEY_ARN } : {}),
    created: CREATED,
    attachedTo: ['i-0abc'],
    tags: { Name: `${id}-name` },
  });
  state.volumes.set('vol-0001', volume('vol-0001', true));
  state.volumes.set('vol-0002', volume('vol-0002', false));
  state.snapshots.set('snap-0001', { id: 'snap-0001', volumeId: 'vol-0002', size: 8, encrypted: false, createVolumePermission: ['all'] });

  state.parameterGroups.set('tls-pg', { name: 'tls-pg', family: 'postgres16', description: 'forces TLS', parameters: { log_connections: '1', 'rds.force_ssl': '1' } });
  const instance = (id: string, encrypted: boolean) => ({
    id,
    resourceId: `db-${id.toUpperCase()}`,
    engine: 'postgres',
    engineVersion: '16.3',
    instanceClass: 'db.t4g.micro',
    storageEncrypted: encrypted,
    ...(encrypted ? { kmsKeyArn: KEY_ARN } : {}),
    parameterGroup: 'tls-pg',
    iamAuth: false,
    publiclyAccessible: false,
    deletionProtection: true,
    tags: { env: 'prod' },
  });
  state.instances.set('billing', instance('billing', true));
  state.instances.set('orders', instance('orders', false));
  state.dbSnapshots.set('orders-manual', { id: 'orders-manual', instanceId: 'orders', engine: 'postgres', encrypted: false, restore: ['all'] });

  const table = (name: string, kmsKeyArn?: string) => ({ name, arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`, created: CREATED, ...(kmsKeyArn ? { kmsKeyArn } : {}), tags: { app: 'shop' } });
  // carts lets a partner account read it through a resource policy; sessions has none.
  const cartsPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'dynamodb:GetItem', Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/carts` }] };
  state.tables.set('carts', { ...table('carts', KEY_ARN), policy: JSON.stringify(cartsPolicy) });
  state.tables.set('sessions', table('sessions'));

  const queue = (name: string, encryption: Record<string, string>) => ({
    name,
    attributes: { QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`, FifoQueue: 'false', SqsManagedSseEnabled: 'false', ...encryption },
    tags: { team: 'queues' },
  });
  state.queues.set('kms-queue', queue('kms-queue', { KmsMasterKeyId: 'alias/wire', KmsDataKeyReusePeriodSeconds: '300' }));
  state.queues.set('plain-queue', queue('plain-queue', {}));
  return state;
}

/** The list operations of {@link wireAccount} that {@link THROTTLED_LISTS_IN_TWO_PAGES} throttles once and pages. */
export const WIRE_LISTS = ['s3:ListBuckets', 'kms:ListKeys', 'dynamodb:ListTables', 'sqs:ListQueues', 'ec2:DescribeVolumes', 'rds:DescribeDBInstances'] as const;

/**
 * The first call of each list in {@link WIRE_LISTS} is throttled, and each
 * comes in two pages (as do the RDS parameters), so retries and pagination
 * are exercised end to end.
 */
export const THROTTLED_LISTS_IN_TWO_PAGES: Faults = {
  throttle: Object.fromEntries(WIRE_LISTS.map((op) => [op, { times: 1 }])),
  // wireAccount holds three buckets and two of everything else.
  pageSize: { ...Object.fromEntries(WIRE_LISTS.map((op) => [op, 1])), 's3:ListBuckets': 2, 'rds:DescribeDBParameters': 1 },
};
