import type { Category, Severity, Status } from '../engine/result.js';

/**
 * The data the ASFF report maps through, apart from the code that uses it.
 * Facts from Security Hub's ASFF documentation and API reference (as the
 * SDK's model types carry them; the test schema is generated from those).
 */

/** ASFF's severity labels. */
export type AsffSeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
/** ASFF's compliance statuses. */
export type AsffComplianceStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';
/** The partitions `Resources[].Partition` accepts. */
export type AsffPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** `Severity.Label` for each of our severities. */
export const ASFF_SEVERITY: Readonly<Record<Severity, AsffSeverityLabel>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

/**
 * `Compliance.Status` for each result status. Security Hub's own reading:
 * WARNING is "some information is missing" (our UNKNOWN), NOT_AVAILABLE is "the
 * check could not be performed" because of an outage or API error (our ERROR).
 */
export const ASFF_COMPLIANCE: Readonly<Record<Status, AsffComplianceStatus>> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  UNKNOWN: 'WARNING',
  ERROR: 'NOT_AVAILABLE',
};

const BEST_PRACTICES = 'Software and Configuration Checks/AWS Security Best Practices';

/** `Types` (namespace/category/classifier) for each rule category. */
export const ASFF_TYPES: Readonly<Record<Category, readonly string[]>> = {
  'encryption-at-rest': [BEST_PRACTICES],
  'encryption-in-transit': [BEST_PRACTICES],
  'key-management': [BEST_PRACTICES],
  'access-policy': [BEST_PRACTICES, 'Effects/Data Exposure'],
  'data-protection': [BEST_PRACTICES],
  logging: [BEST_PRACTICES],
};

/**
 * `Resources[].Type`: Security Hub's name for a CloudFormation-style type, for the
 * types Security Hub has details for (the keys of its `ResourceDetails`); every
 * other type is `Other`, as the ASFF documentation says.
 */
export const ASFF_RESOURCE_TYPE: Readonly<Record<string, string>> = {
  'AWS::Athena::WorkGroup': 'AwsAthenaWorkGroup',
  'AWS::DynamoDB::Table': 'AwsDynamoDbTable',
  'AWS::EC2::Volume': 'AwsEc2Volume',
  'AWS::Kinesis::Stream': 'AwsKinesisStream',
  'AWS::KMS::Key': 'AwsKmsKey',
  'AWS::Lambda::Function': 'AwsLambdaFunction',
  'AWS::OpenSearch::Domain': 'AwsOpenSearchServiceDomain',
  'AWS::RDS::DBCluster': 'AwsRdsDbCluster',
  'AWS::RDS::DBClusterSnapshot': 'AwsRdsDbClusterSnapshot',
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::RDS::DBSnapshot': 'AwsRdsDbSnapshot',
  'AWS::Redshift::Cluster': 'AwsRedshiftCluster',
  'AWS::S3::AccountPublicAccessBlock': 'AwsS3AccountPublicAccessBlock',
  'AWS::S3::Bucket': 'AwsS3Bucket',
  'AWS::SecretsManager::Secret': 'AwsSecretsManagerSecret',
  'AWS::SNS::Topic': 'AwsSnsTopic',
  'AWS::SQS::Queue': 'AwsSqsQueue',
};

export const ASFF_PARTITIONS: readonly AsffPartition[] = ['aws', 'aws-cn', 'aws-us-gov'];

/**
 * Length limits of the API reference (in characters). Longer text is cut
 * deliberately, ending in an ellipsis, rather than rejected by Security Hub.
 */
export const ASFF_LIMITS = {
  title: 256,
  description: 1024,
  recommendation: 512,
  productFieldValue: 2048,
} as const;
