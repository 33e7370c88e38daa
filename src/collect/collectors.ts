import type { Collector } from './context.js';
import type { ServiceName } from './services.js';
import { s3Collector } from './s3.js';
import { kmsCollector } from './kms.js';
import { rdsCollector } from './rds.js';
import { dynamodbCollector } from './dynamodb.js';
import { ec2Collector } from './ec2.js';
import { sqsCollector } from './sqs.js';
import { snsCollector } from './sns.js';
import { lambdaCollector } from './lambda.js';
import { iotCollector } from './iot.js';
import { ssmCollector } from './ssm.js';
import { opensearchCollector } from './opensearch.js';
import { daxCollector } from './dax.js';
import { elasticacheCollector } from './elasticache.js';
import { efsCollector } from './efs.js';
import { kinesisCollector } from './kinesis.js';
import { firehoseCollector } from './firehose.js';
import { redshiftCollector } from './redshift.js';
import { athenaCollector } from './athena.js';
import { emrCollector } from './emr.js';
import { glueCollector } from './glue.js';
import { secretsmanagerCollector } from './secretsmanager.js';

/** The collector of each service. */
export const COLLECTORS: Record<ServiceName, Collector> = {
  s3: s3Collector,
  kms: kmsCollector,
  rds: rdsCollector,
  dynamodb: dynamodbCollector,
  ec2: ec2Collector,
  sqs: sqsCollector,
  sns: snsCollector,
  lambda: lambdaCollector,
  iot: iotCollector,
  ssm: ssmCollector,
  opensearch: opensearchCollector,
  dax: daxCollector,
  elasticache: elasticacheCollector,
  efs: efsCollector,
  kinesis: kinesisCollector,
  firehose: firehoseCollector,
  redshift: redshiftCollector,
  athena: athenaCollector,
  emr: emrCollector,
  glue: glueCollector,
  secretsmanager: secretsmanagerCollector,
};
