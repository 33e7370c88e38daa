import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { IoTClient } from '@aws-sdk/client-iot';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { DAXClient } from '@aws-sdk/client-dax';
import type { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { EFSClient } from '@aws-sdk/client-efs';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { RedshiftClient } from '@aws-sdk/client-redshift';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { EMRClient } from '@aws-sdk/client-emr';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { ACMClient } from '@aws-sdk/client-acm';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { BackupClient } from '@aws-sdk/client-backup';
import type { GlacierClient } from '@aws-sdk/client-glacier';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { QuickSightClient } from '@aws-sdk/client-quicksight';
import type { KinesisAnalyticsV2Client } from '@aws-sdk/client-kinesis-analytics-v2';
import type { CloudHSMV2Client } from '@aws-sdk/client-cloudhsm-v2';
import type { STSClient } from '@aws-sdk/client-sts';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** The SDK client of each kind the collectors use, by a short name. */
interface ClientTypes {
  s3: S3Client;
  s3control: S3ControlClient;
  kms: KMSClient;
  rds: RDSClient;
  dynamodb: DynamoDBClient;
  ec2: EC2Client;
  sqs: SQSClient;
  sns: SNSClient;
  lambda: LambdaClient;
  iot: IoTClient;
  ssm: SSMClient;
  opensearch: OpenSearchClient;
  dax: DAXClient;
  elasticache: ElastiCacheClient;
  efs: EFSClient;
  kinesis: KinesisClient;
  firehose: FirehoseClient;
  redshift: RedshiftClient;
  athena: AthenaClient;
  emr: EMRClient;
  glue: GlueClient;
  secretsmanager: SecretsManagerClient;
  cloudtrail: CloudTrailClient;
  acm: ACMClient;
  iam: IAMClient;
  backup: BackupClient;
  glacier: GlacierClient;
  cloudfront: CloudFrontClient;
  redshiftserverless: RedshiftServerlessClient;
  elbv2: ElasticLoadBalancingV2Client;
  elb: ElasticLoadBalancingClient;
  apigateway: APIGatewayClient;
  quicksight: QuickSightClient;
  kinesisanalyticsv2: KinesisAnalyticsV2Client;
  cloudhsmv2: CloudHSMV2Client;
  sts: STSClient;
  config: ConfigServiceClient;
  organizations: OrganizationsClient;
}

export type ClientKind = keyof ClientTypes;
export type ClientOf<K extends ClientKind> = ClientTypes[K];
type ClientClass = new (config: Record<string, unknown>) => ClientOf<ClientKind>;

/**
 * Where each client class comes from. An SDK client package takes tens of
 * milliseconds to load and all of them together about 1.6 s, so a module is
 * imported only when a run needs its kind ({@link loadClients}).
 */
const CLIENT_MODULES: Record<ClientKind, () => Promise<ClientClass>> = {
  s3: async () => (await import('@aws-sdk/client-s3')).S3Client,
  s3control: async () => (await import('@aws-sdk/client-s3-control')).S3ControlClient,
  kms: async () => (await import('@aws-sdk/client-kms')).KMSClient,
  rds: async () => (await import('@aws-sdk/client-rds')).RDSClient,
  dynamodb: async () => (await import('@aws-sdk/client-dynamodb')).DynamoDBClient,
  ec2: async () => (await import('@aws-sdk/client-ec2')).EC2Client,
  sqs: async () => (await import('@aws-sdk/client-sqs')).SQSClient,
  sns: async () => (await import('@aws-sdk/client-sns')).SNSClient,
  lambda: async () => (await import('@aws-sdk/client-lambda')).LambdaClient,
  iot: async () => (await import('@aws-sdk/client-iot')).IoTClient,
  ssm: async () => (await import('@aws-sdk/client-ssm')).SSMClient,
  opensearch: async () => (await import('@aws-sdk/client-opensearch')).OpenSearchClient,
  dax: async () => (await import('@aws-sdk/client-dax')).DAXClient,
  elasticache: async () => (await import('@aws-sdk/client-elasticache')).ElastiCacheClient,
  efs: async () => (await import('@aws-sdk/client-efs')).EFSClient,
  kinesis: async () => (await import('@aws-sdk/client-kinesis')).KinesisClient,
  firehose: async () => (await import('@aws-sdk/client-firehose')).FirehoseClient,
  redshift: async () => (await import('@aws-sdk/client-redshift')).RedshiftClient,
  athena: async () => (await import('@aws-sdk/client-athena')).AthenaClient,
  emr: async () => (await import('@aws-sdk/client-emr')).EMRClient,
  glue: async () => (await import('@aws-sdk/client-glue')).GlueClient,
  secretsmanager: async () => (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient,
  cloudtrail: async () => (await import('@aws-sdk/client-cloudtrail')).CloudTrailClient,
  acm: async () => (await import('@aws-sdk/client-acm')).ACMClient,
  iam: async () => (await import('@aws-sdk/client-iam')).IAMClient,
  backup: async () => (await import('@aws-sdk/client-backup')).BackupClient,
  glacier: async () => (await import('@aws-sdk/client-glacier')).GlacierClient,
  cloudfront: async () => (await import('@aws-sdk/client-cloudfront')).CloudFrontClient,
  redshiftserverless: async () => (await import('@aws-sdk/client-redshift-serverless')).RedshiftServerlessClient,
  elbv2: async () => (await import('@aws-sdk/client-elastic-load-balancing-v2')).ElasticLoadBalancingV2Client,
  elb: async () => (await import('@aws-sdk/client-elastic-load-balancing')).ElasticLoadBalancingClient,
  apigateway: async () => (await import('@aws-sdk/client-api-gateway')).APIGatewayClient,
  quicksight: async () => (await import('@aws-sdk/client-quicksight')).QuickSightClient,
  kinesisanalyticsv2: async () => (await import('@aws-sdk/client-kinesis-analytics-v2')).KinesisAnalyticsV2Client,
  // The registry holds only 3.332 of this client, on the older SDK core nested under it: its types fit,
  // but its runtime takes the settings in an older form (see {@link olderCoreConfig}).
  cloudhsmv2: async () => (await import('@aws-sdk/client-cloudhsm-v2')).CloudHSMV2Client,
  sts: async () => (await import('@aws-sdk/client-sts')).STSClient,
  config: async () => (await import('@aws-sdk/client-config-service')).ConfigServiceClient,
  organizations: async () => (await import('@aws-sdk/client-organizations')).OrganizationsClient,
};

/** Every client kind. */
export const CLIENT_KINDS = Object.keys(CLIENT_MODULES) as ClientKind[];

/**
 * Client classes loaded so far. Code, not data: what Node's module cache
 * holds anyway, the same for every run, so no run can see another's state here.
 */
const loadedClasses = new Map<ClientKind, ClientClass>();

/** Loads the client modules of these kinds (once per process); a {@link ClientPool} hands out only loaded kinds. */
export async function loadClients(kinds: Iterable<ClientKind>): Promise<void> {
  await Promise.all(
    [...new Set(kinds)].filter((k) => !loadedClasses.has(k)).map(async (k) => loadedClasses.set(k, await CLIENT_MODULES[k]())),
  );
}

/** The client kinds a service's collector uses besides its own. */
const EXTRA_CLIENTS: Partial<Record<ClientKind, readonly ClientKind[]>> = { s3: ['s3control'], iam: ['organizations'] };

/** The client kinds the collectors of these services use (each service is a kind of its own name). */
export function clientKindsFor(services: Iterable<ClientKind>): ClientKind[] {
  return [...services].flatMap((s) => [s, ...(EXTRA_CLIENTS[s] ?? [])]);
}

/** Settings shared by every client of a run. */
export interface ClientSettings {
  /** Custom endpoint for every service (LocalStack, moto, a test server); S3 then uses path-style addressing. */
  endpoint?: string;
  /** Attempts per request, the first included, under the SDK's adaptive retry mode. */
  maxAttempts: number;
  /** Milliseconds a request may wait for a response (and for a connection) before it fails with a timeout. */
  requestTimeoutMs: number;
  /**
   * Milliseconds to wait before retry `n` (0 for the first retry); the adaptive rate limiter then waits no longer than the
   * first delay between sends. Unset: the SDK's jittered exponential back-off and pacing, which is what AWS asks for;
   * tests set a short one so that retries do not cost real seconds.
   */
  retryDelayMs?: (n: number) => number;
  /** Lets tests and the benchmark adjust each client once it is made (e.g. add a middleware). */
  configure?: (client: ClientOf<ClientKind>, kind: ClientKind, region: string) => void;
}

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = { maxAttempts: 6, requestTimeoutMs: 30_000 };

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/**
 * The SDK configuration for one client: adaptive retries (the client keeps a
 * rate limiter that slows down when AWS throttles, which is why clients are reused),
 * bounded attempts, request timeouts, and the custom endpoint when there is one.
 */
export function clientConfig(kind: ClientKind | 'securityhub', region: string, credentials: Credentials | undefined, settings: ClientSettings): Record<string, unknown> {
  const config: Record<string, unknown> = {
    region,
    retryMode: 'adaptive',
    maxAttempts: settings.maxAttempts,
    requestHandler: { requestTimeout: settings.requestTimeoutMs, connectionTimeout: Math.min(settings.requestTimeoutMs, 10_000) },
  };
  const { retryDelayMs } = settings;
  if (retryDelayMs) {
    // The same adaptive strategy `retryMode` would make, with our back-off in place of the SDK's.
    const backoff = { computeNextBackoffDelay: retryDelayMs, setDelayBase: (): void => undefined };
    const rateLimiter = new DefaultRateLimiter({ minFillRate: 1000 / Math.max(1, retryDelayMs(0)) });
    config.retryStrategy = new AdaptiveRetryStrategy(settings.maxAttempts, { backoff, rateLimiter });
  }
  if (credentials) config.credentials = credentials;
  if (settings.endpoint) {
    config.endpoint = settings.endpoint;
    // S3 Control's endpoint rules put the account id in front of the host name,
    // which a custom endpoint (an IP address, localhost) does not have: go to it as given.
    if (kind === 's3control') {
      const url = new URL(settings.endpoint);
      config.disableHostPrefix = true;
      config.endpointProvider = () => ({ url });
    }
  }
  if (kind === 's3') {
    config.forcePathStyle = Boolean(settings.endpoint);
    // A bucket whose region could not be read is still reached: the SDK follows S3's redirect.
    config.followRegionRedirects = true;
    // ListBuckets lists general purpose buckets only; S3 Express session handling is work for nothing.
    config.disableS3ExpressSessionAuth = true;
  }
  return kind === 'cloudhsmv2' ? olderCoreConfig(config) : config;
}

/**
 * The same settings in the form a client on the older SDK core (3.3xx) takes: it
 * uses a `requestHandler` as given, so the timeouts go in a handler made here, and
 * its retry middleware asks the strategy for a token with no scope, which the
 * current strategy reads as a string.
 */
function olderCoreConfig(config: Record<string, unknown>): Record<string, unknown> {
  const older: Record<string, unknown> = { ...config, requestHandler: new NodeHttpHandler(config.requestHandler as { requestTimeout: number; connectionTimeout: number }) };
  const strategy = config.retryStrategy;
  if (strategy instanceof AdaptiveRetryStrategy) {
    older.retryStrategy = {
      mode: strategy.mode,
      acquireInitialRetryToken: (scope: string | undefined) => strategy.acquireInitialRetryToken(scope ?? ''),
      refreshRetryTokenForRetry: strategy.refreshRetryTokenForRetry.bind(strategy),
      recordSuccess: strategy.recordSuccess.bind(strategy),
    };
  }
  return older;
}

/** The clients of one account: one per service and region, made on first use and reused. */
export class ClientPool {
  private readonly clients = new Map<string, ClientOf<ClientKind>>();
  constructor(
    private readonly credentials: Credentials | undefined,
    private readonly settings: ClientSettings,
  ) {}

  get<K extends ClientKind>(kind: K, region: string): ClientOf<K> {
    const key = `${kind}|${region}`;
    let client = this.clients.get(key);
    if (!client) {
      const Class = loadedClasses.get(kind);
      // A caller that forgot loadClients() is a bug in sealcheck, not a condition of the account.
      if (!Class) throw new Error(`internal: the ${kind} client was asked for before loadClients() loaded it`);
      client = new Class(clientConfig(kind, region, this.credentials, this.settings));
      this.settings.configure?.(client, kind, region);
      this.clients.set(key, client);
    }
    return client as ClientOf<K>;
  }

  /** Closes the HTTP agents so the process can exit. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
