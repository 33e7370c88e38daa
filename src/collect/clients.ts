import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SNSClient } from '@aws-sdk/client-sns';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { IoTClient } from '@aws-sdk/client-iot';
import { SSMClient } from '@aws-sdk/client-ssm';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DAXClient } from '@aws-sdk/client-dax';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { EFSClient } from '@aws-sdk/client-efs';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { RedshiftClient } from '@aws-sdk/client-redshift';
import { AthenaClient } from '@aws-sdk/client-athena';
import { EMRClient } from '@aws-sdk/client-emr';
import { GlueClient } from '@aws-sdk/client-glue';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';

/** Every SDK client class the collectors use, by a short name. */
export const CLIENT_CLASSES = {
  s3: S3Client,
  s3control: S3ControlClient,
  kms: KMSClient,
  rds: RDSClient,
  dynamodb: DynamoDBClient,
  ec2: EC2Client,
  sqs: SQSClient,
  sns: SNSClient,
  lambda: LambdaClient,
  iot: IoTClient,
  ssm: SSMClient,
  opensearch: OpenSearchClient,
  dax: DAXClient,
  elasticache: ElastiCacheClient,
  efs: EFSClient,
  kinesis: KinesisClient,
  firehose: FirehoseClient,
  redshift: RedshiftClient,
  athena: AthenaClient,
  emr: EMRClient,
  glue: GlueClient,
  sts: STSClient,
  config: ConfigServiceClient,
  organizations: OrganizationsClient,
} as const;

export type ClientKind = keyof typeof CLIENT_CLASSES;
export type ClientOf<K extends ClientKind> = InstanceType<(typeof CLIENT_CLASSES)[K]>;

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
export function clientConfig(kind: ClientKind, region: string, credentials: Credentials | undefined, settings: ClientSettings): Record<string, unknown> {
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
  return config;
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
      const Class = CLIENT_CLASSES[kind] as unknown as new (config: Record<string, unknown>) => ClientOf<K>;
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
