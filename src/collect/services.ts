/** The services sealcheck collects from the AWS APIs, each one collector module. */
export const SERVICES = ['s3', 'kms', 'rds', 'dynamodb', 'ec2', 'sqs', 'sns', 'lambda', 'efs', 'kinesis', 'firehose', 'elasticache', 'dax', 'redshift', 'opensearch', 'ssm', 'athena', 'iot', 'emr', 'glue', 'secretsmanager', 'cloudtrail', 'acm', 'iam', 'backup', 'glacier', 'cloudfront', 'redshiftserverless', 'elbv2', 'elb', 'apigateway', 'quicksight', 'kinesisanalyticsv2', 'cloudhsmv2'] as const;

/** A collectable service, as named on the command line (`--services s3,kms`). */
export type ServiceName = (typeof SERVICES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICES as readonly string[]).includes(value);
}
