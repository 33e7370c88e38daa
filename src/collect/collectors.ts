import type { Collector } from './context.js';
import type { ServiceName } from './services.js';

/**
 * The collector of each service, imported when a run collects that service:
 * a collector module loads its AWS SDK package, which is most of a run's start-up time.
 */
export const COLLECTORS: Record<ServiceName, () => Promise<Collector>> = {
  s3: async () => (await import('./s3.js')).s3Collector,
  kms: async () => (await import('./kms.js')).kmsCollector,
  rds: async () => (await import('./rds.js')).rdsCollector,
  dynamodb: async () => (await import('./dynamodb.js')).dynamodbCollector,
  ec2: async () => (await import('./ec2.js')).ec2Collector,
  sqs: async () => (await import('./sqs.js')).sqsCollector,
  sns: async () => (await import('./sns.js')).snsCollector,
  lambda: async () => (await import('./lambda.js')).lambdaCollector,
  iot: async () => (await import('./iot.js')).iotCollector,
  ssm: async () => (await import('./ssm.js')).ssmCollector,
  opensearch: async () => (await import('./opensearch.js')).opensearchCollector,
  dax: async () => (await import('./dax.js')).daxCollector,
  elasticache: async () => (await import('./elasticache.js')).elasticacheCollector,
  efs: async () => (await import('./efs.js')).efsCollector,
  kinesis: async () => (await import('./kinesis.js')).kinesisCollector,
  firehose: async () => (await import('./firehose.js')).firehoseCollector,
  redshift: async () => (await import('./redshift.js')).redshiftCollector,
  athena: async () => (await import('./athena.js')).athenaCollector,
  emr: async () => (await import('./emr.js')).emrCollector,
  glue: async () => (await import('./glue.js')).glueCollector,
  secretsmanager: async () => (await import('./secretsmanager.js')).secretsmanagerCollector,
  cloudtrail: async () => (await import('./cloudtrail.js')).cloudtrailCollector,
  acm: async () => (await import('./acm.js')).acmCollector,
  iam: async () => (await import('./iam.js')).iamCollector,
  backup: async () => (await import('./backup.js')).backupCollector,
  glacier: async () => (await import('./glacier.js')).glacierCollector,
  cloudfront: async () => (await import('./cloudfront.js')).cloudfrontCollector,
  redshiftserverless: async () => (await import('./redshiftserverless.js')).redshiftserverlessCollector,
  elbv2: async () => (await import('./elbv2.js')).elbv2Collector,
  elb: async () => (await import('./elb.js')).elbCollector,
  apigateway: async () => (await import('./apigateway.js')).apigatewayCollector,
  quicksight: async () => (await import('./quicksight.js')).quicksightCollector,
  kinesisanalyticsv2: async () => (await import('./kinesisanalyticsv2.js')).kinesisanalyticsv2Collector,
  cloudhsmv2: async () => (await import('./cloudhsmv2.js')).cloudhsmv2Collector,
};
