import type { Resource } from '../inventory/resource.js';
import { STORE_ACTIONS } from './store-actions.js';

/** How a data store's key is named in its properties: a key id, key ARN, alias, `null` for the AWS managed default, or unknown. */
export type KeyRef =
  | { readonly kind: 'none' }
  | { readonly kind: 'kms'; readonly ref: string | null; readonly awsManagedAlias: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** What the access engine needs to know about one type of data store. */
interface StoreSpec {
  /** The service prefix, for `kms:ViaService` and RCP coverage. */
  readonly service: string;
  /** The property holding the resource policy; absent when the store type has none sealcheck collects. */
  readonly policyProperty?: string;
  readonly key: (p: Record<string, unknown>) => KeyRef;
  /** The encryption context the service sends to KMS for this store (its AWS documentation page). */
  readonly encryptionContext: (r: Resource) => Record<string, string>;
}

const notCollected = (p: string): KeyRef => ({ kind: 'unknown', reason: `${p} was not collected` });

function keyAt(property: string, alias: string) {
  return (p: Record<string, unknown>): KeyRef => {
    if (!(property in p)) return notCollected(property);
    const v = p[property];
    return typeof v === 'string' && v !== '' ? { kind: 'kms', ref: v, awsManagedAlias: alias } : { kind: 'none' };
  };
}

/** Per store type; the encryption contexts are the ones each service documents under "encryption context". */
const SPECS: Record<string, StoreSpec> = {
  'AWS::S3::Bucket': {
    service: 's3',
    policyProperty: 'policy',
    key: (p) => {
      if (!('encryption' in p)) return notCollected('encryption');
      const rule = (p.encryption as { rules?: { algorithm?: string; kmsKeyId?: string | null }[] } | null)?.rules?.[0];
      if (!rule || rule.algorithm === 'AES256') return { kind: 'none' };
      return { kind: 'kms', ref: rule.kmsKeyId ?? null, awsManagedAlias: 'alias/aws/s3' };
    },
    // S3 sends the object ARN ("Protecting data with SSE-KMS", S3 User Guide); `/*` stands for any object.
    encryptionContext: (r) => ({ 'aws:s3:arn': `${r.arn}/*` }),
  },
  'AWS::DynamoDB::Table': {
    service: 'dynamodb',
    key: (p) => {
      if (!('sse' in p)) return notCollected('sse');
      const sse = p.sse as { kmsMasterKeyArn?: string | null; sseType?: string | null } | null;
      if (!sse || (sse.sseType !== 'KMS' && !sse.kmsMasterKeyArn)) return { kind: 'none' };
      return { kind: 'kms', ref: sse.kmsMasterKeyArn ?? null, awsManagedAlias: 'alias/aws/dynamodb' };
    },
    encryptionContext: (r) => ({ 'aws:dynamodb:tableName': String(r.properties.tableName ?? r.name ?? ''), 'aws:dynamodb:subscriberId': r.accountId }),
  },
  'AWS::SQS::Queue': {
    service: 'sqs',
    policyProperty: 'policy',
    key: keyAt('kmsMasterKeyId', 'alias/aws/sqs'),
    encryptionContext: (r) => ({ 'aws:sqs:arn': r.arn }),
  },
  'AWS::SNS::Topic': {
    service: 'sns',
    policyProperty: 'policy',
    key: keyAt('kmsMasterKeyId', 'alias/aws/sns'),
    encryptionContext: (r) => ({ 'aws:sns:topicArn': r.arn }),
  },
  'AWS::SecretsManager::Secret': {
    service: 'secretsmanager',
    policyProperty: 'policy',
    key: (p) => {
      if (!('kmsKeyId' in p)) return notCollected('kmsKeyId');
      return { kind: 'kms', ref: typeof p.kmsKeyId === 'string' && p.kmsKeyId !== '' ? p.kmsKeyId : null, awsManagedAlias: 'alias/aws/secretsmanager' };
    },
    encryptionContext: (r) => ({ SecretARN: r.arn }),
  },
  'AWS::KMS::Key': {
    service: 'kms',
    policyProperty: 'keyPolicy',
    key: () => ({ kind: 'none' }),
    encryptionContext: () => ({}),
  },
};

/** The store spec of a resource type, when it is a data store the engine answers for. */
export function storeSpec(type: string): StoreSpec | undefined {
  return SPECS[type];
}

/** Whether a resource type is a data store (has actions per class). */
export function isDataStore(type: string): boolean {
  return type in STORE_ACTIONS && type in SPECS;
}

/**
 * The ARN an action is requested on: S3 object actions name an object, for
 * which `bucket/*` stands (a grant on a prefix only is not counted).
 */
export function requestArn(store: Resource, action: string): string {
  if (store.resourceType === 'AWS::S3::Bucket' && /object/i.test(action)) return `${store.arn}/*`;
  return store.arn;
}
