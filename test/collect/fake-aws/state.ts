import type { ApiGatewayState } from './apigateway.js';
import type { BackupVaultState } from './backup.js';
import type { ClassicLoadBalancerState } from './elb.js';
import type { LoadBalancerV2State } from './elbv2.js';
import type { IamState } from './iam.js';
import type { QuickSightState } from './quicksight.js';
import type { AccessPointState } from './s3-access-points.js';
import type { MultiRegionAccessPointState } from './s3-multi-region-access-points.js';
/**
 * The in-memory account the fake serves: what the write calls create and the
 * read calls report. One object shared by every service handler, so a key
 * created in KMS is the one an RDS instance, a table or a queue refers to.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const OWNER_ID = 'f00d0000000000000000000000000000000000000000000000000000000000aa';

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface BucketState {
  name: string;
  region: string;
  created: Date;
  encryption?: { algorithm: string; kmsKeyId?: string; bucketKeyEnabled?: boolean };
  policy?: string;
  versioning?: { status: string; mfaDelete?: string };
  publicAccessBlock?: PublicAccessBlock;
  tags?: Record<string, string>;
  /** The objects stored in the bucket (sealcheck's own snapshots and results), by key. */
  objects?: Map<string, StoredObject>;
}

/** An object as PutObject or CompleteMultipartUpload left it. */
export interface StoredObject {
  body: Buffer;
  etag: string;
  contentType?: string;
  /** How many parts it was uploaded in; 0 for one PutObject. */
  parts: number;
}

/** A multipart upload begun and neither completed nor aborted. */
export interface MultipartUploadState {
  bucket: string;
  key: string;
  contentType?: string;
  parts: Map<number, Buffer>;
}

export interface KeyState {
  id: string;
  arn: string;
  description: string;
  manager: 'CUSTOMER' | 'AWS';
  state: 'Enabled' | 'Disabled' | 'PendingDeletion';
  keySpec: string;
  keyUsage: string;
  created: Date;
  rotation: boolean;
  deletionDate?: Date;
  pendingWindowInDays?: number;
  policy: string;
  tags: Record<string, string>;
  /** ListGrants entries as the wire carries them. */
  grants?: Record<string, unknown>[];
}

export interface ParameterGroupState {
  name: string;
  family: string;
  description: string;
  parameters: Record<string, string>;
}

export interface DbInstanceState {
  id: string;
  resourceId: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  storageEncrypted: boolean;
  kmsKeyArn?: string;
  parameterGroup: string;
  iamAuth: boolean;
  publiclyAccessible: boolean;
  deletionProtection: boolean;
  tags: Record<string, string>;
}

export interface TableState {
  name: string;
  arn: string;
  created: Date;
  /** Absent: the default AWS owned key. */
  kmsKeyArn?: string;
  tags: Record<string, string>;
  /** The resource policy text; absent: none (GetResourcePolicy answers PolicyNotFoundException). */
  policy?: string;
}

export interface VolumeState {
  id: string;
  size: number;
  zone: string;
  volumeType: string;
  encrypted: boolean;
  kmsKeyArn?: string;
  created: Date;
  /** Instance ids the volume is attached to. */
  attachedTo: string[];
  tags: Record<string, string>;
}

export interface SnapshotState {
  id: string;
  volumeId: string;
  size: number;
  encrypted: boolean;
  /** Who may create volumes from it: `all` (public) or account ids. */
  createVolumePermission: string[];
}

export interface DbSnapshotState {
  id: string;
  instanceId: string;
  engine: string;
  encrypted: boolean;
  /** The `restore` attribute: `all` (public) or account ids. */
  restore: string[];
}

/** An RDS Proxy, as DescribeDBProxies lists it (one secret for its sign-in). */
export interface DbProxyState {
  name: string;
  engineFamily: string;
  requireTls: boolean;
  secretArn: string;
  tags: Record<string, string>;
}

/** A CloudFront distribution with one custom origin and its default behavior. */
export interface DistributionState {
  id: string;
  originDomain: string;
  originProtocolPolicy: string;
  viewerProtocolPolicy: string;
  /** An ACM certificate; absent: the CloudFront default certificate. */
  acmCertificateArn?: string;
  minimumProtocolVersion: string;
  tags: Record<string, string>;
}

/** A Redshift Serverless namespace; `kmsKeyId` is AWS_OWNED_KMS_KEY for the key Redshift owns. */
export interface ServerlessNamespaceState {
  name: string;
  kmsKeyId: string;
  logExports: string[];
  tags: Record<string, string>;
}

