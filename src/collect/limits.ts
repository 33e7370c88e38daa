import pLimit, { type LimitFunction } from 'p-limit';
import { UsageError } from '../errors.js';
import { isServiceName, SERVICES, type ServiceName } from './services.js';

/** Limits of concurrent requests per service, per account and region. */
export type ConcurrencyLimits = Record<ServiceName | 'sts' | 'config', number>;

/**
 * Defaults kept well inside the documented request quotas, which AWS applies per
 * account and region: EC2 describe calls refill at about 20/s, RDS describe calls
 * are a small token bucket, KMS allows hundreds of requests per second for the
 * read operations used here, and S3 bucket sub-resource reads scale widely.
 */
export const DEFAULT_CONCURRENCY: ConcurrencyLimits = {
  s3: 20,
  kms: 15,
  rds: 5,
  dynamodb: 10,
  ec2: 10,
  sqs: 10,
  sns: 10,
  lambda: 5,
  iot: 5,
  ssm: 5,
  opensearch: 5,
  dax: 5,
  elasticache: 5,
  efs: 5,
  kinesis: 5,
  firehose: 5,
  redshift: 5,
  athena: 5,
  emr: 5,
  glue: 5,
  secretsmanager: 5,
  cloudtrail: 5,
  acm: 5,
  // IAM's control plane is one global endpoint with low request quotas.
  iam: 3,
  backup: 5,
  glacier: 5,
  cloudfront: 5,
  redshiftserverless: 5,
  elbv2: 5,
  elb: 5,
  apigateway: 3,
  quicksight: 3,
  kinesisanalyticsv2: 5,
  cloudhsmv2: 3,
  sts: 2,
  config: 2,
};

/**
 * The most recovery points read from one AWS Backup vault: a vault can hold
 * millions, so a scan stops there and counts the vault as skipped on purpose.
 */
export const RECOVERY_POINTS_PER_VAULT = 1000;

/**
 * Parses `--concurrency`: one number for every service, or `service=n` pairs
 * (`s3=30,rds=3`) that override the defaults.
 */
export function parseConcurrency(value: string | undefined): ConcurrencyLimits {
  const limits = { ...DEFAULT_CONCURRENCY };
  if (value === undefined) return limits;
  const positive = (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`--concurrency: "${text}" is not a whole number from 1 to 1000`);
    return n;
  };
  if (/^\d+$/.test(value.trim())) {
    const n = positive(value.trim());
    for (const s of SERVICES) limits[s] = n;
    return limits;
  }
  for (const pair of value.split(',')) {
    const [name, n] = pair.split('=').map((p) => p.trim());
    if (!name || n === undefined || !isServiceName(name)) {
      throw new UsageError(`--concurrency: expected a number or service=number pairs (services: ${SERVICES.join(', ')}), got "${pair}"`);
    }
    limits[name] = positive(n);
  }
  return limits;
}

/** One p-limit per service, account and region, created on first use: quotas apply per account and region. */
export class Limiters {
  private readonly byKey = new Map<string, LimitFunction>();
  constructor(private readonly limits: ConcurrencyLimits) {}

  get(service: keyof ConcurrencyLimits, accountId: string, region: string): LimitFunction {
    const key = `${service}|${accountId}|${region}`;
    let limit = this.byKey.get(key);
    if (!limit) {
      limit = pLimit(this.limits[service]);
      this.byKey.set(key, limit);
    }
    return limit;
  }
}