/** A Redshift Serverless workgroup; `require_ssl` is one of its config parameters. */
export interface ServerlessWorkgroupState {
  name: string;
  namespaceName: string;
  publiclyAccessible: boolean;
  requireSsl: string;
  tags: Record<string, string>;
}

export interface QueueState {
  name: string;
  attributes: Record<string, string>;
  tags: Record<string, string>;
}

/** Security Hub's findings by Id, how many times each was imported, and the findings to refuse first. */
export interface SecurityHubState {
  findings: Map<string, Record<string, unknown>>;
  imports: Map<string, number>;
  /** Findings answered in `FailedFindings` with `code`, `times` times, before they are taken. */
  reject: Map<string, { code: string; times: number }>;
}

/** Everything the account holds, for one region (eu-west-1) plus the account-wide S3 settings; buckets may sit in other regions. */
export interface AccountState {
  buckets: Map<string, BucketState>;
  accountPublicAccessBlock?: PublicAccessBlock;
  /** S3 Multi-Region Access Points (account-wide); absent: none. */
  multiRegionAccessPoints?: MultiRegionAccessPointState[];
  keys: Map<string, KeyState>;
  aliases: Map<string, string>;
  parameterGroups: Map<string, ParameterGroupState>;
  instances: Map<string, DbInstanceState>;
  dbSnapshots: Map<string, DbSnapshotState>;
  tables: Map<string, TableState>;
  volumes: Map<string, VolumeState>;
  snapshots: Map<string, SnapshotState>;
  ebsEncryptionByDefault: boolean;
  ebsDefaultKmsKeyId?: string;
  queues: Map<string, QueueState>;
  /** Multipart uploads in progress, by upload id. */
  uploads?: Map<string, MultipartUploadState>;
  dbProxies: Map<string, DbProxyState>;
  /** CloudFront (global), by distribution id. */
  distributions: Map<string, DistributionState>;
  serverlessNamespaces: Map<string, ServerlessNamespaceState>;
  serverlessWorkgroups: Map<string, ServerlessWorkgroupState>;
  /** IAM (global); absent: an account without users, roles or policies. */
  iam?: IamState;
  securityHub: SecurityHubState;
  /** Kinesis Data Analytics v2 applications, as DescribeApplication gives them, with their tags; absent: none. */
  analyticsApplications?: { detail: Record<string, unknown> & { ApplicationName: string; ApplicationARN: string }; tags: Record<string, string> }[];
  /** CloudHSM clusters and backups as DescribeClusters and DescribeBackups give them on the wire; absent: none. */
  cloudHsm?: { clusters: (Record<string, unknown> & { ClusterId: string })[]; backups: (Record<string, unknown> & { BackupId: string })[] };
  /** AWS Backup vaults; absent: an account without vaults. */
  backupVaults?: BackupVaultState[];
  /** Application, Network and Gateway Load Balancers; absent: none. */
  loadBalancersV2?: LoadBalancerV2State[];
  /** Classic Load Balancers; absent: none. */
  classicLoadBalancers?: ClassicLoadBalancerState[];
  /** API Gateway REST APIs and custom domain names; absent: none. */
  apiGateway?: ApiGatewayState;
  /** QuickSight; absent: the account never subscribed. */
  quickSight?: QuickSightState;
  /** S3 access points in the fake's region; absent: none. */
  accessPoints?: AccessPointState[];
  /** A counter for the ids the fake makes up (key ids, volume ids). */
  serial: number;
}

export function emptyAccount(): AccountState {
  return {
    buckets: new Map(),
    keys: new Map(),
    aliases: new Map(),
    parameterGroups: new Map(),
    instances: new Map(),
    dbSnapshots: new Map(),
    tables: new Map(),
    volumes: new Map(),
    snapshots: new Map(),
    ebsEncryptionByDefault: false,
    queues: new Map(),
    dbProxies: new Map(),
    distributions: new Map(),
    serverlessNamespaces: new Map(),
    serverlessWorkgroups: new Map(),
    securityHub: { findings: new Map(), imports: new Map(), reject: new Map() },
    serial: 0,
  };
}

/** A fresh, unique number formatted into `width` hex digits. */
export function nextHex(state: AccountState, width: number): string {
  state.serial += 1;
  return state.serial.toString(16).padStart(width, '0');
}
